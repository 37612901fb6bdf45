"""Read what the database holds about services for tagging: a few batched queries, no query per
service, and plans that stay good before the planner has statistics."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    PriorityTag,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.tagging.facts import GivenPriority, ServiceFacts
from directory.tagging.text import html_to_text, postcode_district

GIVEN = ("import", "editor")
CLASSIFYING = ("send-need", "sector", "service-type")


@dataclass
class StoredService:
    """What the database holds for one service, split into given and engine-owned parts."""

    facts: dict[str, Any] = field(default_factory=dict)
    given: dict[str, set[str]] = field(default_factory=dict)  # vocabulary -> codes
    types: set[str] = field(default_factory=set)
    districts: set[str] = field(default_factory=set)
    # (vocabulary, code) -> (attribute id, origin, value) of attributes the engine owns.
    owned: dict[tuple[str, str], tuple[uuid.UUID, str, str | None]] = field(default_factory=dict)
    given_priorities: list[GivenPriority] = field(default_factory=list)
    rule_tags: dict[str, tuple[uuid.UUID, str]] = field(default_factory=dict)


def load_services(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, StoredService]:
    """What the database holds about each of ``ids`` (missing ids are left out)."""
    stored: dict[uuid.UUID, StoredService] = {}
    rows = session.execute(
        select(
            Service.id,
            Service.name,
            Service.description_text,
            Service.description,
            Service.eligibility_description,
            Service.minimum_age,
            Service.maximum_age,
            Service.area_served,
            Organization.name,
            Organization.organization_type,
        )
        .join(Organization, Service.organization_id == Organization.id)
        .where(Service.id.in_(ids))
    )
    for row in rows:
        stored[row[0]] = StoredService(facts=dict(zip(_FACT_COLUMNS, row[1:], strict=True)))
    _load_attributes(session, ids, stored)
    _load_places(session, ids, stored)
    _load_tags(session, ids, stored)
    return stored


_FACT_COLUMNS = (
    "name",
    "description_text",
    "description",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "area_served",
    "organization_name",
    "organization_type",
)


def _load_attributes(
    session: Session, ids: Sequence[uuid.UUID], stored: dict[uuid.UUID, StoredService]
) -> None:
    # One table, one index (link_entity, link_id): a plan that stays good even before the
    # planner has statistics, e.g. right after a large import in the same transaction.
    terms = _classifying_terms(session)
    rows = session.execute(
        select(
            Attribute.id,
            Attribute.link_id,
            Attribute.origin,
            Attribute.value,
            Attribute.taxonomy_term_id,
        ).where(Attribute.link_entity == "service", Attribute.link_id.in_(ids))
    )
    for attribute_id, service_id, origin, value, term in rows:
        state = stored.get(service_id)
        if state is None or term not in terms:
            continue
        vocabulary_key, code = terms[term]
        if vocabulary_key == "service-type":
            state.types.add(code)
        elif origin in GIVEN:
            state.given.setdefault(vocabulary_key, set()).add(code)
        else:
            state.owned[(vocabulary_key, code)] = (attribute_id, origin, value)


def _classifying_terms(session: Session) -> dict[uuid.UUID, tuple[str, str]]:
    """Term id -> (vocabulary, code) for the vocabularies tagging reads and writes."""
    rows = session.execute(
        select(TaxonomyTerm.id, Taxonomy.vocabulary, TaxonomyTerm.code)
        .join(Taxonomy, TaxonomyTerm.taxonomy_id == Taxonomy.id)
        .where(Taxonomy.vocabulary.in_(CLASSIFYING))
    )
    return {term: (vocabulary_key, code) for term, vocabulary_key, code in rows}


def _load_places(
    session: Session, ids: Sequence[uuid.UUID], stored: dict[uuid.UUID, StoredService]
) -> None:
    rows = session.execute(
        select(
            ServiceAtLocation.service_id,
            Location.postcode,
            Address.postal_code,
            Address.address_type,
        )
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .outerjoin(Address, Address.location_id == Location.id)
        # Only places where the service is delivered say whether it is local.
        .where(ServiceAtLocation.service_id.in_(ids), Location.location_type == "physical")
    )
    for service_id, postcode, postal_code, address_type in rows:
        for value in (postcode, postal_code if address_type == "physical" else None):
            district = postcode_district(value)
            if district and service_id in stored:
                stored[service_id].districts.add(district)


def _load_tags(
    session: Session, ids: Sequence[uuid.UUID], stored: dict[uuid.UUID, StoredService]
) -> None:
    rows = session.execute(
        select(
            PriorityTag.id,
            PriorityTag.service_id,
            PriorityTag.priority_id,
            PriorityTag.reason,
            PriorityTag.origin,
        ).where(PriorityTag.service_id.in_(ids))
    )
    for tag_id, service_id, priority_id, reason, origin in rows:
        state = stored[service_id]
        if origin == "rule":
            state.rule_tags[priority_id] = (tag_id, reason)
        else:
            state.given_priorities.append(GivenPriority(priority_id, reason, origin))


def facts_of(service_id: uuid.UUID, state: StoredService) -> ServiceFacts:
    f = state.facts
    description = f["description_text"] or html_to_text(f["description"] or "")
    return ServiceFacts(
        id=str(service_id),
        name=f["name"] or "",
        description=description,
        eligibility=html_to_text(f["eligibility"] or ""),
        organization_name=f["organization_name"] or "",
        organization_type=f["organization_type"],
        sectors=frozenset(state.given.get("sector", ())),
        service_types=frozenset(state.types),
        needs=frozenset(state.given.get("send-need", ())),
        minimum_age=None if f["minimum_age"] is None else float(f["minimum_age"]),
        maximum_age=None if f["maximum_age"] is None else float(f["maximum_age"]),
        area_served=f["area_served"],
        postcode_districts=frozenset(state.districts),
        priorities=tuple(state.given_priorities),
    )
