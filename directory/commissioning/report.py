"""The commissioning report: one function per answer, and the whole report from them.

``report_context`` reads the supply facts and the demand figures once; each ``*_report`` function
computes one section from it. The JSON API, the pages, the CSV downloads and ``local-offer gaps``
are renderings of the same objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from directory.commissioning.config import Thresholds, load_thresholds
from directory.commissioning.coverage import CoverageReport, coverage_report, covering_services
from directory.commissioning.coverage import rules as coverage_rules
from directory.commissioning.demand import DemandReport, demand_report
from directory.commissioning.facts import ServiceFacts, Supply, load_supply
from directory.commissioning.gaps import GapReport, gap_report
from directory.commissioning.integration import IntegrationReport, integration_report
from directory.commissioning.matrix import ServiceFilter
from directory.commissioning.priorities import PriorityReport, priority_report
from directory.commissioning.searches import SearchReport, search_report
from directory.commissioning.supply import SupplyReport, supply_report
from directory.localoffer import AuthorityConfig


def today() -> date:
    """Today in England, where the authority's staleness dates are read."""
    return datetime.now(ZoneInfo("Europe/London")).date()


@dataclass(frozen=True)
class ReportContext:
    session: Session
    config: AuthorityConfig
    thresholds: Thresholds
    supply: Supply
    demand: DemandReport

    @property
    def as_of(self) -> date:
        return self.supply.as_of


def report_context(
    session: Session,
    config: AuthorityConfig,
    *,
    as_of: date | None = None,
    period: str | None = None,
    thresholds: Thresholds | None = None,
) -> ReportContext:
    """Read what every section needs. ``as_of`` (default today) decides what is stale;
    ``period`` picks the SEN2 period (default the latest loaded for the authority)."""
    thresholds = thresholds or load_thresholds(config)
    supply = load_supply(
        session,
        config,
        as_of=as_of or today(),
        stale_after_months=thresholds.stale_after_months,
    )
    demand = demand_report(session, config, supply.phases, period)
    return ReportContext(session, config, thresholds, supply, demand)


def gaps_section(ctx: ReportContext) -> GapReport:
    return gap_report(ctx.supply, ctx.demand, ctx.thresholds)


def supply_section(ctx: ReportContext) -> SupplyReport:
    return supply_report(ctx.supply)


def demand_section(ctx: ReportContext) -> DemandReport:
    return ctx.demand


def integration_section(ctx: ReportContext) -> IntegrationReport:
    return integration_report(ctx.supply, ctx.demand)


def priorities_section(ctx: ReportContext) -> PriorityReport:
    return priority_report(ctx.session, ctx.config, ctx.supply, ctx.thresholds)


def coverage_section(ctx: ReportContext) -> CoverageReport:
    return coverage_report(ctx.session, ctx.supply, ctx.thresholds)


def searches_section(ctx: ReportContext) -> SearchReport:
    return search_report(ctx.session, ctx.supply.phases, ctx.thresholds, as_of=ctx.as_of)


SECTIONS: dict[str, tuple[str, Callable[[ReportContext], Any]]] = {
    "gaps": ("Gaps: supply against demand", gaps_section),
    "supply": ("Supply of services", supply_section),
    "demand": ("Demand: EHC plans", demand_section),
    "integration": ("Integration across education, health and care", integration_section),
    "priorities": ("Strategic priorities", priorities_section),
    "coverage": ("Statutory coverage", coverage_section),
    "searches": ("Unmet search demand", searches_section),
}


@dataclass(frozen=True)
class CommissioningReport:
    authority: str
    as_of: date
    gaps: GapReport
    supply: SupplyReport
    demand: DemandReport
    integration: IntegrationReport
    priorities: PriorityReport
    coverage: CoverageReport
    searches: SearchReport


def build_report(ctx: ReportContext) -> CommissioningReport:
    return CommissioningReport(
        authority=ctx.config.authority.name,
        as_of=ctx.as_of,
        gaps=gaps_section(ctx),
        supply=supply_section(ctx),
        demand=demand_section(ctx),
        integration=integration_section(ctx),
        priorities=priorities_section(ctx),
        coverage=coverage_section(ctx),
        searches=searches_section(ctx),
    )


def services_behind(
    ctx: ReportContext, service_filter: ServiceFilter, coverage: str = ""
) -> list[ServiceFacts]:
    """The services a cell counts (or that cover a checklist item), for the drill-down list."""
    chosen = service_filter.select(ctx.supply.services, ctx.supply.districts)
    if coverage:
        rule = next(r for r in coverage_rules() if r.code == coverage)
        covering = {s.id for s in covering_services(ctx.supply, rule)}
        chosen = [s for s in chosen if s.id in covering]
    return chosen
