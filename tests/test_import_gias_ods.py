"""GIAS and NHS ODS imports: the real samples, hand-made rows in the real layout, re-imports,
closures, and the rule that registers never list again what another source describes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.report import ImportReport
from directory.importers.scope import Scope
from directory.localoffer import load_config
from directory.models import Provenance, Service
from directory.settings import default_config_path
from tests.import_helpers import do_import, load_postcodes, oruk_service, write_json
from tests.register_files import (
    EPRACCUR,
    GIAS_FIXTURE,
    gias_header,
    gias_row,
    gias_text,
    write_gias,
)

BARNET = Scope.of(load_config(default_config_path()))
CITY = Scope("201", "E09000001", "E12000007", name="City of London")


def run(session: Session, fmt: str, path: Path, scope: Scope = BARNET, **kw: Any) -> ImportReport:
    return do_import(session, fmt, path, source=kw.pop("source", fmt), scope=scope, **kw)


def service_named(session: Session, name: str) -> Service:
    return session.scalars(select(Service).where(Service.name == name)).one()


def terms(service: Service) -> set[tuple[str, str]]:
    return {(a.link_type or "", a.taxonomy_term.code) for a in service.attributes}


def barnet_rows() -> list[dict[str, str]]:
    """Northway, a primary with autism resourced provision, a closed school, another LA."""
    primary = gias_row(
        URN="999101",
        EstablishmentName="Broadfields Primary School",
        **{
            "TypeOfEstablishment (code)": "01",
            "TypeOfEstablishment (name)": "Community school",
            "EstablishmentTypeGroup (name)": "Local authority maintained schools",
            "PhaseOfEducation (name)": "Primary",
            "StatutoryLowAge": "3",
            "StatutoryHighAge": "11",
            "NurseryProvision (name)": "Has Nursery Classes",
            "SEN1 (name)": "Not Applicable",
            "SEN2 (name)": "ASD - Autistic Spectrum Disorder",
            "SEN3 (name)": "",
            "TypeOfResourcedProvision (name)": "Resourced provision",
            "ResourcedProvisionCapacity": "14",
            "ResourcedProvisionOnRoll": "13",
            "Postcode": "HA8 8JE",
            "Easting": "",
            "Northing": "",
        },
    )
    closed = gias_row(URN="101399", EstablishmentName="Closed School")
    closed["EstablishmentStatus (name)"] = "Closed"
    elsewhere = gias_row(URN="100000", EstablishmentName="Elsewhere School")
    elsewhere["LA (code)"] = "201"
    return [gias_row(), primary, closed, elsewhere]


def test_the_real_2025_fixture_row(session: Session) -> None:
    report = run(session, "gias", GIAS_FIXTURE, CITY)

    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == 1
    school = service_named(session, "The Aldgate School")
    assert (school.minimum_age, school.maximum_age) == (Decimal("3"), Decimal("11"))
    assert school.url == "https://www.thealdgateschool.org"
    assert terms(school) == {
        ("sector", "education"),
        ("service-type", "mainstream_school"),
        ("service-type", "early_years_setting"),
        ("send-need", "ALL"),
    }
    assert school.extra is not None and school.extra["gias"]["census_date"] == "2024-01-18"
    [identifier] = school.organization.identifiers
    assert (identifier.identifier_scheme, identifier.identifier) == ("GB-EDU", "100000")
    assert [p.number for p in school.phones] == ["020 7283 1147"]
    [site] = [sal.location for sal in school.service_at_locations]
    assert site.latitude is not None and abs(site.latitude - 51.5139) < 0.002
    assert site.longitude is not None and abs(site.longitude - -0.0764) < 0.002


def test_the_fixture_is_refused_for_an_authority_it_does_not_cover(session: Session) -> None:
    report = run(session, "gias", GIAS_FIXTURE)

    assert report.failure is not None
    assert "no open establishments of LA 302" in report.failure


def test_barnet_special_school_and_resourced_provision(session: Session, tmp_path: Path) -> None:
    load_postcodes(session, tmp_path, "HA8")
    report = run(session, "gias", write_gias(tmp_path / "edubasealldata.csv", barnet_rows()))

    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == 2  # the closed school and the other LA's are left out
    northway = service_named(session, "Northway School")
    assert terms(northway) == {
        ("sector", "education"),
        ("service-type", "special_school"),
        ("send-need", "MLD"),
        ("send-need", "ASD"),
        ("send-need", "SLCN"),
        ("referral-route", "ehc_plan"),
    }
    assert northway.ehcp_required is True
    assert (northway.minimum_age, northway.maximum_age) == (Decimal("5"), Decimal("11"))
    assert "moderate learning difficulty, autistic spectrum disorder" in northway.description
    primary = service_named(session, "Broadfields Primary School")
    assert ("service-type", "resourced_provision") in terms(primary)
    assert ("send-need", "ASD") in terms(primary)  # SEN2 read although SEN1 is not applicable
    assert primary.extra is not None
    assert primary.extra["gias"]["resourced_provision"] == {
        "type": "Resourced provision",
        "capacity": 14,
        "on_roll": 13,
    }
    assert "Has resourced provision (resourced provision: 14 places, 13 pupils on roll)." in (
        primary.description_text
    )
    [site] = [sal.location for sal in primary.service_at_locations]
    assert site.latitude is not None  # no grid reference: placed by its postcode


def test_reimport_changes_nothing_and_a_closure_withdraws(session: Session, tmp_path: Path) -> None:
    path = write_gias(tmp_path / "edubasealldata.csv", barnet_rows())
    run(session, "gias", path)

    again = run(session, "gias", path)
    assert again.counts["created"] == again.counts["updated"] == 0
    assert again.counts["unchanged"] == 2

    rows = barnet_rows()
    rows[0]["EstablishmentStatus (name)"] = "Closed"
    closed = run(session, "gias", write_gias(tmp_path / "edubasealldata.csv", rows))
    assert closed.counts["withdrawn"] == 1
    assert service_named(session, "Northway School").status == "inactive"


def test_a_utf8_copy_with_a_stray_c1_character_reads_as_windows_1252(
    session: Session, tmp_path: Path
) -> None:
    row = gias_row(EstablishmentName="St Mary\u0092s CE School")
    path = write_gias(tmp_path / "copy.csv", [row], encoding="utf-8")

    report = run(session, "gias", path)

    assert report.exit_code == 0, report.lines()
    service_named(session, "St Mary\u2019s CE School")


def test_every_authority_with_all_las(session: Session, tmp_path: Path) -> None:
    path = write_gias(tmp_path / "edubasealldata.csv", barnet_rows())
    everywhere = Scope.of(load_config(default_config_path()), everywhere=True)

    report = run(session, "gias", path, everywhere)

    assert report.counts["created"] == 3


def test_a_layout_without_a_column_we_need_names_it(session: Session, tmp_path: Path) -> None:
    header_row = gias_row()
    path = tmp_path / "old.csv"
    header = [h for h in gias_header() if h != "StatutoryHighAge"]
    path.write_bytes(gias_text([header_row], header).encode("cp1252"))

    report = run(session, "gias", path)

    assert report.failure is not None
    assert report.failure.startswith("old.csv: missing column 'StatutoryHighAge'")


def test_the_real_barnet_gp_practice_file(session: Session, tmp_path: Path) -> None:
    load_postcodes(session, tmp_path, "N20", "N3", "NW2")
    report = run(session, "epraccur", EPRACCUR)

    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == 54  # active GP practices (setting 4) of 07M, Dec 2019
    practice = service_named(session, "Oakleigh Road Health Centre (GP practice)")
    assert terms(practice) == {
        ("sector", "health"),
        ("service-type", "gp"),
        ("send-need", "ALL"),
        ("referral-route", "self"),
        ("delivery-method", "in_person"),
    }
    assert [p.number for p in practice.phones] == ["020 8361 3638"]
    assert practice.organization.organization_type == "nhs"
    [site] = [sal.location for sal in practice.service_at_locations]
    [address] = site.addresses
    assert (address.address_1, address.address_2, address.city, address.postal_code) == (
        "Oakleigh Road Health Centre",
        "280 Oakleigh Road North, Whetstone",
        "London",
        "N20 0DH",
    )
    assert site.latitude is not None

    again = run(session, "epraccur", EPRACCUR)
    assert again.counts["unchanged"] == 54 and again.counts["created"] == 0


def test_other_commissioners_are_left_out(session: Session) -> None:
    report = run(session, "epraccur", EPRACCUR, CITY)

    assert report.failure is not None
    assert "no active GP practices of" in report.failure


def test_a_register_does_not_list_again_what_another_source_describes(
    session: Session, tmp_path: Path
) -> None:
    described = oruk_service(name="Northway School: our offer")
    described["organization"]["organization_identifiers"][0].update(
        identifier_scheme="GB-EDU", identifier="101395"
    )
    do_import(session, "oruk", write_json(tmp_path / "offer.json", [described]), source="offer")
    path = write_gias(tmp_path / "edubasealldata.csv", barnet_rows())

    report = run(session, "gias", path)

    assert report.counts["created"] == 1
    assert any("another source already lists" in n and "offer: 101395" in n for n in report.notes)
    names = set(session.scalars(select(Service.name)))
    assert "Northway School" not in names and "Northway School: our offer" in names
    gias_services = session.scalars(
        select(Provenance.source_id).where(
            Provenance.source == "gias", Provenance.entity_type == "service"
        )
    ).all()
    assert gias_services == ["999101"]
