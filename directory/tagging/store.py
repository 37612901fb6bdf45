"""Store tagging results: rule priority tags, derived sectors and inferred needs.

``tag_services`` recomputes what the engine owns and leaves alone what imports and editors set:
- priority tags with origin "rule" (a priority tagged by an import or editor gets no rule tag);
- sector attributes with origin "rule" (only when no import or editor gave a sector);
- need attributes with origin "inferred" (only when no import or editor gave a need), with the
  words that implied each need in the attribute's ``value``.

It works in batches with a handful of queries each (no query per service) and writes only the
differences, so re-tagging an unchanged directory writes nothing; ``service.last_modified`` moves
only for services whose tags changed. It never commits: the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig
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
    utcnow,
)
from directory.tagging.engine import Tagger
from directory.tagging.facts import GivenPriority, ServiceFacts, Tagging
from directory.tagging.text import html_to_text, postcode_district
from directory.vocab import term_id

BATCH_SIZE = 500
GIVEN = ("import", "editor")
CLASSIFYING = ("send-need", "sector", "service-type")


@dataclass
class TagReport:
    services: int = 0
    changed: int = 0
    priorities_added: int = 0
    priorities_removed: int = 0
    priorities_updated: int = 0
    needs_added: int = 0
    needs_removed: int = 0
    sectors_added: int = 0
    sectors_removed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def summary(self) -> str:
        return (
            f"{self.services} services tagged, {self.changed} changed; priority tags "
            f"+{self.priorities_added} -{self.priorities_removed} ~{self.priorities_updated}; "
            f"inferred needs +{self.needs_added} -{self.needs_removed}; "
            f"derived sectors +{self.sectors_added} -{self.sectors_removed}"
        )


@dataclass
class _Stored:
    """What the database holds for one service, split into given and engine-owned parts."""

    facts: dict[str, Any] = field(default_factory=dict)
    given: dict[str, set[str]] = field(default_factory=dict)  # vocabulary -> codes
    types: set[str] = field(default_factory=set)
    districts: set[str] = field(default_factory=set)
    owned: dict[tuple[str, str], tuple[uuid.UUID, str | None]] = field(default_factory=dict)
    given_priorities: list[GivenPriority] = field(default_factory=list)
    rule_tags: dict[str, tuple[uuid.UUID, str]] = field(default_factory=dict)


@dataclass
class _Writes:
    delete_attributes: list[uuid.UUID] = field(default_factory=list)
    add_attributes: list[dict[str, Any]] = field(default_factory=list)
    update_attributes: list[dict[str, Any]] = field(default_factory=list)
    delete_tags: list[uuid.UUID] = field(default_factory=list)
    add_tags: list[dict[str, Any]] = field(default_factory=list)
    update_tags: list[dict[str, Any]] = field(default_factory=list)
    changed: set[uuid.UUID] = field(default_factory=set)


def tag_services(
    session: Session,
    config: AuthorityConfig,
    service_ids: Iterable[uuid.UUID] | None = None,
    *,
    progress: Callable[[int], object] | None = None,
) -> TagReport:
    """Recompute rule tags, derived sectors and inferred needs of the given services (all
    services when ``service_ids`` is None). Returns what changed; does not commit."""
    session.flush()
    tagger = Tagger(config)
    report = TagReport()
    ids = (
        list(session.scalars(select(Service.id).order_by(Service.id)))
        if service_ids is None
        else list(dict.fromkeys(service_ids))
    )
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        stored = _load(session, batch)
        writes = _Writes()
        for service_id, state in stored.items():
            _diff(service_id, state, tagger.tag(_facts(service_id, state)), writes, report)
        _apply(session, writes)
        report.services += len(stored)
        report.changed += len(writes.changed)
        if progress is not None:
            progress(len(batch))
    return report


def _load(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, _Stored]:
    stored: dict[uuid.UUID, _Stored] = {}
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
        stored[row[0]] = _Stored(facts=dict(zip(_FACT_COLUMNS, row[1:], strict=True)))
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
    session: Session, ids: Sequence[uuid.UUID], stored: dict[uuid.UUID, _Stored]
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
            state.owned[(vocabulary_key, code)] = (attribute_id, value)


def _classifying_terms(session: Session) -> dict[uuid.UUID, tuple[str, str]]:
    """Term id -> (vocabulary, code) for the vocabularies tagging reads and writes."""
    rows = session.execute(
        select(TaxonomyTerm.id, Taxonomy.vocabulary, TaxonomyTerm.code)
        .join(Taxonomy, TaxonomyTerm.taxonomy_id == Taxonomy.id)
        .where(Taxonomy.vocabulary.in_(CLASSIFYING))
    )
    return {term: (vocabulary_key, code) for term, vocabulary_key, code in rows}


def _load_places(
    session: Session, ids: Sequence[uuid.UUID], stored: dict[uuid.UUID, _Stored]
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
    session: Session, ids: Sequence[uuid.UUID], stored: dict[uuid.UUID, _Stored]
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


def _facts(service_id: uuid.UUID, state: _Stored) -> ServiceFacts:
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


def _diff(
    service_id: uuid.UUID, state: _Stored, tagging: Tagging, writes: _Writes, report: TagReport
) -> None:
    wanted: dict[tuple[str, str], tuple[str, str]] = {}  # (vocabulary, code) -> (origin, value)
    for need in tagging.needs:
        if need.inferred:
            wanted[("send-need", need.code)] = ("inferred", need.evidence or "")
    if tagging.sectors_derived:
        source = "service types" if state.types else "provider type"
        for sector in tagging.sectors:
            wanted[("sector", sector)] = ("rule", f"derived from the {source}")
    before = len(writes.add_attributes) + len(writes.delete_attributes)
    for key, (attribute_id, value) in state.owned.items():
        if key not in wanted:
            writes.delete_attributes.append(attribute_id)
            _count(report, key[0], removed=True)
        elif wanted[key][1] != value:
            writes.update_attributes.append({"id": attribute_id, "value": wanted[key][1]})
            writes.changed.add(service_id)
    for key, (origin, value) in wanted.items():
        if key not in state.owned:
            writes.add_attributes.append(_attribute(service_id, key, origin, value))
            _count(report, key[0], removed=False)
    if len(writes.add_attributes) + len(writes.delete_attributes) != before:
        writes.changed.add(service_id)
    _diff_tags(service_id, state, tagging, writes, report)


def _count(report: TagReport, vocabulary_key: str, *, removed: bool) -> None:
    kind = "needs" if vocabulary_key == "send-need" else "sectors"
    name = f"{kind}_{'removed' if removed else 'added'}"
    setattr(report, name, getattr(report, name) + 1)


def _attribute(
    service_id: uuid.UUID, key: tuple[str, str], origin: str, value: str
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "link_entity": "service",
        "link_id": service_id,
        "link_type": key[0],
        "taxonomy_term_id": term_id(*key),
        "value": value,
        "origin": origin,
        "created_at": utcnow(),
    }


def _diff_tags(
    service_id: uuid.UUID, state: _Stored, tagging: Tagging, writes: _Writes, report: TagReport
) -> None:
    wanted = {p.id: p.reason for p in tagging.priorities if p.origin == "rule"}
    for priority_id, (tag_id, reason) in state.rule_tags.items():
        if priority_id not in wanted:
            writes.delete_tags.append(tag_id)
            report.priorities_removed += 1
        elif wanted[priority_id] != reason:
            writes.update_tags.append({"id": tag_id, "reason": wanted[priority_id]})
            report.priorities_updated += 1
        else:
            continue
        writes.changed.add(service_id)
    for priority_id, reason in wanted.items():
        if priority_id not in state.rule_tags:
            writes.add_tags.append(
                {
                    "id": uuid.uuid4(),
                    "service_id": service_id,
                    "priority_id": priority_id,
                    "reason": reason,
                    "origin": "rule",
                    "created_at": utcnow(),
                }
            )
            report.priorities_added += 1
            writes.changed.add(service_id)


def _apply(session: Session, writes: _Writes) -> None:
    for model, doomed in ((Attribute, writes.delete_attributes), (PriorityTag, writes.delete_tags)):
        for chunk in _chunks(doomed):
            session.execute(delete(model).where(model.id.in_(chunk)))
    if writes.add_attributes:
        session.execute(insert(Attribute), writes.add_attributes)
    if writes.add_tags:
        session.execute(insert(PriorityTag), writes.add_tags)
    if writes.update_attributes:
        session.execute(update(Attribute), writes.update_attributes)
    if writes.update_tags:
        session.execute(update(PriorityTag), writes.update_tags)
    if writes.changed:
        now = utcnow()
        session.execute(
            update(Service),
            [{"id": service_id, "last_modified": now} for service_id in writes.changed],
        )
        _expire_loaded(session, writes.changed)


def _chunks(values: list[uuid.UUID], size: int = BATCH_SIZE) -> Iterator[list[uuid.UUID]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _expire_loaded(session: Session, changed: set[uuid.UUID]) -> None:
    """Objects already loaded in the session would show the old tags: reload them on access.

    Reads only loaded values (``state.dict``): touching an expired attribute would query."""
    keys = {Attribute: "link_id", PriorityTag: "service_id"}
    for state in list(session.identity_map.all_states()):
        if state.class_ is Service:
            service_id = state.identity[0] if state.identity else None
        elif state.class_ in keys:
            service_id = state.dict.get(keys[state.class_])
        else:
            continue
        if service_id in changed:
            session.expire(state.obj())
