"""Loading reference data keyed by natural keys: postcodes, districts, demand statistics.

No provenance here: a postcode is the same fact whichever file brought it. Rows are compared
with what is stored, chunk by chunk, so a re-import of the same file changes nothing and a
national file (2.7 million postcodes) never sits in memory twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from directory.importers.bulk import bulk_insert
from directory.importers.provenance import table_of
from directory.importers.records import DemandRecord, DistrictRecord, PostcodeRecord
from directory.models import DemandStatistic, Postcode, PostcodeDistrict

CHUNK = 2000


def load_postcodes(
    session: Session,
    records: Sequence[PostcodeRecord],
    source: str,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    rows = {
        r.postcode: {
            "postcode": r.postcode,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "district": r.postcode.split(" ")[0],
            "ward_code": r.ward_code,
            "la_code": r.la_code,
            "quality": r.quality,
            "source": source,
        }
        for r in records
    }
    return _upsert(session, Postcode, "postcode", list(rows.values()), progress)


def load_districts(
    session: Session,
    records: Sequence[DistrictRecord],
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    rows = {r.district: asdict(r) for r in records}
    return _upsert(session, PostcodeDistrict, "district", list(rows.values()), progress)


def _upsert(
    session: Session,
    model: type[Postcode] | type[PostcodeDistrict],
    key: str,
    rows: list[dict[str, Any]],
    progress: Callable[[int], None] | None,
) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    table = model.__table__
    columns = [table.c[name] for name in rows[0]] if rows else []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        keys = [row[key] for row in chunk]
        stored = {
            r._mapping[key]: dict(r._mapping)
            for r in session.execute(select(*columns).where(table.c[key].in_(keys)))
        }
        new = [row for row in chunk if row[key] not in stored]
        changed = [row for row in chunk if row[key] in stored and stored[row[key]] != row]
        if new:
            bulk_insert(session, table_of(model), new)
        if changed:
            session.execute(update(model), changed)
        counts["created"] += len(new)
        counts["updated"] += len(changed)
        counts["unchanged"] += len(chunk) - len(new) - len(changed)
        if progress is not None:
            progress(len(chunk))
    return counts


_DEMAND_KEY = (
    "dataset",
    "period",
    "area_code",
    "measure",
    "need_code",
    "breakdown_topic",
    "breakdown",
)


def load_demand(
    session: Session, records: Sequence[DemandRecord], import_run_id: uuid.UUID | None
) -> dict[str, int]:
    """Demand statistics keyed by dataset, period, area, measure, need and breakdown."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    table = DemandStatistic.__table__
    key_columns = [table.c[k] for k in _DEMAND_KEY]
    # Only the figures these records could match: a national file's other areas stay unread.
    query = select(
        *key_columns,
        DemandStatistic.id,
        DemandStatistic.value,
        DemandStatistic.symbol,
        DemandStatistic.unit,
        DemandStatistic.area_name,
        DemandStatistic.period_label,
        DemandStatistic.geographic_level,
    ).where(
        DemandStatistic.dataset.in_(sorted({r.dataset for r in records})),
        DemandStatistic.period.in_(sorted({r.period for r in records})),
    )
    areas = sorted({r.area_code for r in records})
    if len(areas) <= 500:
        query = query.where(DemandStatistic.area_code.in_(areas))
    stored = {tuple(row[:7]): row for row in session.execute(query)}
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for record in {tuple(getattr(r, k) for k in _DEMAND_KEY): r for r in records}.values():
        row = asdict(record)
        old = stored.get(tuple(row[k] for k in _DEMAND_KEY))
        if old is None:
            new.append({**row, "id": uuid.uuid4(), "import_run_id": import_run_id})
        elif (
            old.value,
            old.symbol,
            old.unit,
            old.area_name,
            old.period_label,
            old.geographic_level,
        ) != (
            record.value,
            record.symbol,
            record.unit,
            record.area_name,
            record.period_label,
            record.geographic_level,
        ):
            changed.append({**row, "id": old.id, "import_run_id": import_run_id})
        else:
            counts["unchanged"] += 1
    if new:
        bulk_insert(session, table_of(DemandStatistic), new)
    if changed:
        session.execute(update(DemandStatistic), changed)
    counts["created"], counts["updated"] = len(new), len(changed)
    return counts


__all__ = ["load_demand", "load_districts", "load_postcodes"]
