"""Bad input in postcode files, one hand-made file per case: a refused file names itself and
changes nothing; a bad row is rejected by its row number and the rest loads."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Postcode, PostcodeDistrict
from tests.import_helpers import do_import, refused

CHURCH_END = '"N3 1TR",10,525186,190580\n'  # Code-Point Open: postcode, quality, grid reference
HENDON = '"NW4 4BQ",10,523226,189032\n'


@pytest.fixture
def existing(session: Session, tmp_path: Path) -> None:
    """A database that already holds a postcode, so "unchanged" means something."""
    path = tmp_path / "before.csv"
    path.write_text(CHURCH_END)
    assert do_import(session, "postcodes", path, source="feed").counts["created"] == 1


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def stored(session: Session) -> set[str]:
    return set(session.scalars(select(Postcode.postcode)))


@pytest.mark.parametrize(
    ("content", "failure"),
    [
        ("", "empty.csv: the file is empty"),
        ("\r\n \r\n", "empty.csv: the file is empty"),
        ("pcds,lat,long\n", "empty.csv: no postcodes with a position, so nothing was loaded"),
    ],
    ids=["no bytes", "blank lines", "header only"],
)
def test_empty_file(
    session: Session, tmp_path: Path, existing: None, content: str, failure: str
) -> None:
    assert refused(session, write(tmp_path, "empty.csv", content), "postcodes").failure == failure


def test_invalid_postcode_rows_are_rejected_by_row_and_the_rest_load(
    session: Session, tmp_path: Path, existing: None
) -> None:
    path = write(tmp_path, "pc.csv", HENDON + '"XX9 ZZZZ",10,525000,190000\n' + CHURCH_END)

    report = do_import(session, "postcodes", path, source="feed")

    assert [str(p) for p in report.problems] == [
        "rejected: pc.csv row 2: postcode = 'XX9 ZZZZ': is not a valid UK postcode"
    ]
    assert (report.exit_code, report.counts["created"]) == (1, 1)
    assert stored(session) == {"N3 1TR", "NW4 4BQ"}


def test_a_file_of_invalid_postcodes_is_refused_naming_each_row(
    session: Session, tmp_path: Path, existing: None
) -> None:
    path = write(tmp_path, "bad.csv", "pcds,lat,long\nN3 1TRX,51.6,-0.19\n12345,51.6,-0.19\n")

    report = refused(session, path, "postcodes")

    assert [str(p) for p in report.problems] == [
        "rejected: bad.csv row 2: postcode = 'N3 1TRX': is not a valid UK postcode",
        "rejected: bad.csv row 3: postcode = '12345': is not a valid UK postcode",
    ]
    assert report.failure == (
        f"all 2 records in {path} were rejected, so nothing was loaded (is not a valid UK postcode)"
    )


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "codepoint.csv",
            HENDON + '"N3 2AA",10,525000,190000,"E92000001"\n',
            "rejected: codepoint.csv row 2: has 5 columns; Code-Point Open has 4 or 10",
        ),
        (
            "onspd.csv",
            "pcds,lat,long\nNW4 4BQ,51.5874,-0.2237\nN3 2AA,51.6\n",
            "rejected: onspd.csv row 3: has 2 columns; the header has 3",
        ),
    ],
)
def test_a_row_with_the_wrong_column_count_is_rejected_by_row(
    session: Session, tmp_path: Path, existing: None, name: str, content: str, problem: str
) -> None:
    report = do_import(session, "postcodes", write(tmp_path, name, content), source="feed")

    assert [str(p) for p in report.problems] == [problem]
    assert stored(session) == {"N3 1TR", "NW4 4BQ"}


def test_a_file_whose_first_row_has_the_wrong_column_count_is_refused(
    session: Session, tmp_path: Path, existing: None
) -> None:
    path = write(tmp_path, "six.csv", '"N3 1TR",10,525186,190580,"E92000001","E19000003"\n')

    failure = refused(session, path, "postcodes").failure

    assert failure is not None
    assert failure.startswith(
        "six.csv: not a postcode file we know (Code-Point Open has no header and 4 or 10 columns;"
    )


def test_windows_1252_and_utf16_text_are_read_as_such(session: Session, tmp_path: Path) -> None:
    """Excel saves "CSV" as Windows-1252 and "Unicode text" as UTF-16: both are understood."""
    districts = "Postcode,Latitude,Longitude,Town/Area\nN3,51.6,-0.19,Finchley Caf\u00e9\n"
    cp1252 = do_import(session, "postcodes", write(tmp_path, "d.csv", districts.encode("cp1252")))
    utf16 = do_import(session, "postcodes", write(tmp_path, "u.csv", CHURCH_END.encode("utf-16")))

    assert (cp1252.exit_code, utf16.exit_code) == (0, 0), cp1252.lines() + utf16.lines()
    assert session.get(PostcodeDistrict, "N3").area_name == "Finchley Caf\u00e9"  # type: ignore[union-attr]
    assert stored(session) == {"N3 1TR"}


def _zipped(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ONSPD_NOV_2025_UK.csv", text)
    return out.getvalue()


@pytest.mark.parametrize("pack", [_zipped, lambda text: gzip.compress(text.encode())])
def test_an_archive_with_a_csv_name_is_refused(
    session: Session, tmp_path: Path, existing: None, pack: Callable[[str], bytes]
) -> None:
    path = write(tmp_path, "onspd.csv", pack(HENDON * 200))

    assert refused(session, path, "postcodes").failure == (
        "onspd.csv: is not a text file in any encoding we recognise (is it a spreadsheet or a "
        "PDF saved with the wrong name?)"
    )


def test_a_field_beyond_the_csv_limit_refuses_the_file(
    session: Session, tmp_path: Path, existing: None
) -> None:
    path = write(tmp_path, "vast.csv", HENDON + '"' + "9" * 17_000_000 + '",10,1,1\n')

    assert refused(session, path, "postcodes").failure == (
        "vast.csv: line 2: not valid CSV (field larger than field limit (16777216))"
    )
