"""Load published demand figures (``DemandRecord``) into ``demand_statistic``, idempotently.

``load_demand`` upserts by the table's unique key (dataset, period, area, measure, need,
breakdown): a new figure is created, a changed one updated, an identical one left alone, so a
re-import reports zero changes. ``import_sen2`` is the whole import of one DfE file: parse, load
inside a savepoint (a file either loads or changes nothing), and record the outcome on an
``ImportRun``. Neither commits: the caller (the import command) owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from directory.importers.sen2 import DATASETS, ENGLAND, DemandRecord, Sen2Error, parse_sen2
from directory.localoffer import AuthorityConfig
from directory.models import DemandStatistic, ImportRun, utcnow

_COMPARED = ("period_label", "geographic_level", "area_name", "value", "unit", "symbol")
_BATCH = 2000


@dataclass(frozen=True)
class LoadCounts:
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def load_demand(
    session: Session,
    records: Sequence[DemandRecord],
    import_run: ImportRun | None = None,
    *,
    dry_run: bool = False,
) -> LoadCounts:
    """Upsert ``records``; with ``dry_run`` only count what would change. Never commits."""
    existing = _existing(session, records)
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    run_id = import_run.id if import_run is not None else None
    seen: set[tuple[str, ...]] = set()
    for record in records:
        if record.key in seen:
            continue  # the parser drops duplicate rows; this guards callers that do not
        seen.add(record.key)
        current = existing.get(record.key)
        columns = record.columns()
        if current is None:
            new.append({**columns, "import_run_id": run_id})
        elif any(current[name] != columns[name] for name in _COMPARED):
            changed.append({**columns, "id": current["id"], "import_run_id": run_id})
    if not dry_run:
        for start in range(0, len(new), _BATCH):
            session.execute(insert(DemandStatistic), new[start : start + _BATCH])
        for start in range(0, len(changed), _BATCH):
            session.execute(update(DemandStatistic), changed[start : start + _BATCH])
        session.flush()
    return LoadCounts(len(new), len(changed), len(seen) - len(new) - len(changed))


def _existing(
    session: Session, records: Sequence[DemandRecord]
) -> dict[tuple[str, ...], dict[str, Any]]:
    """The stored figures that ``records`` could match, keyed like ``DemandRecord.key``."""
    if not records:
        return {}
    datasets = {r.dataset for r in records}
    periods = {r.period for r in records}
    areas = {r.area_code for r in records}
    table = DemandStatistic.__table__
    query = select(table).where(
        table.c.dataset.in_(datasets),
        table.c.period.in_(periods),
        table.c.area_code.in_(areas),
    )
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in session.execute(query).mappings():
        key = tuple(
            row[name]
            for name in (
                "dataset",
                "period",
                "area_code",
                "measure",
                "need_code",
                "breakdown_topic",
                "breakdown",
            )
        )
        found[key] = dict(row)
    return found


def default_areas(config: AuthorityConfig) -> frozenset[str]:
    """England, the authority's region and the authority itself."""
    authority = config.authority
    return frozenset({ENGLAND, authority.region_code, authority.gss_code})


def import_sen2(
    session: Session,
    source: Path | bytes,
    config: AuthorityConfig,
    *,
    name: str | None = None,
    source_label: str = "dfe-sen2",
    dataset: str | None = None,
    areas: Collection[str] | None = None,
    all_areas: bool = False,
    dry_run: bool = False,
) -> ImportRun:
    """Import one DfE SEN2 file and return its ``ImportRun`` (added to the session).

    ``status`` is ``loaded``, ``loaded_with_rejections`` (rows with bad cells were left out; see
    ``problems``), ``dry_run`` or ``failed`` (the file could not be read; ``message`` says why and
    nothing was changed). Only England's, the region's and the authority's figures are kept unless
    ``areas`` or ``all_areas`` say otherwise.
    """
    location = name or (str(source) if isinstance(source, Path) else "SEN2 file")
    run = ImportRun(source=source_label, format="sen2", location=location, status="running")
    session.add(run)
    session.flush()
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
    except OSError as exc:
        return _failed(run, f"{location}: cannot read the file: {exc.strerror}")
    wanted = None if all_areas else (areas or default_areas(config))
    try:
        parsed = parse_sen2(data, name=location, dataset=dataset, areas=wanted)
    except Sen2Error as exc:
        return _failed(run, exc.message, exc.details)
    with session.begin_nested():
        counts = load_demand(session, parsed.records, run, dry_run=dry_run)
    rejected = len({p.location for p in parsed.problems})
    run.counts = {
        **counts.as_dict(),
        "rejected": rejected,
        "rows_read": parsed.rows_read,
        "rows_kept": parsed.rows_kept,
    }
    run.problems = [p.as_dict() for p in parsed.problems]
    run.status = "dry_run" if dry_run else ("loaded_with_rejections" if rejected else "loaded")
    notes = [*parsed.notes, f"{parsed.dataset.title} ({parsed.dataset.key})"]
    run.message = "; ".join(notes)
    run.finished_at = utcnow()
    session.flush()
    return run


def _failed(run: ImportRun, message: str, details: dict[str, Any] | None = None) -> ImportRun:
    run.status = "failed"
    run.message = message
    details = details or {}
    run.problems = [
        {
            "location": str(details.get("file", run.location))
            + (f", line {details['line']}" if "line" in details else ""),
            "field": str(details.get("field", "")),
            "value": "",
            "reason": message,
        }
    ]
    run.counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    run.finished_at = utcnow()
    return run


def sen2_files(folder: Path) -> list[Path]:
    """The SEN2 files we import that are present in ``folder`` (an unzipped DfE release)."""
    return [
        folder / spec.filename for spec in DATASETS.values() if (folder / spec.filename).exists()
    ]
