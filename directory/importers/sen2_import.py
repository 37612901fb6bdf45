"""The ``sen2`` import format: DfE "Education, health and care plans" statistics.

A location is a release folder (the five files we use are picked out by their published names)
or one file. ``sen2.parse_sen2`` reads each file into ``DemandRecord``s for England, the
authority's region and the authority (every area with ``--all-las``); the shared loader stores
them in ``demand_statistic`` keyed by dataset, period, area, measure, need and breakdown, so a
re-import changes nothing and a revised figure is updated. DfE symbols (``x``, ``z``, ``c``,
``low``, ...) are stored as a missing value with the symbol, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from directory.importers.report import ImportFailed, Parsed
from directory.importers.scope import Scope
from directory.importers.sen2 import DATASETS, parse_sen2
from directory.importers.sources import Document, read_file


def release_files(folder: Path) -> list[Path]:
    """The SEN2 files we import that are present in ``folder`` (an unzipped DfE release)."""
    return [
        folder / spec.filename for spec in DATASETS.values() if (folder / spec.filename).exists()
    ]


def read_local(location: str) -> list[Document]:
    path = Path(location)
    if not path.is_dir():
        return [read_file(path)]
    files = release_files(path) + release_files(path / "data")
    if not files:
        expected = ", ".join(spec.filename for spec in DATASETS.values())
        raise ImportFailed(f"{path}: holds none of the SEN2 files ({expected})")
    return [read_file(f) for f in files]


def parse(documents: Sequence[Document], scope: Scope) -> Parsed:
    parsed = Parsed()
    for document in documents:
        result = parse_sen2(document.data, name=document.name, areas=scope.statistics_areas)
        parsed.records.extend(result.records)
        parsed.problems.extend(result.problems)
        parsed.notes.extend(result.notes)
        parsed.notes.append(
            f"{document.name}: {result.dataset.title} ({result.dataset.key}), "
            f"{result.rows_kept:,} rows kept of {result.rows_read:,}"
        )
        parsed.total += result.rows_kept + len({p.where for p in result.problems})
    return parsed
