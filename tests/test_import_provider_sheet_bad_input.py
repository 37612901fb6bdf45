# ruff: noqa: E501 - messages are asserted whole, as the user reads them
"""Bad input in the provider spreadsheet, one hand-made file per case: a message naming the file,
row and column, and the database exactly as it was before (tests/import_helpers.py ``refused``).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.report import Problem
from directory.importers.template import write_template
from directory.models import Service
from tests.import_helpers import do_import, refused, snapshot
from tests.test_import_provider_sheet import HEADERS, row, sheet


@pytest.fixture
def existing(session: Session, tmp_path: Path) -> dict[str, str]:
    """A database that already holds a row of the same source, so "unchanged" means it."""
    values = row(Reference="FF-01")
    report = do_import(
        session, "provider-csv", sheet(tmp_path / "before.csv", values), source="feed"
    )
    assert report.counts["created"] == 1, report.lines()
    return values


@pytest.mark.parametrize("content", [b"", b" \r\n\r\n"])
def test_empty_file(
    session: Session, tmp_path: Path, existing: dict[str, str], content: bytes
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    assert refused(session, path, "provider-csv").failure == "empty.csv: the file is empty"


def workbook_bytes(tmp_path: Path) -> bytes:
    """The template with one good row, as a provider sends it back."""
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    book["Services"].append([row(Reference="FF-02").get(h) for h in HEADERS])
    book.save(path)
    return path.read_bytes()


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def rezip(data: bytes, change: str) -> bytes:
    """The workbook with its first sheet cut short (``xml``) or its compressed bytes garbled."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and change == "xml":
                part = part[: len(part) // 2]
            target.writestr(item, part)
    if change == "deflate":
        sheet_at = out.getvalue().index(b"xl/worksheets/sheet1.xml") + 40
        garbled = bytearray(out.getvalue())
        garbled[sheet_at : sheet_at + 40] = bytes(
            b ^ 0x5A for b in garbled[sheet_at : sheet_at + 40]
        )
        return bytes(garbled)
    return out.getvalue()


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        (cut_in_half, "(File is not a zip file)"),
        (lambda data: rezip(data, "xml"), "(unclosed token: line 1, column "),
        (lambda data: rezip(data, "deflate"), "(Error -3 while decompressing data: "),
    ],
    ids=["truncated", "sheet xml cut short", "garbled compressed data"],
)
def test_damaged_xlsx(
    session: Session,
    tmp_path: Path,
    existing: dict[str, str],
    damage: Callable[[bytes], bytes],
    detail: str,
) -> None:
    good = workbook_bytes(tmp_path)
    path = tmp_path / "providers.xlsx"
    path.write_bytes(damage(good))

    failure = refused(session, path, "provider-csv").failure

    assert failure is not None
    assert failure.startswith(f"providers.xlsx: is not a readable XLSX workbook {detail}")
    assert failure.endswith(
        "; it is damaged, cut short or another kind of file. Save it again as XLSX or CSV."
    )


def test_duplicate_reference(session: Session, tmp_path: Path, existing: dict[str, str]) -> None:
    twin = row(Reference="FF-01", **{"Service name": "Another name, same reference"})
    path = sheet(tmp_path / "dup.csv", existing, twin)
    before = snapshot(session)

    report = do_import(session, "provider-csv", path, source="feed")

    assert snapshot(session) == before, "the first is unchanged and the duplicate is refused"
    assert report.counts["unchanged"] == 1 and report.exit_code == 1
    assert [str(p) for p in report.problems if p.severity == "rejected"] == [
        "rejected: dup.csv row 3: column A (Reference) = 'FF-01': the same reference as row 2; only the first is loaded"
    ]


def test_minimum_age_above_maximum(
    session: Session, tmp_path: Path, existing: dict[str, str]
) -> None:
    path = sheet(tmp_path / "ages.csv", row(**{"Minimum age": "16", "Maximum age": "5"}))

    report = refused(session, path, "provider-csv")

    assert report.problems == [
        Problem(
            "ages.csv row 2",
            "minimum age 16 is above maximum age 5",
            "column K (Minimum age)",
            "16",
        )
    ]
    assert report.failure == (
        f"all 1 records in {path} were rejected, so nothing was loaded "
        "(minimum age 16 is above maximum age 5)"
    )


