"""Everything the service page shows, loaded in a fixed number of queries.

``load_service`` fetches a service with all its parts; ``service_details`` turns it into the
plain structures the template reads (classification names, priorities with their titles,
locations with opening times, provenance). The shortlist's CSV is built from the same objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from directory.localoffer import AuthorityConfig
from directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Provenance,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.vocab import vocabularies
from directory.web.demo import is_demo_service

LISTED_STATUSES = ("active", "temporarily closed")
STALE_AFTER = timedelta(days=365)

# The order and headings of the classification rows on the page.
SERVICE_VOCABULARIES = (
    "send-need",
    "service-type",
    "sector",
    "delivery-method",
    "referral-route",
    "pfa-outcome",
)

SOURCE_SYSTEMS = {
    "oruk": "Open Referral UK feed",
    "gias": "Get Information About Schools (Department for Education)",
    "cqc": "Care Quality Commission register",
    "ods": "NHS Organisation Data Service",
    "charity": "Charity Commission register",
    "demo": "Demonstration data",
    "editor": "Entered by a Local Offer editor",
}

TAG_ORIGINS = {
    "rule": "matched by the Local Offer's rules",
    "import": "given by the data source",
    "editor": "set by a Local Offer editor",
}


@dataclass(frozen=True)
class PriorityView:
    id: str
    label: str
    title: str
    reason: str
    origin: str


@dataclass(frozen=True)
class SourceView:
    source: str
    system: str
    first_seen: date
    last_seen: date
    withdrawn: date | None


@dataclass(frozen=True)
class LocationView:
    location: Location
    link: ServiceAtLocation
    features: tuple[str, ...]


@dataclass(frozen=True)
class ServiceDetails:
    service: Service
    terms: dict[str, tuple[str, ...]]
    priorities: tuple[PriorityView, ...]
    locations: tuple[LocationView, ...]
    sources: tuple[SourceView, ...]
    stale: bool
    demo: bool


def parse_service_id(value: str) -> uuid.UUID | None:
    """A service id from a URL or form; None for anything that is not a UUID."""
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        return None


def _options() -> list[ExecutableOption]:
    location = joinedload(ServiceAtLocation.location)
    return [
        joinedload(Service.organization).selectinload(Organization.phones),
        joinedload(Service.organization).selectinload(Organization.identifiers),
        selectinload(Service.phones),
        selectinload(Service.contacts).selectinload(Contact.phones),
        selectinload(Service.schedules),
        selectinload(Service.cost_options),
        selectinload(Service.languages),
        selectinload(Service.service_areas),
        selectinload(Service.priority_tags),
        selectinload(Service.attributes)
        .joinedload(Attribute.taxonomy_term)
        .joinedload(TaxonomyTerm.taxonomy),
        # A service has one or two places, each with a handful of rows per collection: one
        # joined query for all of them costs less than a query per collection.
        selectinload(Service.service_at_locations).options(
            joinedload(ServiceAtLocation.schedules),
            joinedload(ServiceAtLocation.phones),
            joinedload(ServiceAtLocation.contacts).joinedload(Contact.phones),
            location.joinedload(Location.addresses),
            location.joinedload(Location.accessibility),
            location.joinedload(Location.phones),
            location.joinedload(Location.schedules),
            location.joinedload(Location.languages),
            location.joinedload(Location.attributes)
            .joinedload(Attribute.taxonomy_term)
            .joinedload(TaxonomyTerm.taxonomy),
        ),
    ]


def load_services(session: Session, ids: Sequence[uuid.UUID]) -> list[Service]:
    """The services with these ids and every part the pages show, in the order given."""
    if not ids:
        return []
    rows = session.scalars(select(Service).where(Service.id.in_(ids)).options(*_options()))
    by_id = {service.id: service for service in rows.unique()}
    return [by_id[i] for i in ids if i in by_id]


def load_service(session: Session, service_id: uuid.UUID) -> Service | None:
    found = load_services(session, [service_id])
    return found[0] if found else None


def term_names(attributes: Sequence[Attribute], vocabulary_key: str) -> tuple[str, ...]:
    """Names of the terms of one vocabulary, in the vocabulary's order, without repeats."""
    vocab = vocabularies().get(vocabulary_key)
    found: dict[str, tuple[int, str]] = {}
    for attribute in attributes:
        term = attribute.taxonomy_term
        key = attribute.link_type or term.taxonomy.vocabulary
        if key != vocabulary_key or term.code in found:
            continue
        if vocab is not None and term.code in vocab:
            known = vocab[term.code]
            found[term.code] = (known.position, known.name)
        else:
            found[term.code] = (len(found) + 1000, term.name)
    return tuple(name for _, name in sorted(found.values()))


def priority_views(service: Service, config: AuthorityConfig) -> tuple[PriorityView, ...]:
    views = []
    for tag in service.priority_tags:
        try:
            priority = config.priority(tag.priority_id)
            label, title = priority.label, priority.title
        except KeyError:  # a tag for a priority this configuration no longer has
            label, title = tag.priority_id, ""
        views.append(
            PriorityView(
                id=tag.priority_id,
                label=label,
                title=title,
                reason=tag.reason,
                origin=TAG_ORIGINS.get(tag.origin, tag.origin),
            )
        )
    order = {p.id: n for n, p in enumerate(config.priorities)}
    return tuple(sorted(views, key=lambda v: (order.get(v.id, len(order)), v.id)))


def source_views(session: Session, service: Service) -> tuple[SourceView, ...]:
    rows = session.scalars(
        select(Provenance)
        .where(Provenance.entity_type == "service", Provenance.entity_id == service.id)
        .order_by(Provenance.first_seen)
    )
    return tuple(
        SourceView(
            source=row.source,
            system=SOURCE_SYSTEMS.get(row.source_system, row.source_system),
            first_seen=row.first_seen.date(),
            last_seen=row.last_seen.date(),
            withdrawn=row.withdrawn_at.date() if row.withdrawn_at else None,
        )
        for row in rows
    )


def location_views(service: Service) -> tuple[LocationView, ...]:
    views = []
    for link in service.service_at_locations:
        features = term_names(link.location.attributes, "accessibility-feature")
        views.append(LocationView(location=link.location, link=link, features=features))
    # Physical places first, then online or postal ones; by name within each.
    views.sort(key=lambda v: (v.location.location_type != "physical", v.location.name or ""))
    return tuple(views)


def is_stale(assured: date | None, today: date) -> bool:
    """Not checked in the last 12 months (or never)."""
    return assured is None or today - assured > STALE_AFTER


def service_details(
    session: Session, service: Service, config: AuthorityConfig, today: date
) -> ServiceDetails:
    return ServiceDetails(
        service=service,
        terms={key: term_names(service.attributes, key) for key in SERVICE_VOCABULARIES},
        priorities=priority_views(service, config),
        locations=location_views(service),
        sources=source_views(session, service),
        stale=is_stale(service.assured_date, today),
        demo=is_demo_service(session, service),
    )
