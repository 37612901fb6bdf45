"""One import from start to end: read, parse, load in a savepoint, run the post-load step, and
keep the report with an ``ImportRun``.

``run_import`` never commits; the CLI (or any other edge) commits the session afterwards. The
data goes in a savepoint: if the file is refused or the load fails, the savepoint is rolled
back and only the ``ImportRun`` saying why remains. A dry run rolls everything back and records
nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from directory.importers.formats import FORMATS
from directory.importers.loader import LoadOptions, LoadResult, load
from directory.importers.locate import Geocoder
from directory.importers.overlap import leave_out_listed_elsewhere
from directory.importers.records import Record, ServiceRecord
from directory.importers.report import ImportFailed, ImportReport, Parsed
from directory.importers.scope import Scope
from directory.importers.sources import Document, is_url, make_client
from directory.models import ImportRun, utcnow

# Called inside the transaction with the ids of services created, updated or restored.
PostLoad = Callable[[Session, Sequence[uuid.UUID]], None]
MAX_STORED_PROBLEMS = 5000


@dataclass(frozen=True)
class ImportRequest:
    format: str
    location: str  # a path or an http(s) URL, as the user gave it
    source: str | None = None
    dry_run: bool = False
    home_districts: tuple[str, ...] = ()
    geocode: Geocoder | None = None
    progress: Callable[[int], None] | None = None
    set_total: Callable[[int], None] | None = None  # told how many records there are to load
    # Marks every service as demonstration data (``extra.local_offer.demo``), as the ORUK demo
    # file marks its own; used by ``local-offer demo`` for formats that cannot say it.
    demonstration: bool = False
    # The authority a register import keeps (GIAS, CQC, ODS, charities, SEN2); see ``scope``.
    scope: Scope | None = None


def default_source(location: str) -> str:
    """A file's name without extensions, or a URL's host and path: stable across re-imports."""
    if is_url(location):
        parts = urlsplit(location)
        return f"{parts.netloc}{parts.path}".rstrip("/")
    name = Path(location).name
    return name.split(".")[0] or name


def read_documents(
    format_name: str, location: str, client: httpx.Client | None = None
) -> list[Document]:
    spec = FORMATS[format_name]
    if not is_url(location):
        return spec.read_local(location)
    own = client is None
    client = client or make_client()
    try:
        return spec.fetch(client, location)
    finally:
        if own:
            client.close()


def run_import(
    session: Session,
    request: ImportRequest,
    *,
    client: httpx.Client | None = None,
    post_load: PostLoad | None = None,
) -> ImportReport:
    if request.format not in FORMATS:
        raise ImportFailed(f"unknown format {request.format!r}; use one of: {', '.join(FORMATS)}")
    source = request.source or default_source(request.location)
    report = ImportReport(source, request.format, request.location, dry_run=request.dry_run)
    run = None if request.dry_run else _start_run(session, report)
    try:
        parsed = FORMATS[request.format].parse(
            read_documents(request.format, request.location, client), request.scope
        )
        report.problems.extend(parsed.problems)
        report.notes.extend(parsed.notes)
        _check_something_loads(parsed, request.location)
        if request.demonstration:
            parsed.records = [_mark_demo(r) for r in parsed.records]
        if request.set_total is not None:
            request.set_total(len(parsed.records))
        result = _load(session, parsed, request, source, run, post_load)
    except ImportFailed as failed:
        report.failure = failed.message
    else:
        report.counts = result.counts
        report.notes = list(parsed.notes)  # the load may add some (records listed elsewhere)
        report.counts["rejected"] = parsed.rejected
        report.problems.extend(result.warnings)
        report.service_ids = result.service_ids
    if run is not None:
        _finish_run(session, run, report)
    return report


def _mark_demo(record: Record) -> Record:
    if not isinstance(record, ServiceRecord):
        return record
    offer = {**record.extra.get("local_offer", {}), "demo": True}
    return replace(record, extra={**record.extra, "local_offer": offer})


def _check_something_loads(parsed: Parsed, location: str) -> None:
    if parsed.records:
        return
    reasons = "; ".join(sorted({p.reason for p in parsed.problems})[:3])
    raise ImportFailed(
        f"all {parsed.total:,} records in {location} were rejected, so nothing was loaded "
        f"({reasons})"
    )


def _load(
    session: Session,
    parsed: Parsed,
    request: ImportRequest,
    source: str,
    run: ImportRun | None,
    post_load: PostLoad | None,
) -> LoadResult:
    options = LoadOptions(
        source=source,
        source_system=request.format,
        import_run_id=run.id if run else None,
        home_districts=request.home_districts,
        geocode=request.geocode,
        progress=request.progress,
    )
    savepoint = session.begin_nested()
    try:
        if FORMATS[request.format].parse_scoped is not None:
            note = leave_out_listed_elsewhere(session, parsed, source)
            if note:
                parsed.notes.append(note)
        result = load(session, parsed, options)
        if post_load is not None and result.service_ids and not request.dry_run:
            post_load(session, result.service_ids)
            session.flush()
    except SQLAlchemyError as exc:
        savepoint.rollback()
        detail = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise ImportFailed(
            f"the database refused the data, so nothing was loaded: {detail}"
        ) from exc
    except BaseException:
        savepoint.rollback()
        raise
    if request.dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return result


def _start_run(session: Session, report: ImportReport) -> ImportRun:
    run = ImportRun(
        id=uuid.uuid4(),
        source=report.source,
        format=report.format,
        location=report.location,
        started_at=utcnow(),
        status="running",
    )
    session.add(run)
    session.flush()
    return run


def _finish_run(session: Session, run: ImportRun, report: ImportReport) -> None:
    problems = [p.to_dict() for p in report.problems[:MAX_STORED_PROBLEMS]]
    run.finished_at = utcnow()
    run.status = report.status
    run.counts = dict(report.counts)
    run.problems = problems
    run.message = report.summary()
    session.flush()