def test_script_and_event_handlers_are_removed_and_reported(
    session: Session, tmp_path: Path
) -> None:
    """As the ORUK importer does: the markup is sanitised, the row loads, and a warning says so."""
    description = (
        '<p onclick="steal()">Play sessions<script>alert(document.cookie)</script></p>'
        '<a href="javascript:alert(1)">more</a>'
    )
    path = sheet(tmp_path / "xss.csv", row(Description=description))

    report = do_import(session, "provider-csv", path)

    assert report.exit_code == 0, report.lines()
    stored = session.scalars(select(Service)).one()
    assert (
        stored.description == '<p>Play sessions</p><a rel="noopener noreferrer nofollow">more</a>'
    )
    assert stored.description_text == "Play sessions\nmore"
    assert [str(p) for p in report.problems if p.field == "column G (Description)"] == [
        "warning: xss.csv row 2: column G (Description) = '<p onclick=': the value had scripts or event handlers, which were removed; the rest was kept"
    ]


def test_five_megabyte_description(
    session: Session, tmp_path: Path, existing: dict[str, str]
) -> None:
    path = sheet(tmp_path / "huge.csv", row(Description="x" * 5_000_000))

    [problem] = refused(session, path, "provider-csv").problems

    assert (problem.where, problem.field, problem.reason) == (
        "huge.csv row 2",
        "column G (Description)",
        "the value is 5,000,000 characters long; the limit is 200,000",
    )
    assert problem.value is not None and len(problem.value) < 120


def test_a_field_beyond_the_csv_limit_refuses_the_file(
    session: Session, tmp_path: Path, existing: dict[str, str]
) -> None:
    path = sheet(tmp_path / "vast.csv", row(), row(Description="x" * 17_000_000))

    failure = refused(session, path, "provider-csv").failure

    assert failure == "vast.csv: line 3: not valid CSV (field larger than field limit (16777216))"


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        (
            "Cost",
            "cheap",
            "column Q (Cost) = 'cheap': 'cheap' is not a known cost state (one of: free, some_free, paid, unknown)",
        ),
        (
            "Status",
            "open",
            "column AL (Status) = 'open': 'open' is not a known status (one of: active, inactive, defunct, temporarily closed)",
        ),
        (
            "Area served",
            "galaxy",
            "column AC (Area served) = 'galaxy': 'galaxy' is not a known area served (one of: in_borough, out_of_borough, regional, national)",
        ),
        (
            "Service types",
            "Banking",
            "column I (Service types) = 'Banking': 'Banking' is not a known service types value (one of: ",
        ),
        (
            "Days",
            "Monday; Funday",
            "column Y (Days) = 'Monday; Funday': 'Funday' is not a day of the week",
        ),
        (
            "EHC plan needed",
            "Maybe",
            "column N (EHC plan needed) = 'Maybe': the value is not Yes or No",
        ),
    ],
)
def test_unknown_value_in_a_controlled_list(
    session: Session,
    tmp_path: Path,
    existing: dict[str, str],
    column: str,
    value: str,
    problem: str,
) -> None:
    path = sheet(tmp_path / "enum.csv", row(**{column: value}))

    [found] = refused(session, path, "provider-csv").problems

    assert str(found).startswith(f"rejected: enum.csv row 2: {problem}")


def test_the_parser_alone_reads_a_field_over_128_kb(tmp_path: Path) -> None:
    """Python's csv module stops at 128 KB a field unless told otherwise. The parser must not
    depend on another importer having told it, so a fresh interpreter imports only the parser."""
    path = sheet(tmp_path / "big.csv", row(), row(Description="y" * 150_000))
    script = (
        "import json, sys\n"
        "from directory.importers.provider_sheet import parse\n"
        "from directory.importers.sources import Document\n"
        "parsed = parse([Document('big.csv', sys.stdin.buffer.read())])\n"
        "print(json.dumps([[r.name for r in parsed.records], [str(p) for p in parsed.problems]]))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], input=path.read_bytes(), capture_output=True, check=False
    )

    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == [
        ["Saturday club"],
        [
            f"rejected: big.csv row 3: column G (Description) = '{'y' * 79}… (150,000 characters)': "
            "the value is 150,007 characters after cleaning; the limit is 50,000"
        ],
    ]
