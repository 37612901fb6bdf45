"""Listing objects: what one search result says about a service, for every rendering.

The JSON API, the CSV export and the HTML pages all show a search as a list of ``Listing``
objects built by ``load_listings`` (search hits + database rows, in a handful of queries), and
the JSON and CSV renderings come from ``listing_json`` / ``listing_row``. One function computes
each answer; the renderings only format it.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig
from directory.models import (
    Attribute,
    Location,
    Organization,
    PriorityTag,
    Service,
)
from directory.search import SearchHit
from directory.vocab import term_id, vocabulary

SUMMARY_CHARS = 200
# Vocabularies a listing shows, by the field name it shows them under.
LISTED = {
    "needs": "send-need",
    "sectors": "sector",
    "service_types": "service-type",
    "delivery": "delivery-method",
    "referral": "referral-route",
}


@dataclass(frozen=True)
class Coded:
    code: str
    label: str


@dataclass(frozen=True)
class PriorityReason:
    id: str
    label: str
    reason: str
    origin: str


@dataclass(frozen=True)
class NearestLocation:
    id: uuid.UUID
    name: str | None
    postcode: str | None
    distance_km: float | None


@dataclass(frozen=True)
class Listing:
    id: uuid.UUID
    name: str
    organization_id: uuid.UUID
    organization: str
    summary: str
    minimum_age: Decimal | None
    maximum_age: Decimal | None
    cost: Coded
    classified: dict[str, tuple[Coded, ...]]
    priorities: tuple[PriorityReason, ...]
    last_checked: date | None
    status: str
    score: float = 0.0
    distance_km: float | None = None
    nearest_location: NearestLocation | None = None
    remote: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()

    @property
    def age_range(self) -> str:
        return age_range_label(self.minimum_age, self.maximum_age)


def _years(age: Decimal) -> str:
    return str(int(age)) if age == int(age) else f"{age.normalize():f}"


def age_range_label(low: Decimal | None, high: Decimal | None) -> str:
    if low is None and high is None:
        return "All ages"
    if high is None:
        assert low is not None
        return f"{_years(low)} and over"
    if low is None:
        return f"Up to {_years(high)}"
    return f"{_years(low)} to {_years(high)}"


def summary_of(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence (HSDS guidance: consumers show it as a summary), cut at a word."""
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    first = match.group(1) if match else flat
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def load_listings(
    session: Session, config: AuthorityConfig, hits: Sequence[SearchHit]
) -> list[Listing]:
    """The listings for ``hits``, in the hits' order. Services gone from the database since the
    index was built are left out (the index catches up within seconds)."""
    ids = [hit.service_id for hit in hits]
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.execute(
            select(
                Service.id,
                Service.name,
                Service.description_text,
                Service.minimum_age,
                Service.maximum_age,
                Service.cost_state,
                Service.assured_date,
                Service.status,
                Service.organization_id,
                Organization.name.label("organization"),
            )
            .join(Organization, Organization.id == Service.organization_id)
            .where(Service.id.in_(ids))
        )
    }
    terms = classifications(session, ids)
    priorities = priority_reasons(session, config, ids)
    places = _locations(session, [h.nearest_location_id for h in hits if h.nearest_location_id])
    listings = []
    for hit in hits:
        row = rows.get(hit.service_id)
        if row is None:
            continue
        place = places.get(hit.nearest_location_id) if hit.nearest_location_id else None
        listings.append(
            Listing(
                id=row.id,
                name=row.name,
                organization_id=row.organization_id,
                organization=row.organization,
                summary=summary_of(row.description_text or ""),
                minimum_age=row.minimum_age,
                maximum_age=row.maximum_age,
                cost=Coded(row.cost_state, vocabulary("cost-state")[row.cost_state].name),
                classified={
                    field: tuple(terms.get(row.id, {}).get(key, ()))
                    for field, key in LISTED.items()
                },
                priorities=priorities.get(row.id, ()),
                last_checked=row.assured_date,
                status=row.status,
                score=hit.score,
                distance_km=hit.distance_km,
                nearest_location=NearestLocation(
                    place.id, place.name, place.postcode, hit.distance_km
                )
                if place
                else None,
                remote=hit.remote,
                matched=hit.matched,
            )
        )
    return listings


@cache
def _listed_terms() -> dict[uuid.UUID, tuple[str, Coded, int]]:
    """Stable term id -> (vocabulary, term, position) for the vocabularies a listing shows."""
    return {
        term_id(key, term.code): (key, Coded(term.code, term.name), term.position)
        for key in (*LISTED.values(), "accessibility-feature", "pfa-outcome")
        for term in vocabulary(key).terms
    }


