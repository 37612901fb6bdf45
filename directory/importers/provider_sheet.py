"""Parser for the provider spreadsheet (CSV in any common encoding, or XLSX).

Columns are found by their heading (case, spaces and punctuation ignored), in any order; a
missing required column fails the file and says which. Every problem names the row and the
cell ("providers.csv row 7: column K (Minimum age) = 'five': ..."), as a person fixing the
sheet needs.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Sequence
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from directory.importers import text
from directory.importers.checks import FieldReader, Rejected
from directory.importers.provider_columns import BY_KEY, COLUMNS
from directory.importers.provider_record import service_from_row
from directory.importers.report import ImportFailed, Parsed, Problem
from directory.importers.sources import Document, decode_text

FORMAT = "provider-csv"
SHEET_NAME = "Services"
_HEADINGS = {text.key(c.header): c.key for c in COLUMNS} | {text.key(c.key): c.key for c in COLUMNS}
# What a damaged XLSX raises: the zip layer (cut short, bad deflate data, an unknown
# compression) or the XML parser (a sheet cut short: ``ParseError`` is a ``SyntaxError``).
_DAMAGED_XLSX = (
    zipfile.BadZipFile, zlib.error, EOFError, KeyError, NotImplementedError, OSError, ValueError,
    SyntaxError,
)  # fmt: skip


def parse(documents: Sequence[Document]) -> Parsed:
    parsed = Parsed()
    for document in documents:
        table = _xlsx_rows(document) if _is_xlsx(document.data) else _csv_rows(document, parsed)
        _parse_table(document, table, parsed)
    if parsed.total == 0:
        raise ImportFailed(
            f"{documents[0].name}: has a heading row but no services, so nothing was loaded"
        )
    return parsed


def _is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _csv_rows(document: Document, parsed: Parsed) -> list[list[Any]]:
    content, encoding = decode_text(document)
    if encoding != "utf-8":
        parsed.notes.append(f"note: {document.name} was read as {encoding} (not UTF-8)")
    try:
        dialect = csv.Sniffer().sniff(content[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content), dialect)
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        raise ImportFailed(
            f"{document.name}: line {reader.line_num}: not valid CSV ({exc})"
        ) from None


def _xlsx_rows(document: Document) -> list[list[Any]]:
    # Read-only workbooks load each sheet lazily, so damage can surface while reading rows too.
    try:
        book = load_workbook(io.BytesIO(document.data), read_only=True, data_only=True)
        try:
            sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except _DAMAGED_XLSX as exc:
        raise ImportFailed(
            f"{document.name}: is not a readable XLSX workbook ({exc}); it is damaged, cut "
            "short or another kind of file. Save it again as XLSX or CSV."
        ) from None


def _parse_table(document: Document, table: list[list[Any]], parsed: Parsed) -> None:
    header_at, columns = _find_header(document, table)
    first_seen: dict[str, int] = {}
    for number, row in enumerate(table[header_at + 1 :], start=header_at + 2):
        values = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        parsed.total += 1
        where = f"{document.name} row {number}"
        reader = FieldReader(where, label=_labeller(columns))
        try:
            record = service_from_row(values, reader)
        except Rejected as rejected:
            parsed.problems.append(rejected.problem)
            continue
        parsed.seen_ids.add(record.source_id)
        if record.source_id in first_seen:
            parsed.problems.append(
                Problem(
                    where,
                    f"the same reference as row {first_seen[record.source_id]}; "
                    "only the first is loaded",
                    _labeller(columns)("reference"),
                    record.source_id,
                )
            )
            continue
        first_seen[record.source_id] = number
        parsed.records.append(record)
        parsed.problems.extend(reader.warnings)


def _find_header(document: Document, table: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """The heading row (one of the first five) and the position of each known column."""
    for at, row in enumerate(table[:5]):
        found = {}
        for index, cell in enumerate(row):
            key = _HEADINGS.get(text.key(str(cell))) if cell is not None else None
            if key is not None and key not in found:
                found[key] = index
        if "service_name" in found or len(found) >= 3:
            missing = [c.header for c in COLUMNS if c.required and c.key not in found]
            if missing:
                raise ImportFailed(
                    f"{document.name}: the heading row (row {at + 1}) has no "
                    f"{', '.join(repr(m) for m in missing)} column; the template "
                    "(`local-offer template`) has every column"
                )
            return at, found
    raise ImportFailed(
        f"{document.name}: no heading row found in the first five rows (expected headings such "
        "as 'Service name', 'Organisation' and 'Description' from the provider template)"
    )


def _labeller(columns: dict[str, int]) -> Any:
    def label(field: str) -> str:
        key = field.split(".")[0]
        if key in columns:
            return f"column {get_column_letter(columns[key] + 1)} ({BY_KEY[key].header})"
        return field

    return label
