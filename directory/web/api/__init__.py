"""Our JSON API under ``/api/v1``: routes, OpenAPI 3.1 document and documentation page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from directory.localoffer import AuthorityConfig
from directory.web.api import reference, services
from directory.web.api.commissioning_doc import COMMISSIONING_OPERATIONS
from directory.web.api.common import JSON, REFERENCE_MAX_AGE, authority_config
from directory.web.api.docs import render_docs
from directory.web.api.schemas import CSV, SCHEMAS, ref
from directory.web.api.search_params import search_params
from directory.web.spec.operations import Operation, openapi_document
from directory.web.spec.params import Param, read_params

PREFIX = "/api/v1"
TAGS = ("Services",)
SERVICE_ID = Param(
    "id",
    "The service's id (a UUID).",
    {"type": "string"},
    str,
    example="edd3f5d5-0570-5a55-a121-45f1d26c193f",
    location="path",
)
POSTCODE = Param(
    "postcode",
    "A UK postcode, any spacing or case (N3 1AB, n31ab).",
    {"type": "string"},
    str,
    example="N3 1AB",
    location="path",
)


def operations(config: AuthorityConfig) -> tuple[Operation, ...]:
    """Every ``/api/v1`` route, with the authority's codes in the parameter lists."""
    search = search_params(config)
    return (
        Operation(
            f"{PREFIX}/services",
            services.services,
            "api_services",
            "Search services: text, age, needs and other filters, distance from a postcode",
            description="Returns one page of listings, the total, page links, facet counts for "
            "every filter (each counted with the other filters applied), how the query was "
            "understood (synonyms, spelling, the postcode's position and precision) and a "
            "spelling suggestion. Filters combine with AND; codes of one filter with OR.",
            params=search,
            response=ref("SearchResult"),
            errors=(400, 503),
            tags=TAGS,
        ),
        Operation(
            f"{PREFIX}/services.csv",
            services.services_csv,
            "api_services_csv",
            "The same search as CSV, every page (up to 5,000 rows), for professionals",
            params=tuple(p for p in search if p.name not in ("page", "per_page")),
            response=CSV,
            media_type="text/csv",
            errors=(400, 503),
            tags=TAGS,
        ),
        Operation(
            f"{PREFIX}/services/{{id}}",
            services.service_detail,
            "api_service",
            "Everything a service record holds, with its priorities and provenance",
            params=(SERVICE_ID,),
            response=ref("Service"),
            errors=(400, 404),
            tags=TAGS,
        ),
        Operation(
            f"{PREFIX}/taxonomies",
            reference.taxonomies,
            "api_taxonomies",
            "The vocabularies: needs (with their broad areas), sectors, service types, ...",
            response=ref("Taxonomies"),
            tags=("Reference",),
        ),
        Operation(
            f"{PREFIX}/priorities",
            reference.priorities,
            "api_priorities",
            "The authority's strategic priorities, with how many services support each",
            response=ref("Priorities"),
            tags=("Reference",),
        ),
        Operation(
            f"{PREFIX}/postcodes/{{postcode}}",
            reference.postcode,
            "api_postcode",
            "Where a postcode is, how precisely we know it, and whether it is in the area",
            params=(POSTCODE,),
            response=ref("Postcode"),
            errors=(400, 404),
            tags=("Reference",),
        ),
    )


def api_openapi(config: AuthorityConfig) -> dict[str, Any]:
    documented = (*operations(config), *COMMISSIONING_OPERATIONS)
    return openapi_document(
        title=f"{config.authority.service_name} API",
        version="1",
        description="Search the SEND Local Offer directory. Public, no key. Errors have one "
        'shape, `{"error": {"status", "code", "message", "parameter"?}}`: 400 names the '
        "parameter at fault, 404 an unknown record, 503 a search index or database that "
        "cannot answer. GET answers carry an ETag (send If-None-Match for a 304) and "
        "Cache-Control. The same data in Open Referral UK 3.0: /oruk/ (its document: "
        "/oruk/openapi.json).",
        operations=documented,
        schemas=SCHEMAS,
    )


def openapi_json(request: Request) -> Response:
    read_params(request.query_params, ())
    return JSON(api_openapi(authority_config(request)), max_age=REFERENCE_MAX_AGE)


def docs_page(request: Request) -> Response:
    read_params(request.query_params, ())
    config = authority_config(request)
    from directory.web.oruk import oruk_openapi

    html = render_docs([api_openapi(config), oruk_openapi()])
    return HTMLResponse(html, headers={"Cache-Control": f"public, max-age={REFERENCE_MAX_AGE}"})


def api_routes(config: AuthorityConfig) -> list[BaseRoute]:
    return [
        *(operation.route() for operation in operations(config)),
        Route(f"{PREFIX}/openapi.json", openapi_json, methods=["GET"], name="api_openapi"),
        Route(f"{PREFIX}/docs", docs_page, methods=["GET"], name="api_docs"),
    ]