def classifications(
    session: Session, ids: Sequence[uuid.UUID], entity: str = "service"
) -> dict[uuid.UUID, dict[str, list[Coded]]]:
    """vocabulary key -> terms, per row, in each vocabulary's own order. Terms are known by their
    stable ids, so only the attribute rows are read."""
    known = _listed_terms()
    found: dict[uuid.UUID, dict[str, list[tuple[int, Coded]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = session.execute(
        select(Attribute.link_id, Attribute.taxonomy_term_id).where(
            Attribute.link_entity == entity, Attribute.link_id.in_(ids)
        )
    )
    for link_id, term in rows:
        if term in known:
            key, coded, position = known[term]
            found[link_id][key].append((position, coded))
    return {
        link_id: {key: [c for _, c in sorted(set(terms))] for key, terms in by_key.items()}
        for link_id, by_key in found.items()
    }


def priority_reasons(
    session: Session, config: AuthorityConfig, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[PriorityReason, ...]]:
    known = {p.id: p for p in config.priorities}
    found: dict[uuid.UUID, list[PriorityReason]] = defaultdict(list)
    rows = session.execute(
        select(
            PriorityTag.service_id, PriorityTag.priority_id, PriorityTag.reason, PriorityTag.origin
        )
        .where(PriorityTag.service_id.in_(ids))
        .order_by(PriorityTag.service_id, PriorityTag.priority_id)
    )
    for service_id, priority_id, reason, origin in rows:
        if priority_id in known:  # a tag for a priority the configuration no longer has
            found[service_id].append(
                PriorityReason(priority_id, known[priority_id].label, reason, origin)
            )
    return {k: tuple(v) for k, v in found.items()}


def _locations(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    if not ids:
        return {}
    rows = session.execute(
        select(Location.id, Location.name, Location.postcode).where(Location.id.in_(ids))
    )
    return {row.id: row for row in rows}


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def _coded(items: Sequence[Coded]) -> list[dict[str, str]]:
    return [{"code": c.code, "label": c.label} for c in items]


def listing_json(listing: Listing, links: dict[str, str]) -> dict[str, Any]:
    """The JSON API's item; ``links`` are the addresses of the same service elsewhere."""
    body: dict[str, Any] = {
        "id": str(listing.id),
        "name": listing.name,
        "organization": {"id": str(listing.organization_id), "name": listing.organization},
        "summary": listing.summary,
        "status": listing.status,
        "age_range": {
            "minimum_age": _number(listing.minimum_age),
            "maximum_age": _number(listing.maximum_age),
            "label": listing.age_range,
        },
        **{field: _coded(listing.classified[field]) for field in LISTED},
        "priorities": [
            {"id": p.id, "label": p.label, "reason": p.reason, "origin": p.origin}
            for p in listing.priorities
        ],
        "cost": {"code": listing.cost.code, "label": listing.cost.label},
        "last_checked": listing.last_checked.isoformat() if listing.last_checked else None,
        "score": listing.score,
        "matched": list(listing.matched),
        "links": links,
    }
    if listing.distance_km is not None or listing.remote:
        body["distance_km"] = listing.distance_km
        body["remote"] = list(listing.remote)
    if listing.nearest_location is not None:
        place = listing.nearest_location
        body["nearest_location"] = {
            "id": str(place.id),
            "name": place.name,
            "postcode": place.postcode,
            "distance_km": place.distance_km,
        }
    return body


CSV_HEADER = (
    "Name",
    "Provider",
    "Summary",
    "Ages",
    "Needs",
    "Sectors",
    "Service types",
    "How delivered",
    "How to get it",
    "Cost",
    "Priorities",
    "Distance (km)",
    "Nearest venue postcode",
    "Last checked",
    "Link",
)


def listing_row(listing: Listing, link: str) -> list[str]:
    """One CSV row for professionals' shortlists (labels, not codes)."""

    def labels(field: str) -> str:
        return "; ".join(c.label for c in listing.classified[field])

    place = listing.nearest_location
    return [
        listing.name,
        listing.organization,
        listing.summary,
        listing.age_range,
        labels("needs"),
        labels("sectors"),
        labels("service_types"),
        labels("delivery"),
        labels("referral"),
        listing.cost.label,
        "; ".join(f"{p.id} {p.label}" for p in listing.priorities),
        "" if listing.distance_km is None else f"{listing.distance_km:.1f}",
        (place.postcode or "") if place else "",
        listing.last_checked.isoformat() if listing.last_checked else "",
        link,
    ]
