"""Demand: EHC plans by primary need and age for the authority, with its region and England.

Read from the ``sen2_all_plans`` figures (January snapshot) of the latest period loaded for the
authority. Shares are computed from the counts (need / all plans), the same way for the three
areas. A suppressed figure (a DfE symbol, value NULL) counts as unknown, never as zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.commissioning.facts import Phase
from directory.importers.sen2 import ENGLAND, age_range
from directory.localoffer import AuthorityConfig
from directory.models import DemandStatistic
from directory.vocab import vocabulary

DATASET = "sen2_all_plans"
UNKNOWN_NEED = "UNKNOWN"


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass(frozen=True)
class NeedDemand:
    need: str
    name: str
    plans: int | None  # the authority's EHC plans with this primary need
    share: float | None  # of the authority's plans, 0..1
    region_share: float | None
    england_share: float | None
    by_phase: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DemandReport:
    available: bool
    period: str
    period_label: str
    authority: Area
    region: Area
    england: Area
    total_plans: int | None
    region_plans: int | None
    england_plans: int | None
    needs: tuple[NeedDemand, ...]
    phase_plans: dict[str, int]  # all needs, by phase
    suppressed: int  # figures published as a symbol (no value)
    note: str

    def need(self, code: str) -> NeedDemand | None:
        return next((n for n in self.needs if n.need == code), None)


def phase_of_band(band: str, phases: tuple[Phase, ...]) -> str | None:
    """The phase an age band belongs to: the first phase (in vocabulary order) containing the
    band's lowest age. Each band goes to exactly one phase so phase totals add up."""
    ages = age_range(band)
    if ages is None:
        return None
    return next((p.code for p in phases if p.contains(ages[0])), None)


def latest_period(session: Session, area_code: str, dataset: str = DATASET) -> str | None:
    return session.scalar(
        select(func.max(DemandStatistic.period)).where(
            DemandStatistic.dataset == dataset, DemandStatistic.area_code == area_code
        )
    )


def demand_report(
    session: Session, config: AuthorityConfig, phases: tuple[Phase, ...], period: str | None = None
) -> DemandReport:
    authority = config.authority
    period = period or latest_period(session, authority.gss_code)
    areas = (authority.gss_code, authority.region_code, ENGLAND)
    if period is None:
        return _unavailable(config)
    rows = session.execute(
        select(
            DemandStatistic.area_code,
            DemandStatistic.area_name,
            DemandStatistic.need_code,
            DemandStatistic.breakdown_topic,
            DemandStatistic.breakdown,
            DemandStatistic.value,
            DemandStatistic.period_label,
        ).where(
            DemandStatistic.dataset == DATASET,
            DemandStatistic.measure == "ehc_plans",
            DemandStatistic.period == period,
            DemandStatistic.area_code.in_(areas),
            DemandStatistic.breakdown_topic.in_(("total", "age")),
        )
    ).all()
    totals: dict[tuple[str, str], Decimal | None] = {}
    by_phase: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names = {ENGLAND: "England"}
    label = period
    suppressed = 0
    for area, area_name, need, topic, band, value, period_label in rows:
        names[area] = area_name
        label = period_label
        suppressed += value is None
        if topic == "total":
            totals[(area, need)] = value
        elif area == authority.gss_code and value is not None:
            phase = phase_of_band(band, phases)
            if phase:
                by_phase[need][phase] += int(value)
    return _report(config, period, label, names, totals, by_phase, suppressed)


def _report(
    config: AuthorityConfig,
    period: str,
    label: str,
    names: dict[str, str],
    totals: dict[tuple[str, str], Decimal | None],
    by_phase: dict[str, dict[str, int]],
    suppressed: int,
) -> DemandReport:
    authority = config.authority
    la, region = authority.gss_code, authority.region_code

    def count(area: str, need: str) -> int | None:
        value = totals.get((area, need))
        return None if value is None else int(value)

    def share(area: str, need: str) -> float | None:
        part, whole = count(area, need), count(area, "ALL")
        return None if part is None or not whole else part / whole

    needs = []
    for code, name in demand_needs(totals):
        needs.append(
            NeedDemand(
                need=code,
                name=name,
                plans=count(la, code),
                share=share(la, code),
                region_share=share(region, code),
                england_share=share(ENGLAND, code),
                by_phase=dict(by_phase.get(code, {})),
            )
        )
    return DemandReport(
        available=count(la, "ALL") is not None,
        period=period,
        period_label=label,
        authority=Area(la, names.get(la, authority.name)),
        region=Area(region, names.get(region, authority.region_name)),
        england=Area(ENGLAND, "England"),
        total_plans=count(la, "ALL"),
        region_plans=count(region, "ALL"),
        england_plans=count(ENGLAND, "ALL"),
        needs=tuple(needs),
        phase_plans=dict(by_phase.get("ALL", {})),
        suppressed=suppressed,
        note="EHC plans at January by primary need (DfE SEN2). Down syndrome is counted under "
        "'other difficulty or disability' until the 2026 release; NSA (SEN support without "
        "an assessment) does not apply to EHC plans.",
    )


def demand_needs(totals: dict[tuple[str, str], Decimal | None]) -> list[tuple[str, str]]:
    """The needs with published figures, in vocabulary order, then 'not recorded'."""
    present = {need for _area, need in totals}
    result = [
        (t.code, t.name)
        for t in vocabulary("send-need").terms
        if t.code in present and t.code != "ALL"
    ]
    if UNKNOWN_NEED in present:
        result.append((UNKNOWN_NEED, "Primary need not recorded"))
    return result


def _unavailable(config: AuthorityConfig) -> DemandReport:
    authority = config.authority
    return DemandReport(
        available=False,
        period="",
        period_label="",
        authority=Area(authority.gss_code, authority.name),
        region=Area(authority.region_code, authority.region_name),
        england=Area(ENGLAND, "England"),
        total_plans=None,
        region_plans=None,
        england_plans=None,
        needs=(),
        phase_plans={},
        suppressed=0,
        note="No EHC plan figures are loaded: import the DfE file sen_needs_all_plans.csv "
        "(local-offer import sen2 PATH).",
    )
