"""Demand, gap flags, ranking and integration on the small constructed Local Offer."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from directory.commissioning import report_context
from directory.commissioning.config import load_thresholds
from directory.commissioning.report import gaps_section, integration_section
from directory.localoffer import AuthorityConfig, load_config
from directory.settings import default_config_path
from tests.commissioning_data import AS_OF, small_demand, small_world
from tests.factories import create_demand


@pytest.fixture(scope="module")
def config() -> AuthorityConfig:
    return load_config(default_config_path())


def test_demand_by_need_and_phase_with_region_and_england(
    session: Session, config: AuthorityConfig
) -> None:
    small_demand(session)
    demand = report_context(session, config, as_of=AS_OF).demand

    assert demand.available
    assert (demand.period, demand.period_label) == ("202425", "2024/25")
    assert (demand.total_plans, demand.region_plans, demand.england_plans) == (100, 500, 1000)
    asd = demand.need("ASD")
    assert asd is not None
    assert (asd.plans, asd.share, asd.region_share, asd.england_share) == (60, 0.6, 0.4, 0.3)
    assert asd.by_phase == {"early_years": 10, "primary": 30, "secondary": 20}
    slcn = demand.need("SLCN")
    assert slcn is not None and slcn.region_share is None  # London's SLCN figure is not loaded
    assert demand.phase_plans == {"early_years": 20, "primary": 60, "secondary": 20}
    assert [n.need for n in demand.needs] == ["SLCN", "ASD", "HI"]


def test_no_demand_loaded_says_how_to_load_it(session: Session, config: AuthorityConfig) -> None:
    demand = report_context(session, config, as_of=AS_OF).demand

    assert not demand.available
    assert "local-offer import sen2" in demand.note


def test_a_suppressed_figure_is_unknown_not_zero(session: Session, config: AuthorityConfig) -> None:
    small_demand(session)
    create_demand(session, need_code="VI", value=None, symbol="c")
    demand = report_context(session, config, as_of=AS_OF).demand

    vi = demand.need("VI")
    assert vi is not None and (vi.plans, vi.share) == (None, None)
    assert demand.suppressed == 1


def test_cell_metrics(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    small_demand(session)
    gaps = gaps_section(report_context(session, config, as_of=AS_OF))

    asd = gaps.cell("ASD", "primary")
    assert (asd.plans, asd.plans_share) == (30, 0.5)
    assert (asd.services, asd.specific, asd.all_needs) == (3, 2, 1)
    assert asd.specific_share == pytest.approx(2 / 3)
    assert (asd.per_100_plans, asd.specific_per_100_plans) == (10.0, pytest.approx(20 / 3))
    assert asd.sectors == ("education", "health", "social_care")
    assert (asd.out_of_borough, asd.stale, asd.flags) == (0, 1, ())
    assert asd.filter.query_string() == "need=ASD&phase=primary"


def test_flags_with_reasons(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    small_demand(session)
    gaps = gaps_section(report_context(session, config, as_of=AS_OF))

    hi = gaps.cell("HI", "primary")
    assert [(f.code, f.reason) for f in hi.flags] == [
        (
            "far_below_demand_share",
            "Hearing impairment is 17% of EHC plans in primary but 0% of need-specific services "
            "(0 services; below 0.5 x its share of plans).",
        ),
        (
            "single_sector",
            "Of education, health, social care, only social care is present among the 1 "
            "services; none from education, health.",
        ),
    ]
    assert hi.score == (3 + 2) * 10
    assert [f.code for f in gaps.cell("ASD", "early_years").flags] == ["mostly_stale"]
    assert gaps.cell("ASD", "early_years").flags[0].reason == (
        "2 of 2 services were last checked over 12 months ago, or never."
    )
    college_only = gaps.cell("ASD", "post_19")
    assert [f.code for f in college_only.flags] == ["single_sector", "mostly_out_of_borough"]
    assert college_only.flags[1].reason == "1 of 1 services are outside the borough."
    assert gaps.cell("SLCN", "primary").flags == ()
    assert gaps.cell("HI", "early_years").flags == ()  # no plans and no services: nothing to flag


def test_no_provision(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    small_demand(session)
    create_demand(session, need_code="HI", breakdown_topic="age", breakdown="2", value=Decimal(5))
    gaps = gaps_section(report_context(session, config, as_of=AS_OF))

    hi = gaps.cell("HI", "early_years")
    assert [(f.code, f.label, f.reason) for f in hi.flags] == [
        (
            "no_provision",
            "No provision",
            "5 EHC plans, but no active service for Hearing impairment in early years, not even "
            "one for all needs.",
        )
    ]
    assert hi.score == 4 * 5


def test_gaps_are_ranked_by_weighted_plans(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    small_demand(session)
    gaps = gaps_section(report_context(session, config, as_of=AS_OF))

    top = [(c.need, c.phase, c.score) for c in gaps.ranked[:4]]
    assert top == [
        ("HI", "primary", 50.0),
        ("SLCN", "early_years", 10.0),  # ties: more plans first, then vocabulary order
        ("ASD", "early_years", 10.0),
        ("ASD", "post_19", 4.0),
    ]
    assert all(c.flags for c in gaps.ranked)
    assert len(gaps.cells) == 12 * 5


def test_thresholds_change_the_flags(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    small_demand(session)
    strict = replace(load_thresholds(config), far_below_ratio=1.0, min_plans_for_share_flag=0)
    gaps = gaps_section(report_context(session, config, as_of=AS_OF, thresholds=strict))

    # ASD is all of secondary's plans but 2 of its 3 need-specific services.
    secondary = gaps.cell("ASD", "secondary")
    assert [f.code for f in secondary.flags] == ["far_below_demand_share"]


def test_without_demand_flags_still_show_supply_problems(
    session: Session, config: AuthorityConfig
) -> None:
    small_world(session)
    gaps = gaps_section(report_context(session, config, as_of=AS_OF))

    assert not gaps.demand_available
    asd = gaps.cell("ASD", "early_years")
    assert (asd.plans, asd.per_100_plans) == (None, None)
    assert [f.code for f in asd.flags] == ["mostly_stale"]
    assert [f.code for f in gaps.cell("VI", "early_years").flags] == ["no_provision"]
    assert gaps.cell("VI", "early_years").flags[0].reason.startswith("No active service for")


def test_integration(session: Session, config: AuthorityConfig) -> None:
    small_world(session)
    small_demand(session)
    report = integration_section(report_context(session, config, as_of=AS_OF))

    assert (report.total, report.integrated) == (6, 1)
    assert [(c.label, c.count) for c in report.combinations] == [("Education and Health", 1)]
    assert [s.name for s in report.services] == ["Cds"]
    asd = report.matrix.rows[[r.code for r in report.matrix.rows].index("ASD")]
    assert asd.code == "ASD"
    assert report.matrix.cell("ASD", "early_years").count == 1
    assert report.matrix.cell("ASD", "primary").count == 0
    first = report.gaps[0]
    assert (first.need, first.phase, first.plans, first.services) == ("ASD", "primary", 30, 3)
    assert first.filter.query_string() == "need=ASD&phase=primary"
    assert len(report.gaps) == 12 * 5 - 2  # all but ASD and SLCN in early years
