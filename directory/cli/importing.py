"""``local-offer import``, ``template`` and ``demo``: get data in, and show what happened.

Exit codes of ``import``: 0 loaded cleanly, 1 loaded with rejected records, 2 nothing loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Never

import click
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from directory import migrations, search
from directory.cli.session import ensure_migrated
from directory.db import make_engine, make_sessionmaker
from directory.demo import demo_files
from directory.errors import DirectoryError
from directory.importers import postcodes
from directory.importers.formats import FORMATS
from directory.importers.geocoding import make_geocoder
from directory.importers.pipeline import ImportRequest, PostLoad, run_import
from directory.importers.report import ImportReport
from directory.importers.scope import Scope
from directory.importers.template import write_template
from directory.localoffer import load_config
from directory.models import Service
from directory.search.lifecycle import current_generation
from directory.settings import Settings
from directory.tagging.store import tag_services
from directory.vocab import sync_vocabularies


def post_load_steps(settings: Settings) -> PostLoad | None:
    """What runs inside an import's transaction on the services it created, changed or restored:
    the tagging engine re-tags them (rule priorities, derived sectors, inferred needs), keeping
    what the source and editors set."""
    config = load_config(settings.config_path)

    def tag(session: Session, service_ids: Sequence[uuid.UUID]) -> None:
        tag_services(session, config, service_ids)

    return tag


def after_commit(settings: Settings, *, rebuild_index: bool = False) -> None:
    """Bring the search index up to date with what an import committed.

    ``sync`` applies every change since the index's watermark, withdrawals included; with no
    index yet (or for the demo's fresh database) the index is built from scratch. The import
    itself has committed either way: a failure here is reported with the command that repairs
    it, and does not change the import's exit code.
    """
    config = load_config(settings.config_path)
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            if rebuild_index or current_generation(settings.index_dir) is None:
                report = search.rebuild(session, config, settings.index_dir)
            else:
                report = search.sync(session, config, settings.index_dir)
        click.echo(f"search index: {report.documents:,} services")
    except DirectoryError as exc:
        click.echo(
            f"warning: the search index was not updated ({exc.message}); "
            "run `local-offer index sync`",
            err=True,
        )
    finally:
        engine.dispose()


@contextmanager
def progress_bar(label: str) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """(set_total, advance) for a tqdm bar on stderr; silent when stderr is not a terminal."""
    bar: tqdm[Never] | None = None

    def set_total(total: int) -> None:
        nonlocal bar
        bar = tqdm(total=total, desc=label, unit=" records", disable=None, leave=False)

    def advance(count: int) -> None:
        if bar is not None:
            bar.update(count)

    try:
        yield set_total, advance
    finally:
        if bar is not None:
            bar.close()


def import_file(
    settings: Settings,
    session: Session,
    format_name: str,
    location: str,
    *,
    all_las: bool = False,
    **options: object,
) -> ImportReport:
    config = load_config(settings.config_path)
    with progress_bar(f"importing {Path(location).name}") as (set_total, advance):
        request = ImportRequest(
            format=format_name,
            location=location,
            home_districts=config.authority.postcode_districts,
            scope=Scope.of(config, everywhere=all_las),
            geocode=make_geocoder(settings.geocoder),
            progress=advance,
            set_total=set_total,
            **options,  # type: ignore[arg-type]
        )
        return run_import(session, request, post_load=post_load_steps(settings))


def echo_report(report: ImportReport) -> None:
    for line in report.lines()[:-1]:
        click.echo(line)
    click.echo(report.summary(), err=report.failure is not None)


@click.command("import")
@click.argument("format_name", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument("location", metavar="PATH_OR_URL")
@click.option("--source", help="Name of the source; records are matched by it on re-import.")
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option(
    "--all-las",
    is_flag=True,
    help="Registers and statistics: keep every local authority's records, not only ours.",
)
@click.pass_obj
def import_command(
    settings: Settings,
    format_name: str,
    location: str,
    source: str | None,
    dry_run: bool,
    all_las: bool,
) -> None:
    """Import a file or feed into the directory.

    \b
    Formats:
      oruk          Open Referral UK 3.0 or v1 JSON (a file, or a URL followed page by page)
      provider-csv  the provider spreadsheet, CSV or XLSX (see `local-offer template`)
      postcodes     Code-Point Open, ONSPD or district centroids; `bundled` for the shipped ones
      gias          DfE Get Information About Schools export (edubasealldata CSV)
      cqc           CQC care directory CSV, or care directory with filters (HSCA locations)
      epraccur      NHS ODS GP practices (epraccur.csv)
      charity-commission
                    Charity Commission register extract: a folder with the charity,
                    classification and area-of-operation files (JSON or text)
      sen2          DfE EHC plan statistics: a release folder or one of its files

    Registers keep the configured authority's records (CQC, ODS and charities by the
    config's register names and codes); --all-las keeps every authority's.

    The same file imported twice changes nothing; services missing from a full re-import of
    the same source are withdrawn, never deleted. Exit code 0: loaded cleanly; 1: loaded, some
    records rejected; 2: nothing loaded.
    """
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with make_sessionmaker(engine)() as session:
            report = import_file(
                settings,
                session,
                format_name,
                location,
                all_las=all_las,
                source=source,
                dry_run=dry_run,
            )
            session.commit()
        if not dry_run and report.exit_code != 2:
            after_commit(settings)
    finally:
        engine.dispose()
    echo_report(report)
    click.get_current_context().exit(report.exit_code)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def template(path: Path) -> None:
    """Write a blank provider spreadsheet (XLSX) with guidance and drop-down lists."""
    if path.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template is an Excel workbook: give a name ending .xlsx")
    write_template(path)
    click.echo(
        f"wrote {path}: fill in the 'Services' sheet, then `local-offer import provider-csv {path}`"
    )


@click.command()
@click.option(
    "--keep", is_flag=True, help="Load into the existing database instead of a fresh one."
)
@click.pass_obj
def demo(settings: Settings, keep: bool) -> None:
    """Create a fresh embedded database with the Barnet demonstration data.

    Deletes the SQLite database in LOCAL_OFFER_DATA_DIR (unless --keep), migrates it, loads the
    shipped postcodes and every file in the package's demo folder, then builds the search index.
    Refuses to touch a non-SQLite database that already holds services.
    """
    engine = fresh_demo_engine(settings, keep)
    try:
        migrations.upgrade(engine)
        reports = []
        with make_sessionmaker(engine)() as session:
            sync_vocabularies(session)
            for location, format_name, source in demo_plan():
                report = import_file(
                    settings,
                    session,
                    format_name,
                    location,
                    source=source,
                    demonstration=format_name != "postcodes",
                )
                echo_report(report)
                if report.exit_code == 2:
                    raise click.ClickException(f"the demo data did not load: {report.failure}")
                reports.append(report)
            session.commit()
        after_commit(settings, rebuild_index=True)
    finally:
        engine.dispose()
    services = sum(
        r.counts.get("created", 0) + r.counts.get("updated", 0)
        for r in reports[1:]
        if r.format != "sen2"  # figures, not services
    )
    click.echo(f"demo ready: {services:,} demonstration services in {settings.database_url}")


def demo_plan() -> list[tuple[str, str, str]]:
    """(location, format, source) for each import of the demo, postcodes first."""

    def missing(name: str) -> None:
        click.echo(f"note: the demo file {name} is not in this version of the package; skipped")

    plan = [(postcodes.BUNDLED, "postcodes", "bundled-postcodes")]
    plan += [(str(f.path), f.format, f.source) for f in demo_files(missing=missing)]
    return plan


def fresh_demo_engine(settings: Settings, keep: bool) -> Engine:
    engine = make_engine(settings.database_url)
    if keep:
        return engine
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        engine.dispose()
        if database and database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(database + suffix).unlink(missing_ok=True)
        return make_engine(settings.database_url)
    with engine.connect() as connection:
        has_services = inspect(connection).has_table("service") and connection.scalar(
            select(func.count()).select_from(Service)
        )
    if has_services:
        engine.dispose()
        raise click.ClickException(
            "the demo makes a fresh embedded SQLite database; DATABASE_URL points at a "
            "database that already has services. Unset DATABASE_URL, or use --keep to add the "
            "demo to it"
        )
    return engine


COMMANDS = [import_command, template, demo]
