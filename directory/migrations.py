"""Run and check Alembic migrations from code (the CLI, the app's health check and tests)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from alembic import command
from directory.models import Base

# The migrations live beside the package in the source tree (`alembic/`), which is where an
# editable install and the tests find them.
ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"


class MigrationsNotFound(RuntimeError):
    pass


def alembic_config(connection: Connection | None = None) -> Config:
    if not (ALEMBIC_DIR / "env.py").exists():
        raise MigrationsNotFound(
            f"migrations not found at {ALEMBIC_DIR}; install from a source checkout "
            "(pip install -e .)"
        )
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {', '.join(heads)}")
    return heads[0]


_MIGRATION_LOG = logging.getLogger("alembic.runtime.migration")
_QUIET = threading.Lock()  # /healthz reads the revision from several threads


def current_revision(connection: Connection) -> str | None:
    # Reading the revision is not a migration: keep Alembic's "Context impl" lines out of
    # every command's output.
    with _QUIET:
        level = _MIGRATION_LOG.level
        _MIGRATION_LOG.setLevel(max(level, logging.WARNING))
        try:
            return MigrationContext.configure(connection).get_current_revision()
        finally:
            _MIGRATION_LOG.setLevel(level)


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


@dataclass(frozen=True)
class SchemaCheck:
    revision: str | None
    head: str
    differences: list[Any]

    @property
    def ok(self) -> bool:
        return self.revision == self.head and not self.differences


def check(engine: Engine) -> SchemaCheck:
    """Compare the migrated database with the models (what `alembic check` does)."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"},
        )
        differences = compare_metadata(context, Base.metadata)
    return SchemaCheck(revision=revision, head=head_revision(), differences=list(differences))
