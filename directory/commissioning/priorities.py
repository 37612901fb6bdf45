"""Priorities: services tagged to each strategic priority by sector and phase, with the DfE
indicator for the priority where one exists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from directory.commissioning.config import Thresholds
from directory.commissioning.facts import Supply
from directory.commissioning.indicators import INDICATORS, Indicator
from directory.commissioning.matrix import (
    Axis,
    Matrix,
    ServiceFilter,
    by_phase,
    by_sector,
    count_matrix,
)
from directory.localoffer import AuthorityConfig
from directory.vocab import vocabulary


@dataclass(frozen=True)
class PrioritySummary:
    id: str
    label: str
    title: str
    services: int
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class PriorityReport:
    priorities: tuple[PrioritySummary, ...]
    untagged: int
    by_sector: Matrix
    by_phase: Matrix


def priority_report(
    session: Session, config: AuthorityConfig, supply: Supply, thresholds: Thresholds
) -> PriorityReport:
    rows = tuple(
        (Axis(p.id, f"{p.id} {p.label}"), ServiceFilter(priority=p.id)) for p in config.priorities
    )
    sectors = tuple((Axis(t.code, t.name), by_sector(t.code)) for t in vocabulary("sector").terms)
    phases = tuple((Axis(p.code, p.name), by_phase(p.code)) for p in supply.phases)
    by_sector_matrix = count_matrix(
        "priority_sector",
        "Services by priority and sector",
        supply.services,
        supply.districts,
        rows,
        sectors,
        row_title="Priority",
        column_title="Sector",
    )
    by_phase_matrix = count_matrix(
        "priority_phase",
        "Services by priority and age phase",
        supply.services,
        supply.districts,
        rows,
        phases,
        row_title="Priority",
        column_title="Age phase",
    )
    summaries = []
    for index, priority in enumerate(config.priorities):
        indicators = []
        for code in thresholds.priority_indicators.get(priority.id, ()):
            indicator = INDICATORS[code](session, config)
            if indicator is not None:
                indicators.append(indicator)
        summaries.append(
            PrioritySummary(
                priority.id,
                priority.label,
                priority.title,
                by_sector_matrix.row_totals[index].count,
                tuple(indicators),
            )
        )
    ids = {p.id for p in config.priorities}
    untagged = sum(not (s.priorities & ids) for s in supply.services)
    return PriorityReport(tuple(summaries), untagged, by_sector_matrix, by_phase_matrix)
