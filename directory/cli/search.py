"""``local-offer index ...`` and ``local-offer search``: the search index from the command line."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import click
from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from directory.cli.session import ensure_migrated
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.errors import DirectoryError
from directory.localoffer import load_config
from directory.models import Provenance, Service
from directory.search import SearchIndex, SearchQuery, check, rebuild, sync
from directory.search.locate import postcode_locator
from directory.settings import Settings


@click.group()
def index() -> None:
    """Build, update and check the search index."""


@index.command("rebuild")
@click.pass_obj
def rebuild_command(settings: Settings) -> None:
    """Build a new index from the database and switch to it when it is complete."""
    config = load_config(settings.config_path)
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            total = session.query(Service).filter(Service.status == "active").count()
            with tqdm(total=total, unit=" services", disable=None) as bar:
                report = rebuild(session, config, settings.index_dir, progress=bar.update)
    finally:
        engine.dispose()
    click.echo(f"index {report.generation}: {report.documents} services")


@index.command("sync")
@click.pass_obj
def sync_command(settings: Settings) -> None:
    """Apply the database changes made since the index was last brought up to date."""
    config = load_config(settings.config_path)
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            report = sync(session, config, settings.index_dir)
    except DirectoryError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        engine.dispose()
    click.echo(
        f"index {report.generation}: {report.added_or_updated} added or updated, "
        f"{report.removed} removed, {report.documents} services"
    )


@index.command("check")
@click.pass_obj
def check_command(settings: Settings) -> None:
    """Fail when the index and the database disagree on the published services."""
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            report = check(session, settings.index_dir)
    except DirectoryError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        engine.dispose()
    click.echo(
        f"index {report.generation}: {report.indexed} services indexed, "
        f"{report.published} published"
    )
    problems = [
        (report.missing, "published but not in the index"),
        (report.extra, "in the index but not published"),
        (report.stale, "changed since they were indexed"),
    ]
    for ids, what in problems:
        if ids:
            click.echo(f"{len(ids)} {what}: {', '.join(str(i) for i in ids[:10])}", err=True)
    if not report.ok:
        raise click.ClickException("the index is out of step: run `local-offer index sync`")


@click.command()
@click.argument("text", default="")
@click.option("--age", type=click.FloatRange(0, 25), help="Age of the child or young person.")
@click.option("--need", multiple=True, help="Need code (ASD, SLCN, ...) or broad area.")
@click.option("--sector", multiple=True, help="education, health, social_care or voluntary.")
@click.option("--postcode", help="Search near this postcode.")
@click.option("--radius-km", type=click.FloatRange(0.1, 200), help="Within this distance.")
@click.option("--per-page", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a list.")
@click.pass_obj
def search(
    settings: Settings,
    text: str,
    age: float | None,
    need: tuple[str, ...],
    sector: tuple[str, ...],
    postcode: str | None,
    radius_km: float | None,
    per_page: int,
    as_json: bool,
) -> None:
    """Search the directory as the API and the pages do."""
    config = load_config(settings.config_path)
    index_service = SearchIndex(settings.index_dir, config)
    engine = make_engine(settings.database_url)
    age_value = Decimal(str(age)) if age is not None else None
    query = SearchQuery(
        text=text,
        min_age=age_value,
        max_age=age_value,
        need=need,
        sector=sector,
        postcode=postcode,
        radius_km=radius_km,
        per_page=per_page,
    )
    try:
        ensure_migrated(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            result = index_service.search(query, postcode_locator(session))
            ids = [hit.service_id for hit in result.hits]
            rows = session.execute(select(Service.id, Service.name).where(Service.id.in_(ids)))
            names: dict[uuid.UUID, str] = {sid: name for sid, name in rows}  # noqa: C416
            sources = _source_ids(session, ids)
    except DirectoryError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        index_service.close()
        engine.dispose()
    items = [
        {
            "id": str(hit.service_id),
            "source_id": sources.get(hit.service_id),
            "name": names.get(hit.service_id),
            "score": hit.score,
            "distance_km": hit.distance_km,
        }
        for hit in result.hits
    ]
    if as_json:
        click.echo(
            json.dumps({"total": result.total, "items": items, "suggestion": result.suggestion})
        )
        return
    if result.suggestion:
        click.echo(f"Showing results for: {result.suggestion}")
    click.echo(f"{result.total} services")
    for item in items:
        distance = f"  {item['distance_km']} km" if item["distance_km"] is not None else ""
        click.echo(f"{item['score']:8.3f}  {item['name']}{distance}")


def _source_ids(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each service's id in the source it was most recently imported from."""
    rows = session.execute(
        select(Provenance.entity_id, Provenance.source_id)
        .where(Provenance.entity_type == "service", Provenance.entity_id.in_(ids))
        .order_by(Provenance.last_seen)
    )
    return {entity_id: source_id for entity_id, source_id in rows}  # noqa: C416


COMMANDS = [index, search]
