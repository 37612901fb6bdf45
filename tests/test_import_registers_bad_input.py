"""Bad input for every register format (quality.md): wrong encoding, renamed columns, empty and
truncated files, duplicate ids, invalid postcodes, ages the wrong way round, markup and huge
fields. A refused file leaves every table as it was; a bad record is reported with its line and
field, and the rest loads.

Not applicable, and why: CQC, ODS and Charity Commission files have no age columns (CQC ages
come from its user bands), so "minimum age above maximum" is tested on GIAS and SEN2 only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from directory.importers.report import ImportReport
from directory.importers.scope import Scope
from directory.localoffer import load_config
from directory.settings import default_config_path
from tests.import_helpers import do_import, snapshot
from tests.register_files import (
    EPRACCUR,
    area,
    charity,
    classification,
    cqc_directory_row,
    cqc_directory_text,
    gias_row,
    gias_text,
    write_extract_json,
)
from tests.test_import_cqc_charity import extract

BARNET = Scope.of(load_config(default_config_path()))
HUGE = "x" * 250_000


def run(session: Session, fmt: str, path: Path) -> ImportReport:
    return do_import(session, fmt, path, source="feed", scope=BARNET)


def refused(session: Session, fmt: str, path: Path) -> str:
    before = snapshot(session)
    report = run(session, fmt, path)
    assert report.exit_code == 2, report.lines()
    assert snapshot(session) == before
    assert report.failure is not None
    return report.failure


def gias_file(tmp_path: Path, text: str, encoding: str = "cp1252") -> Path:
    path = tmp_path / "edubasealldata20260101.csv"
    path.write_bytes(text.encode(encoding))
    return path


def ods_file(tmp_path: Path, lines: list[str], encoding: str = "ascii") -> Path:
    path = tmp_path / "epraccur.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def cqc_file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "CQC_directory.csv"
    path.write_bytes(text.encode(encoding))
    return path


ODS_LINES = EPRACCUR.read_text().splitlines()


# ------------------------------------------------------------------ files refused as a whole


def _gias_truncated(tmp_path: Path) -> Path:
    text = gias_text([gias_row(), gias_row(URN="101396")])
    return gias_file(tmp_path, text[: text.rindex('"Northway') + 5])


def _ods_truncated(tmp_path: Path) -> Path:
    path = tmp_path / "epraccur.csv"
    path.write_text("\r\n".join(ODS_LINES[:3]) + '\r\n"E83010","SOME PRACT')
    return path


def _cqc_truncated(tmp_path: Path) -> Path:
    text = cqc_directory_text([cqc_directory_row(), cqc_directory_row()])
    return cqc_file(tmp_path, text[:-60])


def _charity_truncated(tmp_path: Path) -> Path:
    folder = tmp_path / "cc"
    for name, records in extract().items():
        path = write_extract_json(folder, name, records)
    path = folder / "publicextract.charity.json"
    path.write_bytes(path.read_bytes()[:-200])
    return folder


def _charity_cp1252(tmp_path: Path) -> Path:
    folder = tmp_path / "cc"
    for name, records in extract().items():
        write_extract_json(folder, name, records)
    records = extract()["charity"]
    records[0]["charity_name"] = "Caf\u00e9 Club"
    (folder / "publicextract.charity.json").write_bytes(
        json.dumps(records, ensure_ascii=False).encode("cp1252")
    )
    return folder


def _charity_renamed(tmp_path: Path) -> Path:
    tables = extract()
    for record in tables["charity"]:
        record["charity_title"] = record.pop("charity_name")
    folder = tmp_path / "cc"
    for name, records in tables.items():
        write_extract_json(folder, name, records)
    return folder


def _charity_empty(tmp_path: Path) -> Path:
    folder = tmp_path / "cc"
    for name, records in extract().items():
        write_extract_json(folder, name, records)
    (folder / "publicextract.charity.json").write_bytes(b"\xef\xbb\xbf")
    return folder


REFUSED: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "gias utf-16": (
        "gias",
        lambda p: gias_file(p, gias_text([gias_row()]), "utf-16"),
        "is not CSV text (UTF-16 or a binary file",
    ),
    "gias renamed URN": (
        "gias",
        lambda p: gias_file(p, gias_text([gias_row()]).replace('"URN"', '"Urn ID"', 1)),
        "missing column 'URN'",
    ),
    "gias empty": ("gias", lambda p: gias_file(p, "\r\n"), "the file is empty"),
    "gias header only": (
        "gias",
        lambda p: gias_file(p, gias_text([])),
        "has a header but no records",
    ),
    "gias truncated": ("gias", _gias_truncated, "the file is truncated"),
    "ods not ascii or cp1252": (
        "epraccur",
        lambda p: ods_file(p, ODS_LINES[:2], "utf-16"),
        "is not CSV text",
    ),
    "ods with a header": (
        "epraccur",
        lambda p: ods_file(p, ["Organisation Code,Name", *ODS_LINES[:2]]),
        "an epraccur file has no header and 27 columns",
    ),
    "ods empty": ("epraccur", lambda p: ods_file(p, [""]), "the file is empty"),
    "ods truncated": ("epraccur", _ods_truncated, "truncated"),
    "cqc utf-16": (
        "cqc",
        lambda p: cqc_file(p, cqc_directory_text([cqc_directory_row()]), "utf-16"),
        "is not CSV text",
    ),
    "cqc renamed postcode": (
        "cqc",
        lambda p: cqc_file(
            p, cqc_directory_text([cqc_directory_row()]).replace(",Postcode,", ",Zip,")
        ),
        "missing column 'Postcode'",
    ),
    "cqc empty": ("cqc", lambda p: cqc_file(p, ""), "the file is empty"),
    "cqc no header": (
        "cqc",
        lambda p: cqc_file(p, "CQC Locations data,,\r\n,,\r\n"),
        "no header row with a 'Name' column",
    ),
    "cqc truncated": ("cqc", _cqc_truncated, "truncated"),
    "charity cp1252 json": ("charity-commission", _charity_cp1252, "is not UTF-8 text"),
    "charity renamed field": (
        "charity-commission",
        _charity_renamed,
        "missing field 'charity_name'",
    ),
    "charity empty": ("charity-commission", _charity_empty, "the file is empty"),
    "charity truncated": (
        "charity-commission",
        _charity_truncated,
        "the JSON ends too early",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_files_change_nothing(session: Session, tmp_path: Path, case: str) -> None:
    fmt, build, message = REFUSED[case]

    failure = refused(session, fmt, build(tmp_path))

    assert message in failure


# ------------------------------------------------------------- records rejected or cleaned


def test_gias_bad_records(session: Session, tmp_path: Path) -> None:
    rows = [
        gias_row(),
        gias_row(EstablishmentName="Northway again"),  # duplicate URN 101395
        gias_row(URN="101396", StatutoryLowAge="16", StatutoryHighAge="11"),
        gias_row(URN="101397", Postcode="NOT A POSTCODE"),
        gias_row(URN="101398", EstablishmentName="<script>alert(1)</script>Oak Lodge"),
        gias_row(URN="101399", Street=HUGE),
    ]
    path = gias_file(tmp_path, gias_text(rows))

    report = run(session, "gias", path)

    assert report.exit_code == 1
    problems = {
        (p.where.split(" line ")[1], p.severity, p.field): p.reason for p in report.problems
    }
    assert problems[("3", "rejected", "URN")] == (
        "URN 101395 appears again (first on line 2); left out"
    )
    assert problems[("4", "rejected", "minimum_age")] == "minimum age 16 is above maximum age 11"
    assert problems[("5", "warning", "Postcode")] == (
        "'NOT A POSTCODE' is not a valid UK postcode; left out"
    )
    assert problems[("6", "warning", "EstablishmentName")] == (
        "EstablishmentName had HTML markup, which was removed"
    )
    assert "250,000 characters long" in problems[("7", "rejected", "street")]
    assert report.counts["created"] == 3
    assert "<script>" not in str(snapshot(session)["service"])


def test_ods_bad_records(session: Session, tmp_path: Path) -> None:
    first = ODS_LINES[0]
    lines = [
        first,
        first,  # the same practice twice
        ODS_LINES[1].replace('"N3 2JP"', '"N3 2JPX"'),
        ODS_LINES[2].replace("GREENFIELD MEDICAL CENTRE", "<b onclick='x()'>GREENFIELD</b>", 1),
        ODS_LINES[3].replace('"SQUIRES LANE MEDICAL PRACTICE"', f'"{HUGE}"', 1),
    ]

    report = run(session, "epraccur", ods_file(tmp_path, lines))

    assert report.exit_code == 1
    reasons = [(p.where, p.field, p.reason) for p in report.problems]
    assert reasons[0] == (
        "epraccur.csv line 2",
        "Organisation Code",
        "practice E83003 appears again (first on line 1); left out",
    )
    assert ("epraccur.csv line 3", "Postcode", "'N3 2JPX' is not a valid UK postcode") in reasons
    assert any(w == "epraccur.csv line 4" and f == "Name" for w, f, _ in reasons)
    assert any(w == "epraccur.csv line 5" and "characters long" in r for w, _, r in reasons)
    assert report.counts["created"] == 2


def test_cqc_bad_records(session: Session, tmp_path: Path) -> None:
    rows = [
        cqc_directory_row(),
        cqc_directory_row(Name="Again"),  # same location id
        cqc_directory_row(
            Postcode="ZZ",
            **{"CQC Location ID (for office use only)": "1-200000001"},
        ),
        cqc_directory_row(
            Name="<script>x</script>Kids Care",
            **{"CQC Location ID (for office use only)": "1-200000002"},
        ),
        cqc_directory_row(Name=HUGE, **{"CQC Location ID (for office use only)": "1-200000003"}),
    ]

    report = run(session, "cqc", cqc_file(tmp_path, cqc_directory_text(rows)))

    assert report.exit_code == 1
    reasons = {
        (p.where.split(" line ")[1], p.field): p.reason
        for p in report.problems
        if " line " in p.where
    }
    assert reasons[("7", "Location ID")].startswith("location 1-10553191017 appears again")
    assert reasons[("8", "Postcode")] == "'ZZ' is not a valid UK postcode"
    assert reasons[("9", "Name")] == "Name had HTML markup, which was removed"
    assert "characters long" in reasons[("10", "Name")]
    assert report.counts["created"] == 2


def test_charity_bad_records(session: Session, tmp_path: Path) -> None:
    tables = extract()
    tables["charity"] = [
        charity(1100001, "Barnet Families Together"),
        charity(1100001, "Barnet Families Together again"),
        charity(
            1100007,
            "Script Charity",
            charity_activities="<p>Play</p><script>steal()</script><img src=x onerror=y()>",
            charity_contact_postcode="NOPE",
        ),
        charity(1100008, "Huge Charity", charity_activities=HUGE),
    ]
    for number in (1100007, 1100008):
        tables["charity_classification"].append(classification(number, 203))
        tables["charity_area_of_operation"].append(area(number))
    folder = tmp_path / "cc"
    for name, records in tables.items():
        write_extract_json(folder, name, records)

    report = run(session, "charity-commission", folder)

    assert report.exit_code == 1
    reasons = {(p.where.rsplit(" ", 1)[1], p.field, p.severity): p.reason for p in report.problems}
    assert reasons[("2", "registered_charity_number", "rejected")].startswith(
        "charity 1100001 appears again"
    )
    assert reasons[("3", "charity_contact_postcode", "warning")] == (
        "'NOPE' is not a valid UK postcode; left out"
    )
    assert reasons[("3", "charity_activities", "warning")].startswith("charity_activities had")
    assert "characters long" in reasons[("4", "charity_activities", "rejected")]
    stored = snapshot(session)["service"]
    assert "steal()" not in str(stored) and "onerror" not in str(stored)
    assert report.counts["created"] == 2
