"""``local-offer db ...``: migrate and check the database schema."""

from __future__ import annotations

import click

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.settings import Settings
from directory.vocab import sync_vocabularies


@click.group()
def db() -> None:
    """Create, migrate and check the database schema."""


@db.command()
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Migrate to the latest schema and store the vocabularies (creates SQLite files)."""
    engine = make_engine(settings.database_url)
    try:
        migrations.upgrade(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            changed = sync_vocabularies(session)
        with engine.connect() as connection:
            revision = migrations.current_revision(connection)
    finally:
        engine.dispose()
    click.echo(f"database at revision {revision}; vocabularies: {changed} changes")


@db.command()
@click.pass_obj
def check(settings: Settings) -> None:
    """Fail when the database is not at the latest migration or differs from the models."""
    engine = make_engine(settings.database_url)
    try:
        result = migrations.check(engine)
    finally:
        engine.dispose()
    if result.revision != result.head:
        raise click.ClickException(
            f"database is at revision {result.revision or 'none'}, migrations end at "
            f"{result.head}: run `local-offer db upgrade`"
        )
    if result.differences:
        lines = "\n".join(f"  {diff}" for diff in result.differences)
        raise click.ClickException(f"models and migrations disagree:\n{lines}")
    click.echo(f"database at revision {result.revision}; models and migrations agree")


COMMANDS = [db]
