"""``local-offer template``: the blank provider spreadsheet, with guidance and drop-down lists.

Single-choice columns (organisation type, cost, EHC plan, area served, status) refuse values
that are not on their list. Multiple-choice columns (needs, sectors, days, ...) offer the list
as a drop-down but accept several values typed with ";" between them, which Excel's validation
cannot express; the importer checks every value and names the cell when one is wrong.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from directory.importers import vocabmatch
from directory.importers.provider_columns import COLUMNS, WEEKDAYS, YES_NO, Column
from directory.importers.provider_sheet import SHEET_NAME

ROWS = 1000  # rows with drop-downs; more rows still import, without the lists
_HEADING = Font(bold=True, color="FFFFFF")
_FILL = PatternFill("solid", fgColor="1D5A8E")
_INTRO = (
    "How to fill in this spreadsheet",
    "One row is one service at one venue. Fill in the 'Services' sheet; headings must stay as "
    "they are. Columns marked required must be filled in.",
    "Where a column has a drop-down list, pick from it. Where several values are allowed, type "
    "them separated by a semicolon, for example: ASD; SLCN.",
    "Keep the Reference the same each time you send the sheet, so that we update your services "
    "rather than adding new ones. A service you take out of the sheet is marked as withdrawn.",
    "Write for a parent reading on a phone: short sentences, no jargon, say who it is for, what "
    "happens, what it costs and how to start.",
    "Save as Excel (.xlsx) or as 'CSV UTF-8'. We tell you about any cell we cannot use, by row "
    "and column.",
)


def choices(column: Column) -> list[str]:
    if column.vocabulary == "yes-no":
        return list(YES_NO)
    if column.vocabulary == "weekday":
        return list(WEEKDAYS)
    return vocabmatch.names(column.vocabulary) if column.vocabulary else []


def write_template(path: Path) -> None:
    book = Workbook()
    services = book.active
    assert services is not None
    services.title = SHEET_NAME
    guidance = book.create_sheet("Guidance")
    lists = book.create_sheet("Lists")
    _services_sheet(services, _lists_sheet(lists))
    _guidance_sheet(guidance)
    book.save(path)


def _lists_sheet(sheet: Worksheet) -> dict[str, str]:
    """One column per controlled list; returns column key -> range formula for validation."""
    ranges: dict[str, str] = {}
    listed = [c for c in COLUMNS if c.vocabulary]
    for index, column in enumerate(listed, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=column.header).font = Font(bold=True)
        values = choices(column)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        sheet.column_dimensions[letter].width = max(16, max(len(v) for v in values) + 2)
        ranges[column.key] = f"=Lists!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _services_sheet(sheet: Worksheet, ranges: dict[str, str]) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = _HEADING, _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = column.guidance + (" (required)" if column.required else "")
        cell.comment = Comment(note, "Local Offer")
        sheet.column_dimensions[letter].width = column.width
        if column.key in ranges:
            validation = DataValidation(
                type="list",
                formula1=ranges[column.key],
                allow_blank=True,
                showErrorMessage=not column.multiple,
                errorTitle=column.header,
                error=f"Pick a value from the list for {column.header}.",
                promptTitle=column.header[:32],
                prompt=(
                    "Pick one, or type several separated by ;" if column.multiple else "Pick one"
                ),
            )
            validation.add(f"{letter}2:{letter}{ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.row_dimensions[1].height = 32


def _guidance_sheet(sheet: Worksheet) -> None:
    sheet.cell(row=1, column=1, value=_INTRO[0]).font = Font(bold=True, size=14)
    for row, line in enumerate(_INTRO[1:], start=2):
        sheet.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        sheet.row_dimensions[row].height = 30
    top = len(_INTRO) + 2
    for index, heading in enumerate(
        ("Column", "Required", "What to write", "Example", "Allowed values"), 1
    ):
        cell = sheet.cell(row=top, column=index, value=heading)
        cell.font, cell.fill = _HEADING, _FILL
    for row, column in enumerate(COLUMNS, start=top + 1):
        values = "; ".join(choices(column)) if column.vocabulary else ""
        cells = (
            column.header,
            "Yes" if column.required else "",
            column.guidance,
            column.example,
            values,
        )
        for index, value in enumerate(cells, start=1):
            sheet.cell(row=row, column=index, value=value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for letter, width in zip("ABCDE", (24, 10, 60, 30, 60), strict=True):
        sheet.column_dimensions[letter].width = width
