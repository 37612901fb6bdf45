"""Importing SEN2 figures through `local-offer import sen2`'s pipeline: idempotent upserts, dry
runs, a release folder, and files that change nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.importers.report import ImportReport
from directory.importers.scope import ENGLAND, Scope
from directory.importers.sen2_import import release_files
from directory.localoffer import load_config
from directory.models import DemandStatistic, ImportRun
from directory.settings import default_config_path
from tests.conftest import SHARED_DATA
from tests.import_helpers import do_import, snapshot

SEN2 = SHARED_DATA / "dfe-ehcp-2025"
ALL_PLANS = SEN2 / "sen_needs_all_plans.csv"
SCOPE = Scope.of(load_config(default_config_path()))


def sen2(session: Session, location: Path, **options: Any) -> ImportReport:
    options.setdefault("scope", SCOPE)
    return do_import(session, "sen2", location, source="dfe-sen2", **options)


def stored(session: Session, **wanted: str) -> list[DemandStatistic]:
    return list(session.scalars(select(DemandStatistic).filter_by(**wanted)))


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DemandStatistic)) or 0


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def test_import_then_reimport_changes_nothing(session: Session) -> None:
    first = sen2(session, ALL_PLANS)

    assert first.exit_code == 0, first.lines()
    assert first.counts == {"created": 7587, "updated": 0, "unchanged": 0, "rejected": 0}
    assert first.notes == [
        "sen_needs_all_plans.csv: EHC plans at January by primary need (sen2_all_plans), "
        "281 rows kept of 13,939"
    ]
    assert count_rows(session) == 7587
    run = session.scalars(select(ImportRun)).one()
    assert (run.format, run.status) == ("sen2", "loaded")
    [barnet] = stored(
        session, area_code="E09000003", measure="ehc_plans", need_code="ALL", breakdown="total"
    )
    assert (barnet.value, barnet.period_label, barnet.import_run_id) == (
        Decimal("4320"),
        "2024/25",
        run.id,
    )
    assert {r.area_code for r in stored(session)} == {ENGLAND, "E12000007", "E09000003"}

    again = sen2(session, ALL_PLANS)

    assert again.counts == {"created": 0, "updated": 0, "unchanged": 7587, "rejected": 0}
    assert again.summary().endswith("7,587 unchanged")
    assert count_rows(session) == 7587


def test_a_revised_figure_is_updated(session: Session, tmp_path: Path) -> None:
    sen2(session, ALL_PLANS)
    text = ALL_PLANS.read_bytes().decode("utf-8-sig")
    old = "All EHC plans,All EHC plans,4320,1801,"
    assert text.count(old) == 1
    revised = write(
        tmp_path, ALL_PLANS.name, text.replace(old, "All EHC plans,All EHC plans,4321,1802,")
    )

    report = sen2(session, revised)

    assert (report.counts["created"], report.counts["updated"]) == (0, 2)
    [asd] = stored(
        session, area_code="E09000003", measure="ehc_plans", need_code="ASD", breakdown="total"
    )
    assert asd.value == 1802


def test_a_symbol_replacing_a_figure_is_an_update_to_no_value(
    session: Session, tmp_path: Path
) -> None:
    path = SEN2 / "work_based_placements.csv"
    sen2(session, path)
    text = path.read_bytes().decode("utf-8-sig")
    revised = text.replace(
        "Barnet,All work based placements,All work based placements,35,3,6,44",
        "Barnet,All work based placements,All work based placements,35,c,6,44",
    )

    report = sen2(session, write(tmp_path, path.name, revised))

    assert report.counts["updated"] == 1
    [apprentices] = stored(
        session, area_code="E09000003", measure="open_apprentice", breakdown="total"
    )
    assert (apprentices.value, apprentices.symbol) == (None, "c")


def test_dry_run_counts_but_writes_nothing(session: Session) -> None:
    report = sen2(session, SEN2 / "requests.csv", dry_run=True)

    assert report.status == "dry_run"
    assert report.counts["created"] == 4437
    assert count_rows(session) == 0


def test_a_renamed_column_fails_and_changes_nothing(session: Session, tmp_path: Path) -> None:
    sen2(session, SEN2 / "requests.csv")
    before = snapshot(session)
    text = (SEN2 / "requests.csv").read_bytes().decode("utf-8-sig")
    broken = text.replace("requests_received_in_year", "requests_received", 1)

    report = sen2(session, write(tmp_path, "requests.csv", broken))

    assert report.exit_code == 2
    assert report.failure is not None
    assert report.failure.startswith("requests.csv: missing column 'requests_received_in_year'")
    assert snapshot(session) == before


def test_rows_with_bad_cells_are_reported_and_the_rest_loads(
    session: Session, tmp_path: Path
) -> None:
    text = (SEN2 / "work_based_placements.csv").read_bytes().decode("utf-8-sig")
    broken = text.replace(
        "Barnet,All work based placements,All work based placements,35,3,6,44",
        "Barnet,All work based placements,All work based placements,35,3,six,44",
    )

    report = sen2(session, write(tmp_path, "work_based_placements.csv", broken))

    assert report.exit_code == 1
    assert report.counts["rejected"] == 1
    [problem] = report.problems
    assert (problem.field, problem.value) == ("open_trainee", "six")
    assert problem.where.startswith("work_based_placements.csv, line ")
    assert stored(session, area_code="E09000003", breakdown="total") == []
    assert len(stored(session, area_code="E09000003")) == 62 * 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "work_based_placements.csv: the file is empty"),
        ("time_period,geographic_level\r\n", "the file has a header but no data rows"),
    ],
)
def test_empty_files_are_refused(session: Session, tmp_path: Path, text: str, message: str) -> None:
    report = sen2(session, write(tmp_path, "work_based_placements.csv", text))

    assert report.exit_code == 2
    assert report.failure is not None and message in report.failure


def test_missing_file_fails_with_its_name(session: Session, tmp_path: Path) -> None:
    report = sen2(session, tmp_path / "nope.csv")

    assert report.failure == f"{tmp_path / 'nope.csv'}: no such file"


def test_all_areas_on_request(session: Session) -> None:
    scope = Scope.of(load_config(default_config_path()), everywhere=True)
    report = sen2(session, SEN2 / "work_based_placements.csv", scope=scope)

    assert report.counts["created"] == 9917 * 4
    areas = session.scalar(select(func.count(func.distinct(DemandStatistic.area_code))))
    assert areas is not None and areas > 150


def test_a_release_folder_loads_its_five_files_once(session: Session) -> None:
    assert [p.name for p in release_files(SEN2)] == [
        "sen_needs_all_plans.csv",
        "sen_need_newplans.csv",
        "requests.csv",
        "timeliness_20_week.csv",
        "work_based_placements.csv",
    ]

    first = sen2(session, SEN2)
    again = sen2(session, SEN2)

    assert first.exit_code == 0, first.lines()
    assert len(first.notes) == 5
    assert first.counts["created"] == count_rows(session) > 7587 + 4437 + 3612
    assert again.counts["created"] == again.counts["updated"] == 0
    datasets = set(session.scalars(select(DemandStatistic.dataset).distinct()))
    assert datasets == {
        "sen2_all_plans",
        "sen2_new_plans",
        "sen2_requests",
        "sen2_timeliness",
        "sen2_work_placements",
    }


def test_a_folder_without_release_files_is_refused(session: Session, tmp_path: Path) -> None:
    report = sen2(session, tmp_path)

    assert report.failure is not None
    assert report.failure.startswith(f"{tmp_path}: holds none of the SEN2 files")
