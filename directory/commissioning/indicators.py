"""Indicators from the DfE SEN2 figures, shown beside the strategic priorities they speak to.

Each indicator gives the authority's, its region's and England's value for the latest period
loaded for the authority, so a commissioner reads the authority against its comparators.
Which priority shows which indicator is configuration (``[priority_indicators]``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.commissioning.demand import latest_period
from directory.importers.sen2 import ENGLAND, age_range
from directory.localoffer import AuthorityConfig
from directory.models import DemandStatistic

Figures = dict[tuple[str, str, str], tuple[Decimal | None, str | None]]


@dataclass(frozen=True)
class AreaValue:
    area_code: str
    area_name: str
    value: float | None
    symbol: str | None  # the DfE symbol when the figure is suppressed
    detail: str


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    unit: str  # "percent" or "per 100 plans aged 16 to 25"
    period_label: str
    values: tuple[AreaValue, ...]  # authority, region, England
    source: str
    higher_is_better: bool


def _areas(config: AuthorityConfig) -> tuple[tuple[str, str], ...]:
    a = config.authority
    return ((a.gss_code, a.name), (a.region_code, a.region_name), (ENGLAND, "England"))


def _figures(
    session: Session, dataset: str, period: str, config: AuthorityConfig, topics: tuple[str, ...]
) -> tuple[Figures, str]:
    rows = session.execute(
        select(
            DemandStatistic.area_code,
            DemandStatistic.measure,
            DemandStatistic.breakdown,
            DemandStatistic.value,
            DemandStatistic.symbol,
            DemandStatistic.period_label,
        ).where(
            DemandStatistic.dataset == dataset,
            DemandStatistic.period == period,
            DemandStatistic.need_code == "ALL",
            DemandStatistic.area_code.in_([code for code, _ in _areas(config)]),
            DemandStatistic.breakdown_topic.in_(topics),
        )
    ).all()
    label = rows[0].period_label if rows else period
    return {(r.area_code, r.measure, r.breakdown): (r.value, r.symbol) for r in rows}, label


def _number(value: Decimal | None) -> str:
    return "suppressed" if value is None else f"{value:,.0f}"


def published_percent(
    code: str, title: str, dataset: str, measure: str, numerator: str, denominator: str
) -> Callable[[Session, AuthorityConfig], Indicator | None]:
    def compute(session: Session, config: AuthorityConfig) -> Indicator | None:
        period = latest_period(session, config.authority.gss_code, dataset)
        if period is None:
            return None
        figures, label = _figures(session, dataset, period, config, ("total",))
        values = []
        for area, name in _areas(config):
            value, symbol = figures.get((area, measure, "total"), (None, "x"))
            top = figures.get((area, numerator, "total"), (None, None))[0]
            bottom = figures.get((area, denominator, "total"), (None, None))[0]
            detail = f"{_number(top)} of {_number(bottom)}"
            values.append(
                AreaValue(area, name, None if value is None else float(value), symbol, detail)
            )
        return Indicator(code, title, "percent", label, tuple(values), f"DfE SEN2: {dataset}", True)

    return compute


def placement_share(
    code: str, title: str, placement: str, higher_is_better: bool
) -> Callable[[Session, AuthorityConfig], Indicator | None]:
    def compute(session: Session, config: AuthorityConfig) -> Indicator | None:
        period = latest_period(session, config.authority.gss_code)
        if period is None:
            return None
        figures, label = _figures(session, "sen2_all_plans", period, config, ("total", "placement"))
        values = []
        for area, name in _areas(config):
            part = figures.get((area, "ehc_plans", placement), (None, "x"))[0]
            whole = figures.get((area, "ehc_plans", "total"), (None, "x"))[0]
            share = float(part) * 100 / float(whole) if part is not None and whole else None
            values.append(
                AreaValue(
                    area,
                    name,
                    share,
                    None if share is not None else "x",
                    f"{_number(part)} of {_number(whole)} plans",
                )
            )
        return Indicator(
            code,
            title,
            "percent",
            label,
            tuple(values),
            "DfE SEN2: sen2_all_plans by type of placement",
            higher_is_better,
        )

    return compute


def per_100_young_adults(
    code: str, title: str, measure: str
) -> Callable[[Session, AuthorityConfig], Indicator | None]:
    """A count of work-based placements per 100 EHC plans held at ages 16 to 25."""

    def compute(session: Session, config: AuthorityConfig) -> Indicator | None:
        dataset = "sen2_work_placements"
        period = latest_period(session, config.authority.gss_code, dataset)
        plans_period = latest_period(session, config.authority.gss_code)
        if period is None or plans_period is None:
            return None
        counts, label = _figures(session, dataset, period, config, ("total",))
        plans, _ = _figures(session, "sen2_all_plans", plans_period, config, ("age",))
        values = []
        for area, name in _areas(config):
            count = counts.get((area, measure, "total"), (None, "x"))[0]
            older = sum(
                (v or Decimal(0))
                for (a, m, band), (v, _s) in plans.items()
                if a == area and m == "ehc_plans" and (age_range(band) or (0, 0))[0] >= 16
            ) or Decimal(0)
            rate = float(count) * 100 / float(older) if count is not None and older else None
            values.append(
                AreaValue(
                    area,
                    name,
                    rate,
                    None if rate is not None else "x",
                    f"{_number(count)} for {_number(older)} plans at 16 to 25",
                )
            )
        return Indicator(
            code,
            title,
            "per 100 plans aged 16 to 25",
            label,
            tuple(values),
            "DfE SEN2: work_based_placements and sen2_all_plans by age",
            True,
        )

    return compute


INDICATORS: dict[str, Callable[[Session, AuthorityConfig], Indicator | None]] = {
    "ehcp_20_weeks": published_percent(
        "ehcp_20_weeks",
        "EHC plans issued within 20 weeks (including exceptions)",
        "sen2_timeliness",
        "pc_plans_issued_within_20_weeks",
        "plans_issued_within_20_weeks",
        "plans_issued_den",
    ),
    "requests_6_weeks": published_percent(
        "requests_6_weeks",
        "Requests for assessment decided within 6 weeks",
        "sen2_requests",
        "request_outcome_six_weeks_pc",
        "request_outcome_six_weeks",
        "requests_received_in_year",
    ),
    "mainstream_share": placement_share(
        "mainstream_share", "EHC plans placed in mainstream schools", "Mainstream - total", True
    ),
    "independent_special_share": placement_share(
        "independent_special_share",
        "EHC plans placed in independent special schools",
        "Special - independent",
        False,
    ),
    "supported_internships": per_100_young_adults(
        "supported_internships", "Supported internships", "open_supp_intern"
    ),
    "apprenticeships": per_100_young_adults(
        "apprenticeships", "Apprenticeships", "open_apprentice"
    ),
}
