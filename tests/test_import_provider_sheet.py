# ruff: noqa: E501 - messages are asserted whole, as the user reads them
"""The provider spreadsheet: the shipped demo rows, the XLSX template round trip, and errors
reported per cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.demo import demo_folder
from directory.importers.provider_columns import COLUMNS
from directory.importers.template import write_template
from directory.models import Location, Organization, Service
from tests.import_helpers import do_import, load_postcodes, snapshot
from tests.test_import_oruk import service_terms

HEADERS = [c.header for c in COLUMNS]


def sheet(path: Path, *rows: dict[str, str], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADERS])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row(**values: str) -> dict[str, str]:
    base = {
        "Service name": "Saturday club",
        "Organisation": "Friends of Finchley",
        "Description": "A club for children who find busy places hard.",
        "Needs": "ASD; SLCN",
        "Minimum age": "5",
        "Maximum age": "11",
        "Postcode": "N3 1TR",
        "Venue name": "Church End Library",
        "Cost": "Free",
    }
    return base | values


def test_the_demo_provider_rows_load_cleanly_and_idempotently(
    session: Session, tmp_path: Path
) -> None:
    load_postcodes(
        session,
        tmp_path,
        *["EN4", "EN5", "HA8", "N2", "N3", "N11", "N12", "N20", "NW2", "NW4", "NW7", "NW9", "NW11"],
    )
    path = demo_folder() / "barnet_providers.csv"

    first = do_import(session, "provider-csv", path, source="demo:barnet_providers")
    second = do_import(session, "provider-csv", path, source="demo:barnet_providers")

    assert first.problems == [] and first.counts["created"] >= 25
    assert second.counts["unchanged"] == first.counts["created"]
    sectors = {
        code
        for s in session.scalars(select(Service))
        for v, code in service_terms(session, s)
        if v == "sector"
    }
    assert sectors == {"education", "health", "social_care", "voluntary"}
    unplaced = session.scalars(select(Location).where(Location.latitude.is_(None))).all()
    assert unplaced == [], "every demo venue has a real Barnet postcode"


def test_template_has_guidance_lists_and_round_trips(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "providers.xlsx"
    write_template(path)

    book = load_workbook(path)
    assert book.sheetnames == ["Services", "Guidance", "Lists"]
    services = book["Services"]
    assert [c.value for c in services[1]] == HEADERS
    validations = {str(v.sqref): v for v in services.data_validations.dataValidation}
    needs = next(v for ref, v in validations.items() if ref.startswith("J2"))
    assert needs.formula1.startswith("=Lists!") and needs.showErrorMessage is False
    cost = next(v for ref, v in validations.items() if ref.startswith("Q2"))
    assert cost.showErrorMessage is True
    [lists] = [
        [c.value for c in col] for col in book["Lists"].iter_cols() if col[0].value == "Needs"
    ]
    assert "Autistic spectrum disorder" in lists and "All needs" in lists

    values = row(
        **{
            "Needs": "Autistic spectrum disorder; All needs",
            "Days": "Saturday",
            "Opens at": "10:00",
            "Closes at": "12:00",
            "Cost": "Costs money",
        }
    )
    services.append([values.get(h) for h in HEADERS])
    services["K2"] = 5  # Excel numbers, not text
    book.save(path)

    report = do_import(session, "provider-csv", path)

    assert report.exit_code == 0, report.lines()
    service = session.scalars(select(Service)).one()
    assert (service.cost_state, int(service.minimum_age or 0)) == ("paid", 5)
    assert {c for v, c in service_terms(session, service) if v == "send-need"} == {"ASD", "ALL"}
    [sal] = service.service_at_locations
    assert [(s.byday, s.opens_at) for s in sal.schedules] == [("SA", "10:00")]


def test_errors_name_the_row_and_the_cell(session: Session, tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "providers.csv",
        row(**{"Minimum age": "five"}),
        row(**{"Service name": "Second", "Needs": "ASD; Wibble"}),
        row(**{"Service name": "Third", "Postcode": "N3 1T"}),
        row(**{"Service name": "Fourth", "Email": "not an email"}),
        row(**{"Service name": "Fine"}),
    )
    before = snapshot(session)

    report = do_import(session, "provider-csv", path)

    assert [str(p) for p in report.problems if p.severity == "rejected"] == [
        "rejected: providers.csv row 2: column K (Minimum age) = 'five': the value is not an age in years (a number such as 5 or 0.5)",
        "rejected: providers.csv row 3: column J (Needs) = 'ASD; Wibble': 'Wibble' is not a known needs value (one of: SLCN, ASD, SPLD, MLD, SLD, PMLD, SEMH, HI, VI, MSI, PD, OTH, DS, NSA, ALL)",
        "rejected: providers.csv row 4: column X (Postcode) = 'N3 1T': 'N3 1T' is not a valid UK postcode",
        "rejected: providers.csv row 5: column AF (Email) = 'not an email': the value is not an e-mail address",
    ]
    assert report.exit_code == 1 and report.counts["created"] == 1
    assert snapshot(session) != before


def test_a_missing_required_column_refuses_the_file(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text("Service name,Organisation,Needs\nClub,Friends,ASD\n", encoding="utf-8")
    before = snapshot(session)

    report = do_import(session, "provider-csv", path)

    assert report.exit_code == 2
    assert report.failure == (
        "old.csv: the heading row (row 1) has no 'Description' column; the template "
        "(`local-offer template`) has every column"
    )
    assert snapshot(session) == before


def test_windows_1252_csv_is_read_correctly(session: Session, tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "excel.csv",
        row(**{"Organisation": "Café Crème Club", "Cost details": "£3"}),
        encoding="cp1252",
    )

    report = do_import(session, "provider-csv", path)

    assert report.exit_code == 0
    assert session.scalars(select(Organization.name)).one() == "Café Crème Club"
    assert session.scalars(select(Service.fees_description)).one() == "£3"
    assert any("read as cp1252" in note for note in report.notes)


def test_a_renamed_service_without_reference_is_withdrawn_and_replaced(
    session: Session, tmp_path: Path
) -> None:
    do_import(session, "provider-csv", sheet(tmp_path / "a.csv", row()), source="friends")
    report = do_import(
        session,
        "provider-csv",
        sheet(tmp_path / "a.csv", row(**{"Service name": "Sunday club"})),
        source="friends",
    )

    assert (report.counts["created"], report.counts["withdrawn"]) == (1, 1)
    assert (
        session.scalar(select(func.count()).select_from(Service).where(Service.status == "active"))
        == 1
    )
