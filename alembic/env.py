"""Alembic environment: the models' metadata is the target; SQLite uses batch mode."""

from __future__ import annotations

from sqlalchemy import Connection

from alembic import context
from directory.db import make_engine
from directory.models import Base
from directory.settings import Settings

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # Tests and the CLI hand over an open connection so the migration runs where they say.
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = config.attributes.get("database_url") or Settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        run_with(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
