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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig
from directory.models import (
    Attribute,
    PriorityTag,
    Service,
    utcnow,
)
from directory.tagging.engine import Tagger
from directory.tagging.facts import Tagging
from directory.tagging.stored import StoredService, facts_of, load_services
from directory.vocab import term_id

BATCH_SIZE = 500


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
        stored = load_services(session, batch)
        writes = _Writes()
        for service_id, state in stored.items():
            _diff(service_id, state, tagger.tag(facts_of(service_id, state)), writes, report)
        _apply(session, writes)
        report.services += len(stored)
        report.changed += len(writes.changed)
        if progress is not None:
            progress(len(batch))
    return report


def _diff(
    service_id: uuid.UUID,
    state: StoredService,
    tagging: Tagging,
    writes: _Writes,
    report: TagReport,
) -> None:
    wanted = _wanted_attributes(state, tagging)
    before = len(writes.add_attributes) + len(writes.delete_attributes)
    for key, (attribute_id, origin, value) in state.owned.items():
        if key not in wanted:
            writes.delete_attributes.append(attribute_id)
            _count(report, key[0], removed=True)
        elif wanted[key] != (origin, value):
            new_origin, new_value = wanted[key]
            writes.update_attributes.append(
                {"id": attribute_id, "origin": new_origin, "value": new_value}
            )
            writes.changed.add(service_id)
    for key, (origin, value) in wanted.items():
        if key not in state.owned:
            writes.add_attributes.append(_attribute(service_id, key, origin, value))
            _count(report, key[0], removed=False)
    if len(writes.add_attributes) + len(writes.delete_attributes) != before:
        writes.changed.add(service_id)
    _diff_tags(service_id, state, tagging, writes, report)


def _wanted_attributes(
    state: StoredService, tagging: Tagging
) -> dict[tuple[str, str], tuple[str, str]]:
    """(vocabulary, code) -> (origin, value) of the attributes the engine owns for a service."""
    wanted = {
        ("send-need", need.code): ("inferred", need.evidence or "")
        for need in tagging.needs
        if need.inferred
    }
    if tagging.sectors_derived:
        source = "service types" if state.types else "provider type"
        for sector in tagging.sectors:
            wanted[("sector", sector)] = ("rule", f"derived from the {source}")
    return wanted


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
    service_id: uuid.UUID,
    state: StoredService,
    tagging: Tagging,
    writes: _Writes,
    report: TagReport,
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
