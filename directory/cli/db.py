"""``local-offer db ...``: migrate and check the database schema."""

from __future__ import annotations

import click

from directory import migrations
from directory.db import make_engine
from directory.settings import Settings


@click.group()
def db() -> None:
    """Create, migrate and check the database schema."""


@db.command()
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Migrate the database to the latest schema (creates an empty SQLite file if needed)."""
    engine = make_engine(settings.database_url)
    try:
        migrations.upgrade(engine)
        with engine.connect() as connection:
            revision = migrations.current_revision(connection)
    finally:
        engine.dispose()
    click.echo(f"database at revision {revision}")


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
