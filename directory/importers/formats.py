"""The formats ``local-offer import`` knows: how to read each one and which parser to use.

A new format (GIAS, CQC, ODS, ...) is a parser module with ``parse(documents) -> Parsed`` and
one ``Format`` entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from directory.importers import oruk, postcodes, provider_sheet
from directory.importers.report import Parsed
from directory.importers.sources import Document, fetch, fetch_pages, read_file


def _read_one(location: str) -> list[Document]:
    return [read_file(Path(location))]


def _fetch_one(client: httpx.Client, url: str) -> list[Document]:
    return [fetch(client, url)]


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    parse: Callable[[Sequence[Document]], Parsed]
    read_local: Callable[[str], list[Document]] = _read_one
    fetch: Callable[[httpx.Client, str], list[Document]] = field(default=_fetch_one)


FORMATS: dict[str, Format] = {
    "oruk": Format(
        "oruk",
        "Open Referral UK 3.0 or v1 JSON: a service, an array, a page, or NDJSON; a URL is "
        "followed page by page",
        oruk.parse,
        fetch=fetch_pages,
    ),
    "provider-csv": Format(
        "provider-csv",
        "the provider spreadsheet (CSV or XLSX; `local-offer template` writes a blank one)",
        provider_sheet.parse,
    ),
    "postcodes": Format(
        "postcodes",
        "Code-Point Open, ONS Postcode Directory or postcode-district centroids (CSV, .gz "
        "allowed); `bundled` loads the postcodes shipped with the package",
        postcodes.parse,
        read_local=postcodes.read_local,
    ),
}
