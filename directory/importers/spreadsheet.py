"""Register downloads published as spreadsheets (CQC's "care directory with filters" is an .ods,
earlier an .xlsx), read as the CSV text the register's parser already understands.

python-calamine reads .ods, .xlsx and .xls alike. Cells come back typed, so they are written
back the way the CSV downloads spell them: dates as dd/mm/yyyy, whole numbers without ".0"
(a telephone number stored as a number has lost its leading zero, as in the CSV downloads, and
the phone cleaner restores it).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence

from python_calamine import CalamineError, CalamineWorkbook

from directory.importers.report import ImportFailed
from directory.importers.sources import Document
from directory.importers.text import key

# Zip (.ods, .xlsx) and OLE2 (.xls) containers.
_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
# How far down a sheet its header row may be (title and notes rows come first).
_HEADER_ROWS = 50


def is_spreadsheet(data: bytes) -> bool:
    return data.startswith(_MAGIC)


def sheet_as_csv(document: Document, headers: Sequence[str]) -> str:
    """The first sheet with a cell reading one of ``headers`` (near its top), as CSV text."""
    wanted = {key(header) for header in headers}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(document.data))
        for name in workbook.sheet_names:
            # Blank rows kept, so a CSV line number is the sheet's row number.
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(key(str(cell)) in wanted for row in rows[:_HEADER_ROWS] for cell in row):
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(
                    [_cell_text(cell) for cell in row] for row in rows
                )
                return out.getvalue()
    except (CalamineError, ValueError, OSError) as exc:
        raise ImportFailed(
            f"{document.name}: the spreadsheet cannot be read ({exc}); it may be damaged, or "
            "save it as CSV"
        ) from None
    names = " or ".join(repr(h) for h in headers)
    raise ImportFailed(f"{document.name}: no sheet has a {names} column")


def _cell_text(cell: object) -> str:
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
