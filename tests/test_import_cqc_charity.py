"""CQC and Charity Commission imports on hand-made files in the exact published layouts (no real
sample of either is stored): title lines, pipe-separated values, Y/blank flags, BOM JSON and
tab-separated tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.report import ImportReport
from directory.importers.scope import Scope
from directory.localoffer import load_config
from directory.models import Service
from directory.settings import default_config_path
from tests.import_helpers import do_import, load_postcodes
from tests.register_files import (
    AREA_FIELDS,
    CHARITY_FIELDS,
    CLASSIFICATION_FIELDS,
    CQC_FILTERS_HEADER,
    area,
    charity,
    classification,
    cqc_directory_row,
    cqc_directory_text,
    cqc_filters_row,
    csv_text,
    write_extract_json,
    write_extract_txt,
)

BARNET = Scope.of(load_config(default_config_path()))


def run(session: Session, fmt: str, path: Path, scope: Scope = BARNET) -> ImportReport:
    return do_import(session, fmt, path, source=fmt, scope=scope)


def terms(service: Service) -> set[tuple[str, str]]:
    return {(a.link_type or "", a.taxonomy_term.code) for a in service.attributes}


def service_named(session: Session, name: str) -> Service:
    return session.scalars(select(Service).where(Service.name == name)).one()


def directory_rows() -> list[list[str]]:
    return [
        cqc_directory_row(),
        cqc_directory_row(
            Name="Sunset Lodge",
            Address="1 High Street,Barnet",
            Postcode="EN5 5SJ",
            **{
                "Service types": "Residential homes",
                "Specialisms/services": "Caring for adults over 65 yrs|Dementia",
                "CQC Location ID (for office use only)": "1-111111111",
            },
        ),
        cqc_directory_row(
            Name="The Surgery",
            **{
                "Service types": "Doctors/GPs",
                "Specialisms/services": "Services for everyone",
                "CQC Location ID (for office use only)": "1-222222222",
            },
        ),
        cqc_directory_row(
            Name="Enfield Care",
            **{
                "Local authority": "Enfield",
                "CQC Location ID (for office use only)": "1-333333333",
            },
        ),
    ]


def write_directory(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "16_September_2026_CQC_directory.csv"
    path.write_bytes(cqc_directory_text(rows).encode(encoding))
    return path


def test_weekly_directory(session: Session, tmp_path: Path) -> None:
    load_postcodes(session, tmp_path, "NW9")
    report = run(session, "cqc", write_directory(tmp_path, directory_rows()))

    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == 1
    assert report.notes == [
        "16_September_2026_CQC_directory.csv: CQC data as at 16 September 2026",
        "16_September_2026_CQC_directory.csv: locations left out: 1 only for older people or "
        "without a SEND-relevant specialism; 1 GP practices (imported from the NHS ODS file, "
        "epraccur)",
    ]
    care = service_named(session, "Barnet Children's Homecare")
    assert terms(care) == {
        ("sector", "social_care"),
        ("service-type", "home_care"),
        ("send-need", "MLD"),
        ("send-need", "SLD"),
        ("send-need", "PMLD"),
        ("send-need", "PD"),
    }
    assert (care.minimum_age, care.maximum_age) == (Decimal("0"), Decimal("64"))
    assert [p.number for p in care.phones] == ["020 8959 0000"]
    assert care.url == "https://www.example.org.uk"
    assert care.extra == {
        "cqc": {
            "last_checked": "2022-05-19",
            "url": "https://www.cqc.org.uk/location/1-10553191017",
        }
    }
    [site] = [sal.location for sal in care.service_at_locations]
    [address] = site.addresses
    assert (address.address_1, address.address_2, address.city) == (
        "Unit 4",
        "Bristol Avenue, Colindale",
        "London",
    )
    assert site.latitude is not None
    assert care.organization.identifiers[0].identifier == "1-101671690"

    again = run(session, "cqc", write_directory(tmp_path, directory_rows()))
    assert again.counts["unchanged"] == 1 and again.counts["created"] == 0


def test_older_directory_spellings_and_dates(session: Session, tmp_path: Path) -> None:
    text = cqc_directory_text([cqc_directory_row(**{"Date of latest check": "14/07/2016 - 00:00"})])
    text = text.replace("Local authority", "Local Authority").replace(
        "CQC Location ID (for office use only)", "CQC Location (for office use only"
    )
    path = tmp_path / "old.csv"
    path.write_bytes(text.encode("cp1252"))

    report = run(session, "cqc", path)

    assert report.exit_code == 0, report.lines()
    care = service_named(session, "Barnet Children's Homecare")
    assert care.extra is not None and care.extra["cqc"]["last_checked"] == "2016-07-14"


def test_care_directory_with_filters(session: Session, tmp_path: Path) -> None:
    older = cqc_filters_row(
        ("Service user band - Older People", "Service user band - Dementia"),
        **{"Location ID": "1-4444444444", "Location Name": "Care for Elders"},
    )
    dormant = cqc_filters_row(**{"Location ID": "1-5555555555", "Dormant (Y/N)": "Y"})
    path = tmp_path / "01_October_2026_HSCA_Active_Locations.csv"
    path.write_text(csv_text(CQC_FILTERS_HEADER, [cqc_filters_row(), older, dormant]))

    report = run(session, "cqc", path)

    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == 1
    assert "1 dormant" in report.notes[-1]
    house = service_named(session, "Elmwood Respite House")
    assert terms(house) == {
        ("sector", "social_care"),
        ("service-type", "residential_care"),
        ("send-need", "MLD"),
        ("send-need", "SLD"),
        ("send-need", "PMLD"),
        ("send-need", "ASD"),
    }
    assert (house.minimum_age, house.maximum_age) == (Decimal("0"), Decimal("18"))
    assert house.organization.organization_type == "charity"
    schemes = {(i.identifier_scheme, i.identifier) for i in house.organization.identifiers}
    assert ("GB-CHC", "1123456") in schemes
    [site] = [sal.location for sal in house.service_at_locations]
    assert (site.latitude, site.longitude) == (51.601, -0.193)


def test_filters_file_without_band_columns_is_refused(session: Session, tmp_path: Path) -> None:
    header = [h for h in CQC_FILTERS_HEADER if not h.startswith("Service user band")]
    path = tmp_path / "locations.csv"
    path.write_text(csv_text(header, [cqc_filters_row()[: len(header)]]))

    report = run(session, "cqc", path)

    assert report.failure is not None
    assert "missing the 'Service user band - ...' columns" in report.failure


# ----------------------------------------------------------------------- Charity Commission


def extract() -> dict[str, list[dict[str, Any]]]:
    return {
        "charity": [
            charity(1100001, "Barnet Families Together"),
            charity(1100002, "Barnet Elders Club"),
            charity(1100003, "London Disability Forum", charity_contact_postcode="N3 2JP"),
            charity(1100004, "London Wide Group", charity_contact_postcode="SE1 7PB"),
            charity(1100005, "Removed Charity", charity_registration_status="Removed"),
            charity(1100001, "Barnet Families Subsidiary", linked_charity_number=1),
            charity(1100006, "Elsewhere Children", charity_contact_postcode="B1 1AA"),
        ],
        "charity_classification": [
            classification(1100001, 201),
            classification(1100001, 104),
            classification(1100002, 202),
            classification(1100003, 203),
            classification(1100004, 201),
            classification(1100005, 201),
            classification(1100006, 201),
        ],
        "charity_area_of_operation": [
            area(1100001),
            area(1100002),
            area(1100003, "Region", "Throughout London"),
            area(1100004, "Region", "Throughout London"),
            area(1100005),
            area(1100006, "Local Authority", "Birmingham City"),
        ],
    }


def write_json_extract(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    for name, records in tables.items():
        write_extract_json(folder, name, records)
    return folder


def test_register_extract_json(session: Session, tmp_path: Path) -> None:
    report = run(session, "charity-commission", write_json_extract(tmp_path / "cc", extract()))

    assert report.exit_code == 0, report.lines()
    names = set(session.scalars(select(Service.name)))
    # Barnet by name; a London-wide charity based in a Barnet district; not the elders' club,
    # the removed charity, the subsidiary, London-wide ones based elsewhere, or Birmingham's.
    assert names == {"Barnet Families Together", "London Disability Forum"}
    families = service_named(session, "Barnet Families Together")
    assert terms(families) == {("sector", "voluntary"), ("send-need", "ALL")}
    assert families.organization.organization_type == "charity"
    [identifier] = families.organization.identifiers
    assert (identifier.identifier_scheme, identifier.identifier) == ("GB-CHC", "1100001")
    assert families.description == (
        "<p>Support, advice and activities for disabled children and their families in Barnet.</p>"
    )
    [office] = [sal.location for sal in families.service_at_locations]
    assert office.location_type == "postal"

    again = run(session, "charity-commission", tmp_path / "cc")
    assert again.counts["unchanged"] == 2 and again.counts["created"] == 0


def test_register_extract_tab_separated(session: Session, tmp_path: Path) -> None:
    tables = extract()
    folder = tmp_path / "txt"
    write_extract_txt(folder, "charity", CHARITY_FIELDS, tables["charity"])
    write_extract_txt(
        folder, "charity_classification", CLASSIFICATION_FIELDS, tables["charity_classification"]
    )
    write_extract_txt(
        folder, "charity_area_of_operation", AREA_FIELDS, tables["charity_area_of_operation"]
    )

    report = run(session, "charity-commission", folder)

    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == 2


def test_a_missing_table_is_named(session: Session, tmp_path: Path) -> None:
    tables = extract()
    del tables["charity_classification"]

    report = run(session, "charity-commission", write_json_extract(tmp_path / "cc", tables))

    assert report.failure is not None
    assert "missing the charity_classification table" in report.failure
