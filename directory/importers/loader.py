"""The one loader every format shares: normalised records in, rows upserted, counts out.

Contract:

- ``load(session, parsed, options)`` writes ``parsed.records`` and returns a ``LoadResult``.
  It flushes but never commits: the caller owns the transaction (``pipeline.run_import`` wraps
  it in a savepoint so a failure leaves the database as it was).
- Services, organisations and locations are keyed by ``(options.source, entity type,
  record.source_id)`` in ``Provenance`` with a content hash: an identical record changes
  nothing, a changed one is updated (``service.last_modified`` moves only then), and when
  ``parsed.complete`` a service of the source missing from the file is withdrawn (provenance
  ``withdrawn_at`` set, status ``inactive``), and restored when it comes back.
- Postcodes, districts and demand statistics are reference data keyed by their natural keys.
- ``LoadResult.service_ids`` are the services created, updated or restored: what the tagging
  engine and the search index must look at again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from directory.importers.loader_reference import load_demand, load_districts, load_postcodes
from directory.importers.loader_services import ServiceLoader
from directory.importers.locate import Geocoder, Locator
from directory.importers.provenance import LoadContext
from directory.importers.records import (
    DemandRecord,
    DistrictRecord,
    OrganizationRecord,
    PostcodeRecord,
    ServiceRecord,
)
from directory.importers.report import Parsed, Problem
from directory.models import utcnow


@dataclass(frozen=True)
class LoadOptions:
    source: str  # the source's name: the key of its records, e.g. "bristol-oruk"
    source_system: str  # the format: oruk, provider-csv, gias, ...
    import_run_id: uuid.UUID | None = None
    home_districts: tuple[str, ...] = ()  # the authority's postcode districts (area served)
    geocode: Geocoder | None = None  # optional, for address-only locations
    progress: Callable[[int], None] | None = None  # called with the number of records done


@dataclass
class LoadResult:
    counts: dict[str, int] = field(default_factory=dict)
    service_ids: list[uuid.UUID] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load(session: Session, parsed: Parsed, options: LoadOptions) -> LoadResult:
    context = LoadContext(options.source, options.source_system, options.import_run_id, utcnow())
    result = LoadResult()
    services = [r for r in parsed.records if isinstance(r, ServiceRecord)]
    organizations = [r for r in parsed.records if isinstance(r, OrganizationRecord)]
    if services or organizations:
        locator = Locator(session, options.home_districts, options.geocode)
        loader = ServiceLoader(session, context, locator, options.progress)
        if organizations:
            loader.load_organizations(organizations)
        if services or parsed.complete:
            loader.load(services, parsed.seen_ids, parsed.complete and bool(services))
        result.counts.update(loader.counts)
        result.service_ids = loader.changed_ids
        result.warnings = locator.warnings
    postcodes = [r for r in parsed.records if isinstance(r, PostcodeRecord)]
    if postcodes:
        _add(
            result.counts,
            load_postcodes(session, postcodes, options.source_system, options.progress),
        )
    districts = [r for r in parsed.records if isinstance(r, DistrictRecord)]
    if districts:
        _add(result.counts, load_districts(session, districts, options.progress))
    demand = [r for r in parsed.records if isinstance(r, DemandRecord)]
    if demand:
        _add(result.counts, load_demand(session, demand, options.import_run_id))
    session.flush()
    return result


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for name, number in more.items():
        counts[name] = counts.get(name, 0) + number
