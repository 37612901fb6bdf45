"""The CQC "care directory with filters" as CQC publishes it: an .ods workbook (earlier .xlsx)
with a front sheet of notes before the data, typed cells (numbers, dates) and a telephone
number stored as a number that has lost its leading zero."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.report import ImportReport
from directory.importers.scope import Scope
from directory.importers.sources import Document
from directory.importers.spreadsheet import sheet_as_csv
from directory.localoffer import load_config
from directory.models import Phone, Service
from directory.settings import default_config_path
from tests.import_helpers import do_import
from tests.register_files import CQC_FILTERS_HEADER, cqc_filters_row

BARNET = Scope.of(load_config(default_config_path()))
FRONT = [["Care directory with filters"], ["Data as at 1 October 2026"]]
TYPED = {
    "Location Latitude": 51.601,
    "Location Longitude": -0.193,
    "Care homes beds": 6.0,
    "Location Telephone Number": 2089590001.0,
    "Location HSCA start date": datetime.date(2015, 4, 1),
}


def data_rows() -> list[list[object]]:
    typed = [
        TYPED.get(header, value)
        for header, value in zip(CQC_FILTERS_HEADER, cqc_filters_row(), strict=True)
    ]
    return [list(CQC_FILTERS_HEADER), typed]


def write_xlsx(path: Path) -> Path:
    book = Workbook()
    front = book.active
    assert front is not None
    front.title = "Front page"
    for row in FRONT:
        front.append(row)
    data = book.create_sheet("HSCA_Active_Locations")
    for row in data_rows():
        data.append(row)
    book.save(path)
    return path


def _ods_cell(value: object) -> TableCell:
    if isinstance(value, float):
        cell = TableCell(valuetype="float", value=value)
    elif isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def write_ods(path: Path) -> Path:
    document = OpenDocumentSpreadsheet()
    for name, rows in (("Front page", FRONT), ("HSCA_Active_Locations", data_rows())):
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                table_row.addElement(_ods_cell(value))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def run(session: Session, path: Path) -> ImportReport:
    return do_import(session, "cqc", path, source="cqc", scope=BARNET)


def check_loaded(session: Session, path: Path) -> None:
    report = run(session, path)

    assert report.exit_code == 0, report.lines()
    house = session.scalars(select(Service).where(Service.name == "Elmwood Respite House")).one()
    assert (house.minimum_age, house.maximum_age) == (Decimal("0"), Decimal("18"))
    [site] = [sal.location for sal in house.service_at_locations]
    assert (site.latitude, site.longitude) == (51.601, -0.193)
    phones = session.scalars(select(Phone.number).where(Phone.service_id == house.id)).all()
    assert "020 8959 0001" in phones

    again = run(session, path)
    assert again.counts["unchanged"] == 1 and again.counts["created"] == 0


def test_the_filters_file_as_ods(session: Session, tmp_path: Path) -> None:
    check_loaded(session, write_ods(tmp_path / "HSCA_Active_Locations.ods"))


def test_the_filters_file_as_xlsx(session: Session, tmp_path: Path) -> None:
    check_loaded(session, write_xlsx(tmp_path / "HSCA_Active_Locations.xlsx"))


def test_a_damaged_or_unrelated_workbook_is_refused_by_name(
    session: Session, tmp_path: Path
) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx").read_bytes()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(whole[: len(whole) // 2])
    report = run(session, damaged)
    assert report.failure is not None and "damaged.xlsx" in report.failure
    assert session.scalars(select(Service)).first() is None

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Something", "Else"])
    unrelated = tmp_path / "unrelated.xlsx"
    book.save(unrelated)
    report = run(session, unrelated)
    assert report.failure == "unrelated.xlsx: no sheet has a 'Location ID' or 'Name' column"


def test_sheet_rows_keep_their_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B3"] = "location id"
    sheet["C3"] = "Location Name"
    sheet["B4"] = "1-2345678901"
    sheet["C4"] = datetime.datetime(2026, 10, 1, 9, 30)
    path = tmp_path / "book.xlsx"
    book.save(path)

    text = sheet_as_csv(Document(path.name, path.read_bytes()), ("Location ID",))

    assert text.splitlines()[2:4] == [",location id,Location Name", ",1-2345678901,01/10/2026"]
