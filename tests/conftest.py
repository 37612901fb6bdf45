"""Shared fixtures: a database migrated by Alembic once per backend, a rolled-back transaction
per test, the app wired to that transaction, and the in-process HTTP client.

Every test that uses the database runs on SQLite, and again on PostgreSQL when
``TEST_DATABASE_URL`` is set (``.ci/run`` always sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.testclient import TestClient

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.settings import Settings
from directory.vocab import sync_vocabularies
from directory.web.app import create_app

# The team's shared references and real data samples: beside the checkout, or where
# LOCAL_OFFER_SHARED says (.ci/run sets it for a clone made elsewhere).
SHARED = Path(
    os.environ.get("LOCAL_OFFER_SHARED") or Path(__file__).resolve().parents[2] / "shared"
)
SHARED_DATA = SHARED / "data"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def backend_url(backend: str, tmp_dir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / 'test.sqlite3'}"
    return os.environ["TEST_DATABASE_URL"]


def reset_postgresql(engine: Engine) -> None:
    """Start from an empty schema: the test database is disposable by contract."""
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    from directory.settings import normalise_database_url

    return normalise_database_url(backend_url(request.param, tmp_path_factory.mktemp("db")))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        reset_postgresql(engine)
    migrations.upgrade(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        sync_vocabularies(session)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection and one outer transaction per test, rolled back at the end."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        if transaction.is_active:
            transaction.rollback()


@pytest.fixture
def sessions(connection: Connection) -> sessionmaker[Session]:
    # Code under test may commit: with create_savepoint its commits release savepoints inside
    # the test's transaction, which is rolled back at the end.
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        LOCAL_OFFER_DATA_DIR=tmp_path,
        DATABASE_URL=database_url,
        LOCAL_OFFER_SECRET_KEY="test-secret",
    )


@pytest.fixture
def app(settings: Settings, sessions: sessionmaker[Session]) -> Starlette:
    return create_app(settings, sessions=sessions)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
