"""``/healthz`` tells operators whether the database is reachable and migrated."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from directory import migrations
from directory.settings import Settings
from directory.web.app import create_app


def test_healthz_reports_database_and_revision(client: TestClient, database_url: str) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {
            "status": "ok",
            "backend": "sqlite" if database_url.startswith("sqlite") else "postgresql",
            "revision": migrations.head_revision(),
            "head": migrations.head_revision(),
        },
    }


def test_healthz_is_503_with_a_clear_message_when_the_database_is_unreachable(
    tmp_path: Path,
) -> None:
    # Nothing listens on port 1: the connection is refused at once.
    settings = Settings(
        LOCAL_OFFER_DATA_DIR=tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["status"] == "unreachable"
    assert body["database"]["message"].startswith("cannot connect to the database: ")
    assert "127.0.0.1" in body["database"]["message"]


def test_healthz_is_503_when_the_database_is_not_migrated(tmp_path: Path) -> None:
    settings = Settings(LOCAL_OFFER_DATA_DIR=tmp_path)  # a new, empty SQLite file
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"]["status"] == "not_migrated"
    assert "local-offer db upgrade" in response.json()["database"]["message"]


def test_unknown_paths_get_the_json_error_shape(client: TestClient) -> None:
    response = client.get("/no/such/page")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not Found"}
    }
