"""A real server for the browser tests: the app under uvicorn, on a free localhost port, in a
background thread, over a migrated SQLite file holding a few services and their search index."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import uvicorn

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.localoffer import load_config
from directory.models import Feedback
from directory.search import rebuild
from directory.settings import Settings
from directory.vocab import sync_vocabularies
from directory.web.app import create_app
from tests.factories import classify, create_service
from tests.web.records import create_rich_service


@contextmanager
def running_site(data_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Serve a seeded site; yields its base URL and the ids of the seeded services."""
    database_url = f"sqlite:///{data_dir / 'browser.sqlite3'}"
    settings = Settings(
        LOCAL_OFFER_DATA_DIR=data_dir,
        DATABASE_URL=database_url,
        LOCAL_OFFER_SECRET_KEY="browser-test-secret",
    )
    ids = seed(database_url, settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", ids
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(database_url: str, settings: Settings) -> dict[str, str]:
    """Two services, a published comment, and the search index over them."""
    engine = make_engine(database_url)
    migrations.upgrade(engine)
    sessions = make_sessionmaker(engine)
    with session_scope(sessions) as session:
        sync_vocabularies(session)
        rich = create_rich_service(session)
        group = create_service(
            session,
            name="Autism Parent Support Group",
            description="<p>A monthly group for parents of autistic children.</p>",
            description_text="A monthly group for parents of autistic children.",
        )
        classify(session, group, "send-need", "ASD")
        session.add(
            Feedback(
                service_id=rich.id,
                category="wrong_information",
                message="The Tuesday session has moved to the afternoon.",
                response="We checked with the provider and corrected the opening times.",
                responded_at=datetime(2026, 10, 20, tzinfo=UTC),
                created_at=datetime(2026, 10, 12, tzinfo=UTC),
                status="resolved",
                published=True,
            )
        )
        ids = {"rich": str(rich.id), "group": str(group.id)}
    with session_scope(sessions) as session:
        rebuild(session, load_config(settings.config_path), settings.index_dir)
    engine.dispose()
    return ids
