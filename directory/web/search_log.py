"""Write a search to the search log after its answer has been sent (``directory/searchlog.py``).

The write runs as the response's background task, in its own session and transaction, so it
adds nothing to the time a family waits, and a failure (a locked or read-only database) is
logged and never turns a search into an error.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker
from starlette.background import BackgroundTask
from starlette.requests import Request

from directory.search import SearchQuery, SearchResult
from directory.searchlog import record_search

log = logging.getLogger(__name__)


def write_search_log(
    sessions: sessionmaker[Session], query: SearchQuery, result: SearchResult, channel: str
) -> None:
    try:
        with sessions() as session:
            record_search(session, query, result, channel)
            session.commit()
    except Exception:  # the log is for statistics: losing one row must not fail a search
        log.warning("could not record a %s search in the search log", channel, exc_info=True)


def search_log_task(
    request: Request, query: SearchQuery, result: SearchResult, channel: str
) -> BackgroundTask | None:
    """The background task that logs this search, or None for a later page of it."""
    if query.page != 1:
        return None
    return BackgroundTask(write_search_log, request.app.state.sessions, query, result, channel)
