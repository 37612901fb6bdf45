"""Loading SEN2 figures: idempotent upserts, dry runs, and files that change nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.importers.demand import default_areas, import_sen2, load_demand, sen2_files
from directory.importers.sen2 import ENGLAND, parse_sen2
from directory.localoffer import AuthorityConfig, load_config
from directory.models import DemandStatistic
from directory.settings import default_config_path
from tests.conftest import SHARED_DATA

SEN2 = SHARED_DATA / "dfe-ehcp-2025"
ALL_PLANS = SEN2 / "sen_needs_all_plans.csv"


@pytest.fixture(scope="module")
def config() -> AuthorityConfig:
    return load_config(default_config_path())


def stored(session: Session, **wanted: str) -> list[DemandStatistic]:
    query = select(DemandStatistic).filter_by(**wanted)
    return list(session.scalars(query))


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DemandStatistic)) or 0


def test_import_then_reimport_changes_nothing(session: Session, config: AuthorityConfig) -> None:
    first = import_sen2(session, ALL_PLANS, config)

    assert first.status == "loaded"
    assert first.format == "sen2"
    assert first.counts == {
        "created": 7587,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "rows_read": 13939,
        "rows_kept": 281,
    }
    assert first.message == "EHC plans at January by primary need (sen2_all_plans)"
    assert count_rows(session) == 7587
    [barnet] = stored(
        session, area_code="E09000003", measure="ehc_plans", need_code="ALL", breakdown="total"
    )
    assert (barnet.value, barnet.period_label, barnet.import_run_id) == (
        Decimal("4320"),
        "2024/25",
        first.id,
    )
    assert {r.area_code for r in stored(session)} == {ENGLAND, "E12000007", "E09000003"}

    again = import_sen2(session, ALL_PLANS, config)

    assert again.status == "loaded"
    assert (again.counts["created"], again.counts["updated"]) == (0, 0)
    assert again.counts["unchanged"] == 7587
    assert count_rows(session) == 7587


def test_a_revised_figure_is_updated(session: Session, config: AuthorityConfig) -> None:
    import_sen2(session, ALL_PLANS, config)
    text = ALL_PLANS.read_bytes().decode("utf-8-sig")
    old = "All EHC plans,All EHC plans,4320,1801,"
    assert text.count(old) == 1
    revised = text.replace(old, "All EHC plans,All EHC plans,4321,1802,").encode()

    run = import_sen2(session, revised, config, name="sen_needs_all_plans.csv")

    assert (run.counts["created"], run.counts["updated"]) == (0, 2)
    [asd] = stored(
        session, area_code="E09000003", measure="ehc_plans", need_code="ASD", breakdown="total"
    )
    assert asd.value == 1802
    assert asd.import_run_id == run.id


def test_a_symbol_replacing_a_figure_is_an_update_to_no_value(
    session: Session, config: AuthorityConfig
) -> None:
    path = SEN2 / "work_based_placements.csv"
    import_sen2(session, path, config)
    text = path.read_bytes().decode("utf-8-sig")
    revised = text.replace(
        "Barnet,All work based placements,All work based placements,35,3,6,44",
        "Barnet,All work based placements,All work based placements,35,c,6,44",
    )

    run = import_sen2(session, revised.encode(), config, name=path.name)

    assert run.counts["updated"] == 1
    [apprentices] = stored(
        session, area_code="E09000003", measure="open_apprentice", breakdown="total"
    )
    assert (apprentices.value, apprentices.symbol) == (None, "c")


def test_dry_run_counts_but_writes_nothing(session: Session, config: AuthorityConfig) -> None:
    run = import_sen2(session, SEN2 / "requests.csv", config, dry_run=True)

    assert run.status == "dry_run"
    assert run.counts["created"] == 4437
    assert count_rows(session) == 0


def test_a_broken_file_fails_and_changes_nothing(session: Session, config: AuthorityConfig) -> None:
    import_sen2(session, SEN2 / "requests.csv", config)
    before = count_rows(session)
    text = (SEN2 / "requests.csv").read_bytes().decode("utf-8-sig")
    broken = text.replace("requests_received_in_year", "requests_received", 1).encode()

    run = import_sen2(session, broken, config, name="requests.csv")

    assert run.status == "failed"
    assert run.message.startswith("requests.csv: missing column 'requests_received_in_year'")
    assert run.problems == [
        {
            "location": "requests.csv",
            "field": "requests_received_in_year",
            "value": "",
            "reason": run.message,
        }
    ]
    assert count_rows(session) == before


def test_rows_with_bad_cells_are_reported_and_the_rest_loads(
    session: Session, config: AuthorityConfig
) -> None:
    text = (SEN2 / "work_based_placements.csv").read_bytes().decode("utf-8-sig")
    broken = text.replace(
        "Barnet,All work based placements,All work based placements,35,3,6,44",
        "Barnet,All work based placements,All work based placements,35,3,six,44",
    )

    run = import_sen2(session, broken.encode(), config, name="work_based_placements.csv")

    assert run.status == "loaded_with_rejections"
    assert run.counts["rejected"] == 1
    assert run.problems[0]["field"] == "open_trainee"
    assert run.problems[0]["value"] == "six"
    assert stored(session, area_code="E09000003", breakdown="total") == []
    assert len(stored(session, area_code="E09000003")) == 62 * 4


def test_missing_file_fails_with_its_name(
    session: Session, config: AuthorityConfig, tmp_path: Path
) -> None:
    run = import_sen2(session, tmp_path / "nope.csv", config)

    assert run.status == "failed"
    assert run.message.endswith("nope.csv: cannot read the file: No such file or directory")


def test_all_areas_on_request(session: Session, config: AuthorityConfig) -> None:
    run = import_sen2(session, SEN2 / "work_based_placements.csv", config, all_areas=True)

    assert run.counts["created"] == 9917 * 4
    areas = session.scalar(select(func.count(func.distinct(DemandStatistic.area_code))))
    assert areas is not None and areas > 150


def test_load_demand_directly_with_a_parsed_file(session: Session, config: AuthorityConfig) -> None:
    parsed = parse_sen2(
        (SEN2 / "timeliness_20_week.csv").read_bytes(),
        name="timeliness_20_week.csv",
        areas=default_areas(config),
    )

    first = load_demand(session, parsed.records)
    second = load_demand(session, parsed.records)

    assert first.as_dict() == {"created": 3612, "updated": 0, "unchanged": 0}
    assert second.as_dict() == {"created": 0, "updated": 0, "unchanged": 3612}


def test_the_release_folder_lists_the_five_files() -> None:
    assert [p.name for p in sen2_files(SEN2)] == [
        "sen_needs_all_plans.csv",
        "sen_need_newplans.csv",
        "requests.csv",
        "timeliness_20_week.csv",
        "work_based_placements.csv",
    ]
