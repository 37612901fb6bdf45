"""The Open Referral UK 3.0 endpoints under ``/oruk``: public, no key, CORS ``*`` (added by the
API middleware), Page envelopes exactly as the standard names them."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from directory.errors import NotFound
from directory.models import Service, Taxonomy, TaxonomyTerm
from directory.search import SearchQuery
from directory.web.api.common import (
    JSON,
    RECORD_MAX_AGE,
    REFERENCE_MAX_AGE,
    SEARCH_MAX_AGE,
    read_session,
    search_index,
)
from directory.web.oruk import places, queries
from directory.web.oruk.params import (
    DEFAULT_PER_PAGE,
    PAGE,
    PER_PAGE,
    SAL_PARAMS,
    SERVICE_PARAMS,
    TERM_PARAMS,
    service_filter,
)
from directory.web.oruk.records import Json, taxonomy_json, term_json
from directory.web.oruk.serialise import service_full_json, service_list_json
from directory.web.spec.params import read_params, read_path_id

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
NDJSON_CHUNK = 100


def page_envelope(total: int, page: int, per_page: int, contents: list[Json]) -> Json:
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def root(request: Request) -> Response:
    read_params(request.query_params, ())
    return JSON(
        {
            "version": VERSION,
            "profile": PROFILE,
            "openapi_url": str(request.url_for("oruk_openapi")),
        },
        max_age=REFERENCE_MAX_AGE,
    )


# Services ------------------------------------------------------------------------------------


def _matching_ids(request: Request, session: Session, values: dict[str, Any]) -> list[uuid.UUID]:
    chosen = service_filter(values)
    queries.check_references(session, chosen)
    ordered = list(session.scalars(queries.ordered_services(chosen)))
    if "search" not in values:
        return ordered
    allowed = set(ordered)
    ranked = search_index(request).ranked_ids(SearchQuery(text=values["search"]))
    return [i for i in ranked if i in allowed]


def services(request: Request) -> Response:
    values = read_params(request.query_params, SERVICE_PARAMS)
    full = bool(values.get("full"))
    with read_session(request) as session:
        ids = _matching_ids(request, session, values)
        if values.get("format") == "ndjson":
            return _ndjson(request, ids, full)
        page, per_page = values.get("page", 1), values.get("per_page", DEFAULT_PER_PAGE)
        chosen = ids[(page - 1) * per_page : page * per_page]
        vocab = queries.vocabularies(session) if full else {}
        rows = queries.load_services(session, chosen, full=full)
        contents = [_service(s, vocab, full) for s in rows]
    return JSON(page_envelope(len(ids), page, per_page, contents), max_age=SEARCH_MAX_AGE)


def _service(service: Service, vocab: dict[uuid.UUID, str], full: bool) -> Json:
    return service_full_json(service, vocab) if full else service_list_json(service)


def service_detail(request: Request) -> Response:
    read_params(request.query_params, ())
    service_id = read_path_id(request.path_params["id"])
    with read_session(request) as session:
        found = queries.load_services(session, [service_id], full=True) if service_id else []
        if not found or found[0].status not in queries.PUBLISHED:
            raise NotFound(f"there is no published service {request.path_params['id']}")
        body = service_full_json(found[0], queries.vocabularies(session))
    return JSON(body, max_age=RECORD_MAX_AGE)


def _ndjson(
    request: Request,
    ids: Sequence[uuid.UUID],
    full: bool,
) -> Response:
    """Every item, one per line, loaded in chunks while the response streams."""

    def lines() -> Iterator[bytes]:
        with read_session(request) as session:
            vocab = queries.vocabularies(session)
            for start in range(0, len(ids), NDJSON_CHUNK):
                chunk = queries.load_services(session, ids[start : start + NDJSON_CHUNK], full=full)
                for service in chunk:
                    line = json.dumps(_service(service, vocab, full), ensure_ascii=False)
                    yield (line + "\n").encode()
                session.expunge_all()

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Cache-Control": f"public, max-age={SEARCH_MAX_AGE}"},
    )


# Service at location -------------------------------------------------------------------------


def service_at_locations(request: Request) -> Response:
    values = read_params(request.query_params, SAL_PARAMS)
    with read_session(request) as session:
        service_ids = _matching_ids(request, session, values)
        found = places.matching_links(session, service_ids, values)
        if values.get("format") == "ndjson":
            return places.ndjson(request, found, full=bool(values.get("full")))
        page, per_page = values.get("page", 1), values.get("per_page", DEFAULT_PER_PAGE)
        chosen = found[(page - 1) * per_page : page * per_page]
        contents = places.render(session, chosen, full=bool(values.get("full")))
    return JSON(page_envelope(len(found), page, per_page, contents), max_age=SEARCH_MAX_AGE)


def service_at_location_detail(request: Request) -> Response:
    read_params(request.query_params, ())
    link_id = read_path_id(request.path_params["id"])
    with read_session(request) as session:
        body = places.detail(session, link_id) if link_id else None
        if body is None:
            raise NotFound(f"there is no published service at location {request.path_params['id']}")
    return JSON(body, max_age=RECORD_MAX_AGE)


# Taxonomies ----------------------------------------------------------------------------------


def taxonomies(request: Request) -> Response:
    values = read_params(request.query_params, (PAGE, PER_PAGE))
    page, per_page = values.get("page", 1), values.get("per_page", DEFAULT_PER_PAGE)
    with read_session(request) as session:
        total = session.scalar(select(func.count()).select_from(Taxonomy)) or 0
        rows = session.scalars(
            select(Taxonomy)
            .order_by(Taxonomy.vocabulary)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
        contents = [taxonomy_json(t) for t in rows]
    return JSON(page_envelope(total, page, per_page, contents), max_age=REFERENCE_MAX_AGE)


def taxonomy_detail(request: Request) -> Response:
    read_params(request.query_params, ())
    taxonomy_id = read_path_id(request.path_params["id"])
    with read_session(request) as session:
        found = session.get(Taxonomy, taxonomy_id) if taxonomy_id else None
        if found is None:
            raise NotFound(f"there is no taxonomy {request.path_params['id']}")
        body = taxonomy_json(found)
    return JSON(body, max_age=REFERENCE_MAX_AGE)


def taxonomy_terms(request: Request) -> Response:
    values = read_params(request.query_params, TERM_PARAMS)
    page, per_page = values.get("page", 1), values.get("per_page", DEFAULT_PER_PAGE)
    with read_session(request) as session:
        statement = select(TaxonomyTerm).join(Taxonomy)
        if "taxonomy_id" in values:
            queries.check_references(
                session, queries.ServiceFilter(taxonomy_id=values["taxonomy_id"])
            )
            statement = statement.where(TaxonomyTerm.taxonomy_id == values["taxonomy_id"])
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        rows = session.scalars(
            statement.order_by(Taxonomy.vocabulary, TaxonomyTerm.position, TaxonomyTerm.code)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
        vocab = queries.vocabularies(session)
        contents = [term_json(t, vocab) for t in rows]
    return JSON(page_envelope(total, page, per_page, contents), max_age=REFERENCE_MAX_AGE)


def taxonomy_term_detail(request: Request) -> Response:
    read_params(request.query_params, ())
    term_id = read_path_id(request.path_params["id"])
    with read_session(request) as session:
        found = session.get(TaxonomyTerm, term_id) if term_id else None
        if found is None:
            raise NotFound(f"there is no taxonomy term {request.path_params['id']}")
        body = term_json(found, queries.vocabularies(session))
    return JSON(body, max_age=REFERENCE_MAX_AGE)
