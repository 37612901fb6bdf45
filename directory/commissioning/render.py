"""JSON and CSV renderings of the report objects (the pages and the CLI use the same objects).

Every cell's ``filter`` becomes a ``services_url``: the link to the list of services it counts.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from directory.commissioning.coverage import CoverageItem, CoverageReport
from directory.commissioning.demand import DemandReport
from directory.commissioning.facts import phases
from directory.commissioning.gaps import GapCell, GapReport
from directory.commissioning.integration import IntegrationReport
from directory.commissioning.matrix import Matrix, ServiceFilter
from directory.commissioning.priorities import PriorityReport
from directory.commissioning.searches import SearchReport
from directory.commissioning.supply import SupplyReport

API_SERVICES = "/api/v1/commissioning/services"


def services_url(base: str, service_filter: ServiceFilter) -> str:
    query = service_filter.query_string()
    return f"{base}?{query}" if query else base


def to_json(value: Any, base: str = API_SERVICES) -> Any:
    """A JSON-ready copy of a report object."""
    if isinstance(value, Matrix):
        return matrix_json(value, base)
    if isinstance(value, ServiceFilter):
        return services_url(base, value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            key = "services_url" if isinstance(item, ServiceFilter) else field.name
            result[key] = to_json(item, base)
        if isinstance(value, CoverageItem):
            result["services_url"] = f"{base}?coverage={value.code}"
        return result
    if isinstance(value, dict):
        return {str(k): to_json(v, base) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = sorted(value) if isinstance(value, frozenset | set) else value
        return [to_json(v, base) for v in items]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def matrix_json(matrix: Matrix, base: str = API_SERVICES) -> dict[str, Any]:
    return {
        "key": matrix.key,
        "title": matrix.title,
        "row_title": matrix.row_title,
        "column_title": matrix.column_title,
        "note": matrix.note,
        "columns": [{"code": c.code, "label": c.label} for c in matrix.columns],
        "rows": [
            {
                "code": row.code,
                "label": row.label,
                "cells": [
                    {
                        "column": column.code,
                        "count": cell.count,
                        "services_url": services_url(base, cell.filter),
                    }
                    for column, cell in zip(matrix.columns, cells, strict=True)
                ],
                "total": {"count": total.count, "services_url": services_url(base, total.filter)},
            }
            for row, cells, total in zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True)
        ],
    }


# --- CSV -------------------------------------------------------------------------------------

Table = tuple[list[str], list[list[Any]]]


def csv_text(table: Table) -> str:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    text = str(value)
    # Search words come from the public: never let a spreadsheet run them as a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def section_table(name: str, data: Any) -> Table:
    tables: dict[str, Callable[[Any], Table]] = {
        "gaps": gaps_table,
        "supply": supply_table,
        "demand": demand_table,
        "integration": integration_table,
        "priorities": priorities_table,
        "coverage": coverage_table,
        "searches": searches_table,
    }
    return tables[name](data)


def gaps_table(report: GapReport) -> Table:
    header = [
        "rank",
        "need",
        "need_name",
        "phase",
        "phase_name",
        "ehc_plans",
        "plans_share_percent",
        "services",
        "need_specific_services",
        "all_needs_services",
        "specific_share_percent",
        "services_per_100_plans",
        "specific_per_100_plans",
        "sectors",
        "out_of_borough",
        "stale",
        "score",
        "flags",
        "reasons",
    ]
    ranks = {(c.need, c.phase): n for n, c in enumerate(report.ranked, start=1)}
    ordered = list(report.ranked) + [c for c in report.cells if not c.flags]
    return header, [_gap_row(c, ranks.get((c.need, c.phase))) for c in ordered]


def _gap_row(c: GapCell, rank: int | None) -> list[Any]:
    return [
        rank,
        c.need,
        c.need_name,
        c.phase,
        c.phase_name,
        c.plans,
        _pct(c.plans_share),
        c.services,
        c.specific,
        c.all_needs,
        _pct(c.specific_share),
        c.per_100_plans,
        c.specific_per_100_plans,
        " ".join(c.sectors),
        c.out_of_borough,
        c.stale,
        c.score,
        " ".join(f.code for f in c.flags),
        " | ".join(f.reason for f in c.flags),
    ]


LONG_HEADER = ["table", "row_code", "row_label", "column_code", "column_label", "value"]


def _long(matrices: Iterable[Matrix]) -> Iterator[list[Any]]:
    for m in matrices:
        for row, cells, total in zip(m.rows, m.cells, m.row_totals, strict=True):
            for column, cell in zip(m.columns, cells, strict=True):
                yield [m.key, row.code, row.label, column.code, column.label, cell.count]
            yield [m.key, row.code, row.label, "any", "Any (each service once)", total.count]


def supply_table(report: SupplyReport) -> Table:
    return LONG_HEADER, list(_long(report.matrices))


def integration_table(report: IntegrationReport) -> Table:
    return LONG_HEADER, list(_long([report.matrix]))


def priorities_table(report: PriorityReport) -> Table:
    rows = list(_long([report.by_sector, report.by_phase]))
    for priority in report.priorities:
        for indicator in priority.indicators:
            for v in indicator.values:
                rows.append(
                    [
                        f"indicator:{indicator.code}",
                        priority.id,
                        indicator.title,
                        v.area_code,
                        v.area_name,
                        v.value,
                    ]
                )
    return LONG_HEADER, rows


def demand_table(report: DemandReport) -> Table:
    phases = sorted({p for n in report.needs for p in n.by_phase}, key=_phase_order(report))
    header = [
        "need",
        "name",
        "ehc_plans",
        "share_percent",
        "region_share_percent",
        "england_share_percent",
        *(f"plans_{p}" for p in phases),
    ]
    rows = [
        [
            n.need,
            n.name,
            n.plans,
            _pct(n.share),
            _pct(n.region_share),
            _pct(n.england_share),
            *(n.by_phase.get(p, 0) for p in phases),
        ]
        for n in report.needs
    ]
    return header, rows


def _phase_order(report: DemandReport) -> Any:
    order = [p.code for p in phases()]
    return lambda code: order.index(code) if code in order else len(order)


def coverage_table(report: CoverageReport) -> Table:
    header = ["code", "item", "source", "rag", "reason", "services"]
    return header, [
        [i.code, i.name, i.source, i.rag, i.reason, len(i.services)] for i in report.items
    ]


def searches_table(report: SearchReport) -> Table:
    header = ["words", "needs", "unmet_searches", "no_results", "phases", "districts"]
    return header, [
        [
            g.text,
            " ".join(g.needs),
            g.unmet,
            g.no_results,
            " ".join(f"{c.code}:{c.count}" for c in g.phases),
            " ".join(f"{c.code}:{c.count}" for c in g.districts),
        ]
        for g in report.top
    ]


def gap_lines(report: GapReport, limit: int) -> list[str]:
    """The ranked gaps as a plain-text table for the terminal."""
    lines = [
        f"{'#':>3}  {'need':<6} {'phase':<12} {'plans':>6} {'services':>8} "
        f"{'specific':>8} {'per 100':>8}  flags"
    ]
    for n, c in enumerate(report.ranked[:limit], start=1):
        per_100 = "" if c.per_100_plans is None else f"{c.per_100_plans:.1f}"
        plans = "" if c.plans is None else str(c.plans)
        flags = ", ".join(f.label.lower() for f in c.flags)
        lines.append(
            f"{n:>3}  {c.need:<6} {c.phase:<12} {plans:>6} {c.services:>8} "
            f"{c.specific:>8} {per_100:>8}  {flags}"
        )
        lines.extend(f"{'':>5}- {f.reason}" for f in c.flags)
    if not report.ranked:
        lines.append("No gaps flagged.")
    if not report.demand_available:
        lines.append("No EHC plan figures are loaded: import them with local-offer import sen2.")
    return lines
