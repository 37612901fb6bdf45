"""What the API routes share: the configuration, the search index, a read-only session and
JSON responses with their cache lifetime."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from directory.localoffer import AuthorityConfig, load_config
from directory.search import SearchIndex
from directory.settings import Settings

# Seconds a shared cache may keep an answer: searches change with every import, reference
# lists rarely.
SEARCH_MAX_AGE = 60
RECORD_MAX_AGE = 300
REFERENCE_MAX_AGE = 3600


def open_search(app: Starlette, settings: Settings) -> None:
    """One search index per process (in the lifespan); it reopens itself when the index changes
    and answers 503 while there is none."""
    config = authority_config_of(app, settings)
    app.state.search_index = SearchIndex(settings.index_dir, config)


def close_search(app: Starlette) -> None:
    index = getattr(app.state, "search_index", None)
    if index is not None:
        index.close()


def authority_config_of(app: Starlette, settings: Settings) -> AuthorityConfig:
    config = getattr(app.state, "config", None)
    if not isinstance(config, AuthorityConfig):
        config = load_config(settings.config_path)
        app.state.config = config
    return config


def authority_config(request: Request) -> AuthorityConfig:
    return authority_config_of(request.app, request.app.state.settings)


def search_index(request: Request) -> SearchIndex:
    index = request.app.state.search_index
    assert isinstance(index, SearchIndex)
    return index


@contextmanager
def read_session(request: Request) -> Iterator[Session]:
    """A session for one request that only reads: rolled back, never committed."""
    with request.app.state.sessions() as session:
        try:
            yield session
        finally:
            session.rollback()


class JSON(Response):
    """Compact UTF-8 JSON with a cache lifetime (the API middleware adds the ETag)."""

    media_type = "application/json"

    def __init__(self, content: Any, *, max_age: int = SEARCH_MAX_AGE, status_code: int = 200):
        super().__init__(
            content,
            status_code=status_code,
            headers={"Cache-Control": f"public, max-age={max_age}"},
        )

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
