"""Rules the demo content must keep, checked before anything is written.

They are the promises the feed makes to its readers: every code is in our vocabularies, every
venue and organisation exists, a service with a venue is delivered in person, descriptions are the
length a family will read, and costs are never "free" by omission.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import nh3

from directory.demo.build.content import AREAS, DAYS, STATUSES, ContentError
from directory.vocab import vocabulary

if TYPE_CHECKING:
    from directory.demo.build.content import Content, Service

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_WORDS, MAX_WORDS = 40, 150

_CODED_FIELDS = {
    "types": "service-type",
    "sectors": "sector",
    "needs": "send-need",
    "delivery": "delivery-method",
    "referral": "referral-route",
    "pfa": "pfa-outcome",
}


def description_words(html: str) -> int:
    """Words a reader sees: tags removed, entities such as &nbsp; count as spaces."""
    text = nh3.clean(html, tags=set())
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return len(text.split())


def check_content(content: Content) -> None:
    duplicates = [s for s, n in Counter(s.slug for s in content.services).items() if n > 1]
    if duplicates:
        raise ContentError(f"service slugs used more than once: {duplicates}")
    for venue in content.venues.values():
        for code in venue.access:
            if code not in vocabulary("accessibility-feature"):
                raise ContentError(f"venues.toml: {venue.key!r}: unknown access code {code!r}")
    for service in content.services:
        check_service(service, content)


def check_service(service: Service, content: Content) -> None:
    problems = _problems(service, content)
    if problems:
        raise ContentError(f"{service.source}: service {service.slug!r}: " + "; ".join(problems))


def _problems(service: Service, content: Content) -> list[str]:
    problems = [] if SLUG.match(service.slug) else ["slug must be lower-case words and hyphens"]
    for field, vocab in _CODED_FIELDS.items():
        problems += [
            f"{field}: {code!r} is not a {vocab} code"
            for code in getattr(service, field)
            if code not in vocabulary(vocab)
        ]
    problems += _reference_problems(service, content)
    problems += _shape_problems(service)
    return problems


def _reference_problems(service: Service, content: Content) -> list[str]:
    problems = []
    if service.org not in content.organisations:
        problems.append(f"organisation {service.org!r} is not in organisations.toml")
    problems += [
        f"venue {v!r} is not in venues.toml" for v in service.venues if v not in content.venues
    ]
    if service.cost not in vocabulary("cost-state"):
        problems.append(f"cost {service.cost!r} is not a cost-state code")
    if service.area not in AREAS:
        problems.append(f"area {service.area!r} is not one of {AREAS}")
    if service.status not in STATUSES:
        problems.append(f"status {service.status!r} is not one of {STATUSES}")
    return problems


def _shape_problems(service: Service) -> list[str]:
    problems = []
    words = description_words(service.description)
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"description has {words} words, not {MIN_WORDS} to {MAX_WORDS}")
    if service.venues and "in_person" not in service.delivery:
        problems.append("a service with venues is delivered in person")
    if not service.types or not service.sectors or not service.delivery or not service.referral:
        problems.append("types, sectors, delivery and referral are all required")
    if "ALL" in service.needs and len(service.needs) > 1:
        problems.append("need ALL stands alone")
    if service.cost == "paid" and not any(c.amount > 0 for c in service.costs):
        problems.append("cost 'paid' needs a cost option with an amount")
    if service.cost == "some_free" and not (service.costs or service.fees):
        problems.append("cost 'some_free' needs cost options or a fees text")
    if service.status != "active" and not service.alert:
        problems.append("a service that is not active needs an alert saying why")
    low, high = service.min_age, service.max_age
    if low is not None and high is not None and low > high:
        problems.append("minimum age is above maximum age")
    problems += [
        f"hours: unknown day {d!r}" for h in service.hours for d in h.days if d not in DAYS
    ]
    return problems
