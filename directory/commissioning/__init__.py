"""Commissioning reports: supply against demand, integration, priorities, statutory coverage and
unmet search demand. Definitions and thresholds: docs/commissioning.md."""

from directory.commissioning.report import (
    SECTIONS,
    CommissioningReport,
    ReportContext,
    build_report,
    report_context,
    services_behind,
)

__all__ = [
    "SECTIONS",
    "CommissioningReport",
    "ReportContext",
    "build_report",
    "report_context",
    "services_behind",
]
