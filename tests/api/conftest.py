"""The Barnet demo loaded once per test module, with its search index, and the app over it.

Loading the demo's services and 15,000 postcodes takes a few seconds, so modules that only read
share one load: it runs in a transaction on its own connection that is rolled back when the module
ends. Tests here must not write (the round-trip test writes inside a savepoint it rolls back).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.testclient import TestClient

from directory.cli.importing import demo_plan, import_file
from directory.localoffer import load_config
from directory.models import Service
from directory.search import rebuild
from directory.settings import Settings
from directory.web.app import create_app
from tests.conftest import SHARED

ORUK = SHARED / "standards" / "oruk-3.0"
# Where the UK profile's OpenAPI document says its schemas are; we register local copies there.
UK_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


@dataclass
class Demo:
    client: TestClient
    app: Starlette
    sessions: sessionmaker[Session]
    settings: Settings
    # Services the ORUK feed publishes (active or temporarily closed) and the search holds.
    published: int = 0
    active: int = 0

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)


def load_demo(session: Session, settings: Settings) -> None:
    """What `local-offer demo` does: bundled postcodes, then every demo file, then the index."""
    for location, format_name, source in demo_plan():
        report = import_file(
            settings,
            session,
            format_name,
            location,
            source=source,
            demonstration=format_name != "postcodes",
        )
        assert report.exit_code == 0, report.lines()
    session.commit()
    rebuild(session, load_config(settings.config_path), settings.index_dir)


@pytest.fixture(scope="module")
def demo(
    engine: Engine, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(
        LOCAL_OFFER_DATA_DIR=folder,
        DATABASE_URL=database_url,
        LOCAL_OFFER_SECRET_KEY="test-secret",
    )
    with engine.connect() as connection:
        transaction = connection.begin()
        sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        with sessions() as session:
            load_demo(session, settings)
            published, active = count_services(session)
        app = create_app(settings, sessions=sessions)
        with TestClient(app) as client:
            yield Demo(client, app, sessions, settings, published, active)
        transaction.rollback()


def count_services(session: Session) -> tuple[int, int]:
    statuses = dict(
        session.execute(select(Service.status, func.count()).group_by(Service.status)).all()
    )
    active = statuses.get("active", 0)
    return active + statuses.get("temporarily closed", 0), active


def _schema_resources() -> Iterator[tuple[str, Resource[Any]]]:
    for path in sorted((ORUK / "schema").rglob("*.json")):
        relative = path.relative_to(ORUK / "schema").as_posix()
        contents = json.loads(path.read_text("utf-8"))
        yield UK_SCHEMAS + relative, Resource.from_contents(contents, DRAFT202012)


@pytest.fixture(scope="session")
def oruk_registry() -> Registry[Any]:
    """The ORUK schemas under their published addresses, resolved locally (no network)."""
    return Registry().with_resources(_schema_resources())


def oruk_schema(name: str) -> dict[str, Any]:
    return {"$ref": UK_SCHEMAS + name}


def read_standard(path: str) -> Any:
    return json.loads((ORUK / path).read_text("utf-8"))


def inline_remote_refs(document: dict[str, Any]) -> dict[str, Any]:
    """The standard's document with each UK-profile ``$ref`` replaced by the local schema."""

    def load(name: str) -> Any:
        schema = json.loads((ORUK / "schema" / name).read_text("utf-8"))
        base = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        return resolve(schema, base)

    def resolve(node: Any, base: str) -> Any:
        if isinstance(node, dict):
            target = node.get("$ref")
            if isinstance(target, str) and target.startswith(UK_SCHEMAS):
                return load(target.removeprefix(UK_SCHEMAS))
            if isinstance(target, str) and target.endswith(".json") and "://" not in target:
                return load(base + target)
            return {k: resolve(v, base) for k, v in node.items() if k not in ("$schema", "$id")}
        if isinstance(node, list):
            return [resolve(item, base) for item in node]
        return node

    result: dict[str, Any] = resolve(copy.deepcopy(document), "")
    return result
