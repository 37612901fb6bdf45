"""Reading the CSV (or tab-separated) files that public registers publish.

Registers change their columns between releases, so columns are found by name (case, spaces
and punctuation ignored, with the published aliases), and a missing one fails the file with its
published name. Every row keeps its line number for the report. A file that stops in the middle
of a row (a truncated download) is refused as a whole: loading the part that arrived would
withdraw every record after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from directory.importers import text as clean
from directory.importers.report import ImportFailed
from directory.importers.sources import Document

# C1 control characters: what a Windows-1252 file turns into when read as Latin-1 and saved as
# UTF-8 (the GIAS fixture keeps one U+0092, a curly apostrophe).
_C1 = re.compile("[\x80-\x9f]")


def decode(document: Document, legacy: str = "cp1252") -> str:
    """UTF-8 (a BOM is dropped), else ``legacy`` (Windows-1252 for DfE and CQC downloads)."""
    data = document.data
    if not data.strip():
        raise ImportFailed(f"{document.name}: the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise ImportFailed(
            f"{document.name}: is not CSV text (UTF-16 or a binary file: a spreadsheet or an "
            "archive?); save it as CSV, UTF-8 or Windows-1252"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            return data.decode(legacy)
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportFailed(
                f"{document.name}: line {line}: byte 0x{data[exc.start]:02x} is neither UTF-8 "
                f"nor {legacy} text; the file may be damaged"
            ) from None
    if _C1.search(text):
        text = _C1.sub(lambda m: m.group(0).encode("latin-1").decode(legacy, "replace"), text)
    return text


def key(name: str) -> str:
    return clean.key(name)


@dataclass
class Table:
    """A register file's rows by column name, with the line each row started on."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    positions: dict[str, int] = field(default_factory=dict)

    def require(self, columns: Mapping[str, Sequence[str]]) -> None:
        """Map our names to the file's columns; the first published name is the one reported."""
        self.resolve(columns, required=True)

    def optional(self, columns: Mapping[str, Sequence[str]]) -> None:
        self.resolve(columns, required=False)

    def resolve(self, columns: Mapping[str, Sequence[str]], *, required: bool) -> None:
        index: dict[str, int] = {}
        for i, heading in enumerate(self.header):
            index.setdefault(key(heading), i)
        for ours, published in columns.items():
            found = next((index[key(n)] for n in published if key(n) in index), None)
            if found is not None:
                self.positions[ours] = found
            elif required:
                raise ImportFailed(
                    f"{self.name}: missing column {published[0]!r} (the header has "
                    f"{len(self.header)} columns; was it renamed?)"
                )

    def has(self, ours: str) -> bool:
        return ours in self.positions

    def records(self) -> Iterator[tuple[int, dict[str, str], str | None]]:
        """(line, values by our names, why the row's width is wrong or None)."""
        width = len(self.header)
        for line, row in self.rows:
            values = {
                ours: row[i].strip() if i < len(row) else "" for ours, i in self.positions.items()
            }
            wrong = f"the row has {len(row)} fields, the header {width}"
            yield line, values, wrong if width and len(row) != width else None


def read_table(
    name: str,
    text: str,
    *,
    delimiter: str = ",",
    header_at: int | None = 0,
    find: str = "",
    quoted: bool = True,
) -> Table:
    """Parse ``text``. The header is line ``header_at``, or the first row containing a cell
    whose key is ``find`` (CQC puts title lines above it); ``header_at=None`` and no ``find``
    means no header (ODS files)."""
    source = io.StringIO(text, newline="")
    reader = (
        csv.reader(source, delimiter=delimiter)
        if quoted
        else csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    )
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(f"{name}: line {line}: not valid CSV ({exc})") from None
    if quoted and text.count('"') % 2 == 1:
        raise ImportFailed(
            f"{name}: a quoted value opened on line {rows[-1][0] if rows else 1} never closes: "
            "the file is truncated or damaged"
        )
    header: list[str] = []
    if find:
        start = next((i for i, (_, r) in enumerate(rows) if key(find) in map(key, r)), None)
        if start is None:
            raise ImportFailed(f"{name}: no header row with a {find!r} column")
        header, rows = rows[start][1], rows[start + 1 :]
    elif header_at is not None:
        if not rows:
            raise ImportFailed(f"{name}: the file is empty")
        header, rows = rows[header_at][1], rows[header_at + 1 :]
    if not rows:
        raise ImportFailed(f"{name}: has a header but no records, so nothing was loaded")
    table = Table(name, [h.strip() for h in header], rows)
    _check_ending(table, text)
    return table


def _check_ending(table: Table, text: str) -> None:
    """A last row shorter than the header, with no line end, is a download cut short."""
    width = len(table.header) if table.header else len(table.rows[0][1])
    line, last = table.rows[-1]
    if len(last) < width and not text.endswith(("\n", "\r")):
        raise ImportFailed(
            f"{table.name}: line {line} stops after {len(last)} of {width} columns and the file "
            "has no final line end: the file is truncated, so nothing was loaded"
        )
