"""``/api/v1/services`` (search), ``/api/v1/services.csv`` and ``/api/v1/services/{id}``."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from directory.errors import BadRequest, NotFound
from directory.listing import CSV_HEADER, Listing, listing_json, listing_row, load_listings
from directory.localoffer import AuthorityConfig
from directory.models import Provenance, Service
from directory.search import MAX_PER_PAGE, Locator, PostcodePoint, SearchQuery, SearchResult
from directory.search.locate import postcode_locator
from directory.web.api.common import (
    JSON,
    RECORD_MAX_AGE,
    SEARCH_MAX_AGE,
    authority_config,
    read_session,
    search_index,
)
from directory.web.api.interpretation import facets_json, interpretation_json
from directory.web.api.search_params import search_query
from directory.web.oruk import queries
from directory.web.oruk.serialise import service_full_json
from directory.web.search_log import search_log_task
from directory.web.spec.params import read_params, read_path_id

CSV_ROWS = 5_000  # a professional's shortlist, not a bulk export (that is /oruk?format=ndjson)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def run_search(request: Request, query: SearchQuery) -> tuple[SearchResult, list[Listing]]:
    """The one search the API, the CSV and the pages share: result plus its listings."""
    config = authority_config(request)
    with read_session(request) as session:
        result = search_index(request).search(query, _locator(session))
        listings = load_listings(session, config, result.hits)
    return result, listings


def _locator(session: Session) -> Locator:
    """A postcode we cannot place is a problem with the search asked for: 400, not 404."""
    locate = postcode_locator(session)

    def checked(postcode: str) -> PostcodePoint:
        try:
            return locate(postcode)
        except NotFound as exc:
            raise BadRequest(exc.message, parameter="postcode") from None

    return checked


def service_links(request: Request, service_id: str) -> dict[str, str]:
    # Built from the base URL rather than url_for: a page of results needs forty of them.
    base = str(request.base_url).rstrip("/")
    return {
        "self": f"{base}/api/v1/services/{service_id}",
        "html": f"/services/{service_id}",
        "oruk": f"{base}/oruk/services/{service_id}",
    }


def _page_link(request: Request, page: int) -> str:
    return str(request.url.include_query_params(page=page))


def services(request: Request) -> Response:
    query = search_query(request.query_params, authority_config(request))
    result, listings = run_search(request, query)
    links = {"self": str(request.url)}
    if query.page > 1:
        links["first"] = _page_link(request, 1)
        links["prev"] = _page_link(request, min(query.page - 1, result.pages))
    if query.page < result.pages:
        links["next"] = _page_link(request, query.page + 1)
    links["last"] = _page_link(request, result.pages)
    links["csv"] = str(request.url.replace(path=request.url_for("api_services_csv").path))
    body: dict[str, Any] = {
        "items": [listing_json(item, service_links(request, str(item.id))) for item in listings],
        "total": result.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": result.pages,
        "links": links,
        "facets": facets_json(result),
        "query": interpretation_json(result),
        "suggestion": result.suggestion,
    }
    response = JSON(body, max_age=SEARCH_MAX_AGE)
    response.background = search_log_task(request, query, result, "api")
    return response


def _cell(value: str) -> str:
    """Spreadsheets run cells that start like a formula; a leading apostrophe stops that."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def services_csv(request: Request) -> Response:
    """The filtered list as CSV, every page of it (up to ``CSV_ROWS``), in the search's order."""
    query = replace(
        search_query(request.query_params, authority_config(request)), per_page=MAX_PER_PAGE
    )
    rows: list[list[str]] = []
    page = 1
    while True:
        result, listings = run_search(request, query.with_page(page))
        rows += [
            listing_row(item, str(request.url_for("api_service", id=str(item.id))))
            for item in listings
        ]
        if page >= result.pages or len(rows) >= CSV_ROWS:
            break
        page += 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows([_cell(v) for v in row] for row in rows[:CSV_ROWS])
    filename = f"services-{datetime.now(UTC).date().isoformat()}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),  # the BOM makes Excel read UTF-8
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": f"public, max-age={SEARCH_MAX_AGE}",
        },
    )


def service_detail(request: Request) -> Response:
    """Everything the record holds (the full ORUK service), its labels, and where it came from."""
    read_params(request.query_params, ())
    service_id = read_path_id(request.path_params["id"])
    with read_session(request) as session:
        found = queries.load_services(session, [service_id], full=True) if service_id else []
        if not found:
            raise NotFound(f"there is no service {request.path_params['id']}")
        service = found[0]
        body = service_full_json(service, queries.vocabularies(session))
        body["links"] = service_links(request, str(service.id))
        body["priorities"] = priorities_json(authority_config(request), service)
        body["provenance"] = provenance_json(session, service.id)
    return JSON(body, max_age=RECORD_MAX_AGE)


def priorities_json(config: AuthorityConfig, service: Service) -> list[dict[str, Any]]:
    known = {p.id: p for p in config.priorities}
    return [
        {
            "id": tag.priority_id,
            "label": known[tag.priority_id].label,
            "title": known[tag.priority_id].title,
            "reason": tag.reason,
            "origin": tag.origin,
        }
        for tag in sorted(service.priority_tags, key=lambda t: t.priority_id)
        if tag.priority_id in known
    ]


def provenance_json(session: Session, service_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Provenance)
        .where(Provenance.entity_type == "service", Provenance.entity_id == service_id)
        .order_by(Provenance.last_seen.desc())
    )
    return [
        {
            "source": p.source,
            "source_system": p.source_system,
            "source_id": p.source_id,
            "first_seen": p.first_seen.isoformat(),
            "last_seen": p.last_seen.isoformat(),
            "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
        }
        for p in rows
    ]
