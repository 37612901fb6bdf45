"""The ORUK filters as SQL, and loading rows for the list and detail renderings.

Filters combine with AND (HSDS). Ages match by range overlap, as SEND directories do: a service
for ages 5-11 is found by ``minimum_age=10`` and by ``maximum_age=6``; an open end matches any
age. ``start_time``/``end_time``/``day`` follow the UK profile's wording against any one of the
service's schedules (its own, its venues' or its service-at-location ones): it opens at or after
``start_time``, closes at or before ``end_time``, and runs on ``day``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from directory.errors import BadRequest
from directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# What the feed publishes: services families can use now, and those closed for a while.
PUBLISHED = ("active", "temporarily closed")


@dataclass(frozen=True)
class ServiceFilter:
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    minimum_age: Decimal | None = None
    maximum_age: Decimal | None = None
    start_time: time | None = None
    end_time: time | None = None
    day: str | None = None
    modified_after: datetime | None = None


def check_references(session: Session, chosen: ServiceFilter) -> None:
    """An unknown taxonomy or term id is a mistake worth saying, not an empty page."""
    if chosen.taxonomy_term_id and session.get(TaxonomyTerm, chosen.taxonomy_term_id) is None:
        raise BadRequest(
            f"taxonomy_term_id: there is no taxonomy term {chosen.taxonomy_term_id}; "
            "see /oruk/taxonomy_terms",
            parameter="taxonomy_term_id",
        )
    if chosen.taxonomy_id and session.get(Taxonomy, chosen.taxonomy_id) is None:
        raise BadRequest(
            f"taxonomy_id: there is no taxonomy {chosen.taxonomy_id}; see /oruk/taxonomies",
            parameter="taxonomy_id",
        )


def service_conditions(chosen: ServiceFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Service.status.in_(PUBLISHED)]
    tagged = and_(Attribute.link_entity == "service", Attribute.link_id == Service.id)
    if chosen.taxonomy_term_id:
        conditions.append(
            exists().where(tagged, Attribute.taxonomy_term_id == chosen.taxonomy_term_id)
        )
    if chosen.taxonomy_id:
        conditions.append(
            exists()
            .where(tagged, TaxonomyTerm.id == Attribute.taxonomy_term_id)
            .where(TaxonomyTerm.taxonomy_id == chosen.taxonomy_id)
        )
    if chosen.organization_id:
        conditions.append(Service.organization_id == chosen.organization_id)
    if chosen.minimum_age is not None:
        conditions.append(
            or_(Service.maximum_age.is_(None), Service.maximum_age >= chosen.minimum_age)
        )
    if chosen.maximum_age is not None:
        conditions.append(
            or_(Service.minimum_age.is_(None), Service.minimum_age <= chosen.maximum_age)
        )
    if chosen.modified_after is not None:
        conditions.append(Service.last_modified >= chosen.modified_after)
    if chosen.start_time or chosen.end_time or chosen.day:
        conditions.append(_scheduled(chosen))
    return conditions


def _scheduled(chosen: ServiceFilter) -> ColumnElement[bool]:
    times: list[ColumnElement[bool]] = []
    if chosen.start_time is not None:
        times.append(Schedule.opens_at >= chosen.start_time.strftime("%H:%M"))
    if chosen.end_time is not None:
        times.append(Schedule.closes_at <= chosen.end_time.strftime("%H:%M"))
    if chosen.day is not None:
        times.append(Schedule.byday.contains(chosen.day))
    own = exists().where(Schedule.service_id == Service.id, *times)
    placed = (
        exists()
        .where(ServiceAtLocation.service_id == Service.id)
        .where(
            or_(
                Schedule.location_id == ServiceAtLocation.location_id,
                Schedule.service_at_location_id == ServiceAtLocation.id,
            )
        )
        .where(*times)
    )
    return or_(own, placed)


def ordered_services(chosen: ServiceFilter) -> Select[Any]:
    return select(Service.id).where(*service_conditions(chosen)).order_by(Service.name, Service.id)


def load_services(session: Session, ids: Sequence[uuid.UUID], *, full: bool) -> list[Service]:
    """Services in the order of ``ids``, with what their rendering needs loaded up front."""
    if not ids:
        return []
    options = [joinedload(Service.organization)]
    if full:
        options += _full_options()
    found = {
        s.id: s
        for s in session.scalars(
            select(Service).where(Service.id.in_(ids)).options(*options)
        ).unique()
    }
    return [found[i] for i in ids if i in found]


def _full_options() -> list[Any]:
    place = selectinload(Service.service_at_locations)
    location = place.selectinload(ServiceAtLocation.location)
    return [
        joinedload(Service.organization).selectinload(Organization.identifiers),
        joinedload(Service.organization).selectinload(Organization.phones),
        selectinload(Service.phones),
        selectinload(Service.schedules),
        selectinload(Service.service_areas),
        selectinload(Service.languages),
        selectinload(Service.cost_options),
        selectinload(Service.contacts).selectinload(Contact.phones),
        selectinload(Service.attributes),
        selectinload(Service.priority_tags),
        place.selectinload(ServiceAtLocation.schedules),
        place.selectinload(ServiceAtLocation.phones),
        place.selectinload(ServiceAtLocation.contacts),
        location.selectinload(Location.addresses),
        location.selectinload(Location.accessibility),
        location.selectinload(Location.phones),
        location.selectinload(Location.schedules),
        location.selectinload(Location.languages),
        location.selectinload(Location.attributes),
    ]


def vocabularies(session: Session) -> dict[uuid.UUID, str]:
    """Taxonomy id -> vocabulary key (our profile's ``taxonomy_term.taxonomy``)."""
    return {tid: key for tid, key in session.execute(select(Taxonomy.id, Taxonomy.vocabulary))}  # noqa: C416
