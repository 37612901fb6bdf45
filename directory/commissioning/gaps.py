"""Supply against demand for each need and age phase, with flags and a ranked list of gaps.

Per need and phase (docs/commissioning.md has the full definitions):
- plans: the authority's EHC plans with that primary need at ages in the phase;
- services: active services for the need (or for all needs) whose ages overlap the phase;
  specific: those tagged with the need itself;
- per 100 plans: 100 x services / plans (and the same for specific services);
- plans share: the need's share of the phase's plans; specific share: its share of the phase's
  need-specific service tags (services for all needs are the same for every need, so they cannot
  show which needs are under-provided);
- flags: no provision; provision far below demand share; only one sector present where more are
  expected; most provision out of borough; most provision stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory.commissioning.config import STATUTORY_SECTORS, Thresholds
from directory.commissioning.demand import DemandReport
from directory.commissioning.facts import OUT_OF_BOROUGH, Phase, ServiceFacts, Supply
from directory.commissioning.matrix import ServiceFilter
from directory.importers.sen2 import NEED_COLUMNS
from directory.vocab import vocabulary

# Down syndrome plans are published under OTH until the 2026 release, so OTH demand is met by
# services for either.
SUPPLY_FOR = {"OTH": ("OTH", "DS")}

FLAG_LABELS = {
    "no_provision": "No provision",
    "far_below_demand_share": "Provision far below demand share",
    "single_sector": "Only one sector present",
    "mostly_out_of_borough": "Most provision out of borough",
    "mostly_stale": "Most provision stale",
}


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    reason: str


@dataclass(frozen=True)
class GapCell:
    need: str
    need_name: str
    phase: str
    phase_name: str
    plans: int | None
    plans_share: float | None
    services: int
    specific: int
    all_needs: int
    specific_share: float | None
    per_100_plans: float | None
    specific_per_100_plans: float | None
    sectors: tuple[str, ...]
    out_of_borough: int
    stale: int
    flags: tuple[Flag, ...]
    score: float
    filter: ServiceFilter


@dataclass(frozen=True)
class GapReport:
    demand_available: bool
    period_label: str
    cells: tuple[GapCell, ...]
    ranked: tuple[GapCell, ...]  # the flagged cells, largest score first
    needs: tuple[tuple[str, str], ...]
    phases: tuple[Phase, ...]

    def cell(self, need: str, phase: str) -> GapCell:
        return next(c for c in self.cells if c.need == need and c.phase == phase)


def gap_needs() -> tuple[tuple[str, str], ...]:
    """The needs with EHC plan figures (the twelve SEN2 primary needs), in vocabulary order."""
    published = set(NEED_COLUMNS.values())
    return tuple((t.code, t.name) for t in vocabulary("send-need").terms if t.code in published)


def percent(share: float | None) -> str:
    if share is None:
        return "n/a"
    if 0 < share < 0.1:
        return f"{share * 100:.1f}%"
    return f"{share * 100:.0f}%"


def gap_report(supply: Supply, demand: DemandReport, thresholds: Thresholds) -> GapReport:
    needs = gap_needs()
    cells = []
    for phase in supply.phases:
        specific_total = sum(len(_specific(supply.services, need, phase.code)) for need, _ in needs)
        for need, name in needs:
            cells.append(_cell(supply, demand, thresholds, (need, name), phase, specific_total))
    ranked = sorted(
        (c for c in cells if c.flags),
        key=lambda c: (-c.score, -(c.plans or 0), _order(needs, supply.phases, c)),
    )
    return GapReport(
        demand.available, demand.period_label, tuple(cells), tuple(ranked), needs, supply.phases
    )


def _order(needs: tuple[tuple[str, str], ...], phases: tuple[Phase, ...], c: GapCell) -> int:
    codes = [n for n, _ in needs]
    return codes.index(c.need) * 10 + [p.code for p in phases].index(c.phase)


def _specific(services: tuple[ServiceFacts, ...], need: str, phase: str) -> list[ServiceFacts]:
    wanted = set(SUPPLY_FOR.get(need, (need,)))
    return [s for s in services if phase in s.phases and s.needs & wanted]


def _cell(
    supply: Supply,
    demand: DemandReport,
    thresholds: Thresholds,
    need: tuple[str, str],
    phase: Phase,
    specific_total: int,
) -> GapCell:
    code, name = need
    serving = ServiceFilter(need=SUPPLY_FOR.get(code, (code,)), phase=phase.code)
    services = serving.select(supply.services)
    specific = len(_specific(supply.services, code, phase.code))
    figures = demand.need(code)
    plans = figures.by_phase.get(phase.code, 0) if figures and demand.available else None
    phase_plans = demand.phase_plans.get(phase.code) if demand.available else None
    facts: dict[str, Any] = {
        "need": code,
        "need_name": name,
        "phase": phase.code,
        "phase_name": phase.name,
        "plans": plans,
        "plans_share": plans / phase_plans if plans is not None and phase_plans else None,
        "services": len(services),
        "specific": specific,
        "all_needs": len(services) - specific,
        "specific_share": specific / specific_total if specific_total else None,
        "per_100_plans": 100 * len(services) / plans if plans else None,
        "specific_per_100_plans": 100 * specific / plans if plans else None,
        "sectors": tuple(s for s in STATUTORY_SECTORS if any(s in x.sectors for x in services)),
        "out_of_borough": sum(s.borough == OUT_OF_BOROUGH for s in services),
        "stale": sum(s.stale for s in services),
    }
    flags = tuple(_flags(facts, thresholds))
    weight = sum(thresholds.flag_weights[f.code] for f in flags)
    score = weight * (plans if plans else 1)
    return GapCell(**facts, flags=flags, score=float(score), filter=serving)


def _flags(facts: dict[str, Any], thresholds: Thresholds) -> list[Flag]:
    found = []
    need, phase = facts["need_name"], facts["phase_name"].split(" (")[0].lower()
    plans, services = facts["plans"], facts["services"]
    if services == 0 and (plans is None or plans > 0):
        demand = f"{plans} EHC plans, but no" if plans else "No"
        found.append(
            _flag(
                "no_provision",
                f"{demand} active service for {need} in {phase}, not even one for all needs.",
            )
        )
    share, specific_share = facts["plans_share"], facts["specific_share"]
    if (
        plans is not None
        and plans >= thresholds.min_plans_for_share_flag
        and share is not None
        and specific_share is not None
        and specific_share < thresholds.far_below_ratio * share
    ):
        found.append(
            _flag(
                "far_below_demand_share",
                f"{need} is {percent(share)} of EHC plans in {phase} but {percent(specific_share)} "
                f"of need-specific services ({facts['specific']} services; below "
                f"{thresholds.far_below_ratio:g} x its share of plans).",
            )
        )
    expected = thresholds.sectors_expected(facts["need"])
    present = [s for s in facts["sectors"] if s in expected]
    if services and len(expected) >= 2 and len(present) <= 1:
        missing = ", ".join(_sector_name(s) for s in expected if s not in present)
        only = f"only {_sector_name(present[0])} is present" if present else "none is present"
        found.append(
            _flag(
                "single_sector",
                f"Of {', '.join(_sector_name(s) for s in expected)}, {only} among the {services} "
                f"services; none from {missing}.",
            )
        )
    for code, key, what in (
        ("mostly_out_of_borough", "out_of_borough", "are outside the borough"),
        (
            "mostly_stale",
            "stale",
            f"were last checked over {thresholds.stale_after_months} months ago, or never",
        ),
    ):
        if services and facts[key] / services > thresholds.mostly:
            found.append(_flag(code, f"{facts[key]} of {services} services {what}."))
    return found


def _flag(code: str, reason: str) -> Flag:
    return Flag(code, FLAG_LABELS[code], reason)


def _sector_name(code: str) -> str:
    return vocabulary("sector")[code].name.lower()
