"""Provenance bookkeeping for the loader: what a source gave us before, in one query per kind.

The loader never asks the database about one record at a time: ``ProvenanceIndex`` preloads
every provenance row of the source for an entity type, answers from memory, and writes all new
and changed rows in two bulk statements at the end.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from directory.importers.bulk import bulk_insert
from directory.importers.ids import new_id
from directory.models import Provenance
from directory.models.base import Base

CHUNK = 500


def table_of(model: type[Base]) -> Table:
    """The Core table: bulk INSERTs through it skip the ORM's per-row bookkeeping."""
    return cast(Table, model.__table__)


def content_hash(*parts: object) -> str:
    """A stable digest of a record: ``repr`` of frozen dataclasses of plain values is canonical."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Known:
    provenance_id: uuid.UUID
    entity_id: uuid.UUID
    content_hash: str
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class LoadContext:
    """What every part of one load shares."""

    source: str
    source_system: str
    import_run_id: uuid.UUID | None
    now: datetime


class ProvenanceIndex:
    def __init__(self, session: Session, context: LoadContext, entity_type: str) -> None:
        self.context = context
        self.entity_type = entity_type
        rows = session.execute(
            select(
                Provenance.id,
                Provenance.source_id,
                Provenance.entity_id,
                Provenance.content_hash,
                Provenance.withdrawn_at,
            ).where(Provenance.source == context.source, Provenance.entity_type == entity_type)
        )
        self.known = {
            r.source_id: Known(r.id, r.entity_id, r.content_hash, r.withdrawn_at) for r in rows
        }
        self._inserts: list[dict[str, Any]] = []
        self._updates: list[dict[str, Any]] = []

    def get(self, source_id: str) -> Known | None:
        return self.known.get(source_id)

    def seen(self, source_id: str, entity_id: uuid.UUID, digest: str) -> None:
        """Record that this import saw the record (new, changed, or unchanged)."""
        known = self.known.get(source_id)
        ctx = self.context
        if known is None:
            self._inserts.append(
                {
                    "id": new_id(),
                    "entity_type": self.entity_type,
                    "entity_id": entity_id,
                    "source": ctx.source,
                    "source_system": ctx.source_system,
                    "source_id": source_id,
                    "content_hash": digest,
                    "first_seen": ctx.now,
                    "last_seen": ctx.now,
                    "withdrawn_at": None,
                    "import_run_id": ctx.import_run_id,
                }
            )
            return
        self._updates.append(
            {
                "id": known.provenance_id,
                "content_hash": digest,
                "last_seen": ctx.now,
                "withdrawn_at": None,
                "import_run_id": ctx.import_run_id,
            }
        )

    def withdraw(self, keep: set[str]) -> list[uuid.UUID]:
        """Mark every known, not yet withdrawn record missing from ``keep``; their entity ids."""
        gone = [
            (source_id, known)
            for source_id, known in self.known.items()
            if source_id not in keep and known.withdrawn_at is None
        ]
        for _source_id, known in gone:
            self._updates.append(
                {
                    "id": known.provenance_id,
                    "content_hash": known.content_hash,
                    "last_seen": None,
                    "withdrawn_at": self.context.now,
                    "import_run_id": self.context.import_run_id,
                }
            )
        return [known.entity_id for _source_id, known in gone]

    def flush(self, session: Session) -> None:
        if self._inserts:
            bulk_insert(session, table_of(Provenance), self._inserts)
        touched = [u for u in self._updates if u["last_seen"] is not None]
        withdrawn = [u for u in self._updates if u["last_seen"] is None]
        for rows in (
            touched,
            [{k: v for k, v in u.items() if k != "last_seen"} for u in withdrawn],
        ):
            if rows:
                session.execute(update(Provenance), rows)
        self._inserts, self._updates = [], []


def assign_ids(
    session: Session,
    model: type[Base],
    context: LoadContext,
    entity_type: str,
    wanted: dict[str, uuid.UUID | None],
) -> dict[str, uuid.UUID]:
    """Ids for new rows: the publisher's UUID when it is free, else a stable UUID v5.

    Keeping the publisher's id makes a feed from another installation (or the demo data)
    keep its service URLs; the v5 fallback keeps two sources that reuse an id apart.
    """
    candidates = {sid: pid for sid, pid in wanted.items() if pid is not None}
    taken: set[uuid.UUID] = set()
    values = list(set(candidates.values()))
    column = model.__table__.c.id
    for start in range(0, len(values), CHUNK):
        taken.update(
            session.scalars(select(column).where(column.in_(values[start : start + CHUNK])))
        )
    result: dict[str, uuid.UUID] = {}
    used: set[uuid.UUID] = set()
    for source_id, publisher_id in wanted.items():
        if publisher_id is not None and publisher_id not in taken and publisher_id not in used:
            result[source_id] = publisher_id
        else:
            name = f"urn:local-offer:import:{context.source}:{entity_type}:{source_id}"
            result[source_id] = uuid.uuid5(uuid.NAMESPACE_URL, name)
        used.add(result[source_id])
    return result
