"""One database session per command, committed when the command succeeds.

Tests hand ``main`` their own session factory as ``obj`` (bound to the test's rolled-back
transaction), so a command runs against the test's database and the page tests see its work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session, sessionmaker

from directory.cli.importing import ensure_migrated
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.settings import Settings

SESSIONS = "directory.sessions"


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
