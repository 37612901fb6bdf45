"""The formats ``local-offer import`` knows: how to read each one and which parser to use.

A new format is a parser module with ``parse(documents) -> Parsed`` and one ``Format`` entry
here. Register formats (GIAS, CQC, ODS, Charity Commission, SEN2) keep only the authority's part
of a national file, so their parsers also take the import's ``Scope``: ``parse(documents, scope)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from directory.importers import (
    charity,
    cqc,
    epraccur,
    gias,
    oruk,
    postcodes,
    provider_sheet,
    sen2_import,
)
from directory.importers.report import ImportFailed, Parsed
from directory.importers.scope import Scope
from directory.importers.sources import Document, fetch, fetch_pages, read_file


def _read_one(location: str) -> list[Document]:
    return [read_file(Path(location))]


def _fetch_one(client: httpx.Client, url: str) -> list[Document]:
    return [fetch(client, url)]


Parse = Callable[[Sequence[Document]], Parsed]
ScopedParse = Callable[[Sequence[Document], Scope], Parsed]


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    parse_documents: Parse | None = None
    read_local: Callable[[str], list[Document]] = _read_one
    fetch: Callable[[httpx.Client, str], list[Document]] = field(default=_fetch_one)
    parse_scoped: ScopedParse | None = None  # a register: keeps the authority's part

    def parse(self, documents: Sequence[Document], scope: Scope | None = None) -> Parsed:
        if self.parse_scoped is not None:
            if scope is None:
                raise ImportFailed(
                    f"the {self.name} format needs the authority's codes to know which part "
                    "of the register to keep (the import command reads them from the config)"
                )
            return self.parse_scoped(documents, scope)
        assert self.parse_documents is not None, self.name
        return self.parse_documents(documents)


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
    "gias": Format(
        "gias",
        "DfE Get Information About Schools establishment export (edubasealldata CSV): the "
        "authority's open schools and colleges, with SEN provision; `--all-las` for every LA",
        parse_scoped=gias.parse,
    ),
    "cqc": Format(
        "cqc",
        "CQC care directory CSV (weekly) or care directory with filters (HSCA active "
        "locations, .ods, .xlsx or CSV): the authority's health and social care locations",
        parse_scoped=cqc.parse,
    ),
    "epraccur": Format(
        "epraccur",
        "NHS ODS GP practice file (epraccur.csv, headerless): active practices of the "
        "authority's commissioners",
        parse_scoped=epraccur.parse,
    ),
    "charity-commission": Format(
        "charity-commission",
        "Charity Commission register extract (charity, classification and area of operation "
        "tables; JSON or tab-separated, a folder or the files): local charities for children, "
        "young people or disabled people",
        parse_scoped=charity.parse,
        read_local=charity.read_local,
    ),
    "sen2": Format(
        "sen2",
        "DfE 'Education, health and care plans' statistics: a release folder or one of its "
        "files; England, region and authority figures (`--all-las` for every area)",
        parse_scoped=sen2_import.parse,
        read_local=sen2_import.read_local,
    ),
}
