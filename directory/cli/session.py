"""One database session per command, committed when the command succeeds.

Tests hand ``main`` their own session factory as ``obj`` (bound to the test's rolled-back
transaction), so a command runs against the test's database and the page tests see its work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.settings import Settings

SESSIONS = "directory.sessions"


class NotMigrated(click.ClickException):
    """The database is missing or behind the migrations: the command did nothing. Exit code 2,
    as for an import that loads nothing."""

    exit_code = 2


def ensure_migrated(engine: Engine) -> None:
    with engine.connect() as connection:
        revision = migrations.current_revision(connection)
    if revision != migrations.head_revision():
        raise NotMigrated(
            f"the database is at revision {revision or 'none'}, not the latest: run "
            "`local-offer db upgrade` first (or `local-offer demo` for a fresh demo database)"
        )


@contextmanager
def command_session(ctx: click.Context) -> Iterator[Session]:
    """A session for this command: committed on success, rolled back on any error."""
    factory: sessionmaker[Session] | None = ctx.meta.get(SESSIONS)
    if factory is not None:
        with session_scope(factory) as session:
            yield session
        return
    settings: Settings = ctx.obj
    engine = make_engine(settings.database_url)
    try:
        ensure_migrated(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            yield session
    finally:
        engine.dispose()
