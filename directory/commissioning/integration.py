"""Integration: services spanning two or more of education, health and social care (CFA 2014
s.25), and the need and phase cells where none exist."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from directory.commissioning.config import STATUTORY_SECTORS
from directory.commissioning.demand import DemandReport
from directory.commissioning.facts import Supply
from directory.commissioning.gaps import SUPPLY_FOR, gap_needs
from directory.commissioning.matrix import Axis, Matrix, ServiceFilter, by_phase, count_matrix
from directory.vocab import vocabulary


@dataclass(frozen=True)
class Combination:
    sectors: tuple[str, ...]
    label: str
    count: int


@dataclass(frozen=True)
class IntegratedService:
    id: str
    name: str
    organization: str
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class IntegrationGap:
    need: str
    need_name: str
    phase: str
    phase_name: str
    plans: int | None
    services: int  # services for the need in the phase, none of them integrated
    filter: ServiceFilter


@dataclass(frozen=True)
class IntegrationReport:
    total: int
    integrated: int
    combinations: tuple[Combination, ...]
    matrix: Matrix
    gaps: tuple[IntegrationGap, ...]
    services: tuple[IntegratedService, ...]


def integration_report(supply: Supply, demand: DemandReport) -> IntegrationReport:
    integrated = [s for s in supply.services if s.integrated]
    names = {t.code: t.name for t in vocabulary("sector").terms}
    combos = Counter(tuple(x for x in STATUTORY_SECTORS if x in s.sectors) for s in integrated)
    combinations = tuple(
        Combination(key, " and ".join(names[x] for x in key), count)
        for key, count in sorted(combos.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    rows = tuple(
        (Axis(code, name), ServiceFilter(need=SUPPLY_FOR.get(code, (code,)), integrated=True))
        for code, name in gap_needs()
    )
    columns = tuple((Axis(p.code, p.name), by_phase(p.code)) for p in supply.phases)
    matrix = count_matrix(
        "integrated_need_phase",
        "Integrated services by need and age phase",
        supply.services,
        supply.districts,
        rows,
        columns,
        row_title="Need",
        column_title="Age phase",
        note="Services in two or more of education, health and social care, including those "
        "for all needs.",
    )
    return IntegrationReport(
        total=len(supply.services),
        integrated=len(integrated),
        combinations=combinations,
        matrix=matrix,
        gaps=_gaps(supply, demand, matrix),
        services=tuple(
            IntegratedService(
                str(s.id),
                s.name,
                s.organization,
                tuple(x for x in STATUTORY_SECTORS if x in s.sectors),
            )
            for s in integrated
        ),
    )


def _gaps(supply: Supply, demand: DemandReport, matrix: Matrix) -> tuple[IntegrationGap, ...]:
    gaps = []
    for r, need in enumerate(matrix.rows):
        figures = demand.need(need.code)
        for c, phase in enumerate(matrix.columns):
            if matrix.cells[r][c].count:
                continue
            serving = ServiceFilter(need=SUPPLY_FOR.get(need.code, (need.code,)), phase=phase.code)
            plans = figures.by_phase.get(phase.code, 0) if figures and demand.available else None
            gaps.append(
                IntegrationGap(
                    need.code,
                    need.label,
                    phase.code,
                    phase.label,
                    plans,
                    len(serving.select(supply.services)),
                    serving,
                )
            )
    gaps.sort(key=lambda g: -(g.plans or 0))
    return tuple(gaps)
