"""Supply counts on the small constructed Local Offer (tests/commissioning_data.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from directory.commissioning import report_context
from directory.commissioning.facts import months_before, phases, phases_for_ages
from directory.commissioning.matrix import Matrix, ServiceFilter
from directory.commissioning.supply import supply_report
from directory.localoffer import AuthorityConfig, load_config
from directory.models import Postcode
from directory.settings import default_config_path
from tests.commissioning_data import AS_OF, small_world

PHASES = ("early_years", "primary", "secondary", "post_16", "post_19")


@pytest.fixture(scope="module")
def config() -> AuthorityConfig:
    return load_config(default_config_path())


def row(matrix: Matrix, code: str) -> list[int]:
    index = [r.code for r in matrix.rows].index(code)
    return [cell.count for cell in matrix.cells[index]] + [matrix.row_totals[index].count]


def test_need_by_phase_counts_all_needs_services_in_every_need(
    session: Session, config: AuthorityConfig
) -> None:
    small_world(session)
    report = supply_report(report_context(session, config, as_of=AS_OF).supply)
    need_phase = report.matrices[0]

    assert [c.code for c in need_phase.columns] == list(PHASES)
    #                                EY pri sec p16 p19 any
    assert row(need_phase, "ASD") == [2, 3, 3, 3, 1, 5]
    assert row(need_phase, "SLCN") == [2, 2, 2, 2, 0, 3]
    assert row(need_phase, "HI") == [0, 1, 1, 1, 0, 1]
    assert row(need_phase, "ALL") == [0, 1, 1, 1, 0, 1]
    assert row(need_phase, "none") == [1, 1, 1, 1, 1, 1]
    assert [r.code for r in need_phase.rows][:14] == [
        "SLCN",
        "ASD",
        "SPLD",
        "MLD",
        "SLD",
        "PMLD",
        "SEMH",
        "HI",
        "VI",
        "MSI",
        "PD",
        "OTH",
        "DS",
        "NSA",
    ]


def test_need_by_sector_and_phase_by_sector(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    matrices = {
        m.key: m
        for m in supply_report(report_context(session, config, as_of=AS_OF).supply).matrices
    }

    #                                           edu health care vol any
    assert row(matrices["need_sector"], "ASD") == [3, 2, 1, 0, 5]
    assert row(matrices["need_sector"], "none") == [0, 0, 0, 1, 1]
    assert row(matrices["phase_sector"], "early_years") == [1, 2, 0, 1, 3]
    assert row(matrices["phase_sector"], "post_19") == [1, 0, 0, 1, 2]


def test_area_by_phase(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    area = {
        m.key: m
        for m in supply_report(report_context(session, config, as_of=AS_OF).supply).matrices
    }["area_phase"]

    assert row(area, "N3") == [0, 1, 0, 0, 0, 1]
    assert row(area, "NW4") == [1, 1, 1, 1, 0, 1]
    assert row(area, "EN5") == [1, 0, 0, 0, 0, 1]
    assert row(area, "outside") == [0, 0, 1, 1, 1, 1]
    assert row(area, "none") == [1, 2, 2, 2, 1, 2]
    assert row(area, "N20") == [0, 0, 0, 0, 0, 0]


def test_summary(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    summary = supply_report(report_context(session, config, as_of=AS_OF).supply).summary

    assert summary.__dict__ == {
        "active_services": 6,
        "for_all_needs": 1,
        "no_need_recorded": 1,
        "integrated": 1,
        "stale": 2,
        "in_borough": 4,
        "out_of_borough": 1,
        "wide_area": 1,
        "area_unknown": 0,
    }


def test_every_cell_lists_exactly_the_services_it_counts(
    session: Session, config: AuthorityConfig
) -> None:
    services = small_world(session)
    supply = report_context(session, config, as_of=AS_OF).supply
    need_phase = supply_report(supply).matrices[0]

    cell = need_phase.cell("ASD", "primary")
    assert cell.filter.query_string() == "need=ASD&phase=primary"
    names = {s.name for s in cell.filter.select(supply.services)}
    assert names == {"Outreach", "Speech", "Breaks"}
    assert services["closed"].id not in {s.id for s in supply.services}
    for r, matrix_row in enumerate(need_phase.cells):
        for cell in matrix_row:
            assert cell.count == len(cell.filter.select(supply.services, supply.districts)), (
                need_phase.rows[r]
            )


def test_ward_and_la_code_come_from_the_postcode_table(
    session: Session, config: AuthorityConfig
) -> None:
    small_world(session)
    # WD6 1AA sits outside Barnet's district list, but the ONS LA code says Barnet: the LA code
    # wins, and the ward is counted.
    session.add_all(
        [
            Postcode(
                postcode="WD6 1AA",
                latitude=51.6,
                longitude=-0.27,
                district="WD6",
                ward_code="E05013628",
                la_code="E09000003",
                source="onspd",
            ),
            Postcode(
                postcode="N3 1AB",
                latitude=51.6,
                longitude=-0.19,
                district="N3",
                ward_code="E05013632",
                la_code="E09000003",
                source="onspd",
            ),
        ]
    )
    session.flush()
    supply = report_context(session, config, as_of=AS_OF).supply
    matrices = {m.key: m for m in supply_report(supply).matrices}

    college = next(s for s in supply.services if s.name == "College")
    assert college.borough == "in_borough"
    assert row(matrices["ward_phase"], "E05013628") == [0, 0, 1, 1, 1, 1]
    assert row(matrices["ward_phase"], "E05013632") == [0, 1, 0, 0, 0, 1]


@pytest.mark.parametrize(
    ("ages", "expected"),
    [
        ((0, 4), {"early_years"}),
        ((4, 5), {"early_years", "primary"}),
        ((Decimal("10.5"), 11), {"primary", "secondary"}),
        ((16, None), {"post_16", "post_19"}),
        ((None, 3), {"early_years"}),
        ((None, None), set(PHASES)),
        ((26, 30), set()),
    ],
)
def test_phases_from_ages(ages: tuple[Decimal | None, Decimal | None], expected: set[str]) -> None:
    assert phases_for_ages(ages[0], ages[1], phases()) == expected


def test_twelve_months_before() -> None:
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_a_filter_for_services_for_all_needs_only(
    session: Session, config: AuthorityConfig
) -> None:
    small_world(session)
    supply = report_context(session, config, as_of=AS_OF).supply

    only_all = ServiceFilter(need=("ALL",)).select(supply.services)
    specific = ServiceFilter(need=("ASD",), specific=True).select(supply.services)

    assert [s.name for s in only_all] == ["Breaks"]
    assert sorted(s.name for s in specific) == ["Cds", "College", "Outreach", "Speech"]
