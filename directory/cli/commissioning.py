"""``local-offer gaps``: the commissioning report on the terminal, as JSON or as CSV."""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from directory.cli.session import ensure_migrated
from directory.commissioning import SECTIONS, build_report, report_context
from directory.commissioning.gaps import GapReport
from directory.commissioning.render import csv_text, gap_lines, section_table, to_json
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.localoffer import load_config
from directory.settings import Settings


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar date
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-01-31") from None


@click.command()
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for people, json or csv for other programs and spreadsheets.",
)
@click.option(
    "--section",
    type=click.Choice([*SECTIONS, "report"]),
    default="gaps",
    show_default=True,
    help="Which part of the report; 'report' is all of it (JSON only).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="How many ranked gaps the table shows.",
)
@click.option(
    "--as-of",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="The report date, which decides what is stale (default: today).",
)
@click.option(
    "--period", metavar="PERIOD", help="The SEN2 period, e.g. 202425 (default: the latest loaded)."
)
@click.pass_obj
def gaps(
    settings: Settings,
    output: str,
    section: str,
    limit: int,
    as_of: date | None,
    period: str | None,
) -> None:
    """Where provision is missing, thin, stale or not joined up, ranked.

    Each need and age phase is compared with the authority's EHC plans (DfE SEN2, loaded with
    `local-offer import sen2`) and flagged: no provision, provision far below demand share, only
    one sector, most provision out of borough, most provision stale. Thresholds and definitions:
    docs/commissioning.md.
    """
    if section == "report" and output != "json":
        raise click.UsageError("--section report is only available with --format json")
    config = load_config(settings.config_path)
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            ctx = report_context(session, config, as_of=as_of, period=period)
            data = build_report(ctx) if section == "report" else SECTIONS[section][1](ctx)
            click.echo(_render(section, data, output, limit), nl=output != "csv")
    finally:
        engine.dispose()


def _render(section: str, data: object, output: str, limit: int) -> str:
    if output == "json":
        return json.dumps(to_json(data), indent=2, ensure_ascii=False)
    if output == "csv":
        return csv_text(section_table(section, data))
    if isinstance(data, GapReport):
        return "\n".join(gap_lines(data, limit))
    return _aligned(*section_table(section, data))


def _aligned(header: list[str], rows: list[list[object]]) -> str:
    cells = [header] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [min(40, max(len(r[i]) for r in cells)) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            value[:40].ljust(width) for value, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in cells
    )


COMMANDS = [gaps]
