"""``local-offer tag`` and ``local-offer tag-preview``: needs and priority tagging."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import click
from tqdm import tqdm

from directory.cli.session import ensure_migrated
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.errors import DirectoryError
from directory.localoffer import AuthorityConfig, load_config
from directory.settings import Settings
from directory.tagging import Tagger, Tagging
from directory.tagging.oruk import read_service, service_objects
from directory.tagging.store import tag_services


def _config(settings: Settings, path: Path | None) -> AuthorityConfig:
    try:
        return load_config(path or settings.config_path)
    except DirectoryError as exc:
        raise click.ClickException(exc.message) from exc


@click.command()
@click.pass_obj
def tag(settings: Settings) -> None:
    """Re-tag every service: priorities from the authority's rules, sectors derived from service
    types, needs inferred from the text. Tags set by imports or editors are kept."""
    config = _config(settings, None)
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with (
            session_scope(make_sessionmaker(engine)) as session,
            tqdm(desc="tagging", unit=" services", disable=None) as bar,
        ):
            report = tag_services(session, config, progress=bar.update)
    finally:
        engine.dispose()
    click.echo(report.summary())


@click.command("tag-preview")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Authority configuration (default: LOCAL_OFFER_CONFIG, or the bundled Barnet one).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Also print each service's name, the rule behind each priority and the words or "
    "service type behind each inferred need.",
)
@click.pass_obj
def tag_preview(
    settings: Settings, file: IO[bytes], config_path: Path | None, explain: bool
) -> None:
    """Tag Open Referral UK 3.0 services in FILE (a JSON array of service objects; - for stdin)
    and print one JSON line per service, without touching the database:

    {"id", "priorities": [{"id", "reason"}], "needs": [{"code", "inferred"}], "sectors",
    "phases"}
    """
    tagger = Tagger(_config(settings, config_path))
    for number, item in _services(file):
        try:
            read = read_service(item, number)
        except ValueError as exc:
            raise click.ClickException(f"{file.name}: {exc}") from exc
        for warning in read.warnings:
            click.echo(f"{file.name}: {warning}", err=True)
        tagging = tagger.tag(read.facts)
        line = _preview(read.source_id, tagging)
        if explain:
            line = _explained(line, read.facts.name, tagging)
        click.echo(json.dumps(line, ensure_ascii=False))


def _services(file: IO[bytes]) -> list[tuple[int, Any]]:
    raw = file.read()
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file.name}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise click.ClickException(
            f"{file.name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    try:
        return list(service_objects(document))
    except ValueError as exc:
        raise click.ClickException(f"{file.name}: {exc}") from exc


def _preview(service_id: Any, tagging: Tagging) -> dict[str, Any]:
    return {
        "id": service_id,
        "priorities": [{"id": p.id, "reason": p.reason} for p in tagging.priorities],
        "needs": [{"code": n.code, "inferred": n.inferred} for n in tagging.needs],
        "sectors": list(tagging.sectors),
        "phases": list(tagging.phases),
    }


def _explained(line: dict[str, Any], name: str, tagging: Tagging) -> dict[str, Any]:
    for shown, priority in zip(line["priorities"], tagging.priorities, strict=True):
        shown.update(origin=priority.origin, rule=priority.rule)
    for shown, need in zip(line["needs"], tagging.needs, strict=True):
        if need.inferred:
            shown["evidence"] = need.evidence
    return {"id": line["id"], "name": name, **line, "sectors_derived": tagging.sectors_derived}


COMMANDS = [tag, tag_preview]
