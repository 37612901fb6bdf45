"""Migrations are the schema: they run both ways and agree with the models on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from directory import migrations
from directory.db import make_engine


@pytest.fixture
def scratch_engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of the same backend, away from the shared test schema."""
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
        yield engine
        engine.dispose()
        return
    admin = make_engine(database_url)
    with admin.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS migration_scratch CASCADE"))
        connection.execute(text("CREATE SCHEMA migration_scratch"))
    engine = make_engine(database_url, connect_args={"options": "-csearch_path=migration_scratch"})
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text("DROP SCHEMA migration_scratch CASCADE"))
    admin.dispose()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(scratch_engine: Engine) -> None:
    migrations.upgrade(scratch_engine)
    assert {"service", "organization", "taxonomy_term", "search_log"} <= table_names(scratch_engine)

    migrations.downgrade(scratch_engine, "base")
    assert table_names(scratch_engine) == set()

    migrations.upgrade(scratch_engine)
    result = migrations.check(scratch_engine)
    assert result.revision == migrations.head_revision()
    assert result.differences == []


def test_models_match_migrations(engine: Engine) -> None:
    result = migrations.check(engine)
    assert result.ok, result.differences


def test_migrations_have_one_head_and_ordered_names() -> None:
    versions = sorted(p.name for p in (migrations.ALEMBIC_DIR / "versions").glob("*.py"))
    assert versions, "no migrations found"
    numbers = [name.split("_", 1)[0] for name in versions]
    assert numbers == [f"{i:04d}" for i in range(1, len(numbers) + 1)]
    assert migrations.head_revision() == numbers[-1]
