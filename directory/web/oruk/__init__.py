"""Open Referral UK 3.0 (HSDS-UK-3.0) under ``/oruk``, with its OpenAPI document."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from directory.vocab import taxonomy_id, term_id
from directory.web.api.common import JSON, REFERENCE_MAX_AGE
from directory.web.oruk import routes
from directory.web.oruk.params import PAGE, PER_PAGE, SAL_PARAMS, SERVICE_PARAMS, TERM_PARAMS
from directory.web.spec.operations import Operation, openapi_document
from directory.web.spec.params import Param, read_params

PREFIX = "/oruk"
# The UK profile's schemas, where the standard's own OpenAPI document points.
UK_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


def _id(what: str, example: object | None) -> Param:
    description = f"The {what}'s id (a UUID)."
    shown = None if example is None else str(example)
    return Param("id", description, {"type": "string"}, str, example=shown, location="path")


SERVICE_ID = _id("service", "edd3f5d5-0570-5a55-a121-45f1d26c193f")
SAL_ID = _id("service at location", None)  # made on import: no id is the same everywhere
TAXONOMY_ID = _id("taxonomy", taxonomy_id("send-need"))
TERM_ID = _id("taxonomy term", term_id("send-need", "ASD"))
TAGS = ("Open Referral UK 3.0",)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": UK_SCHEMAS + name}


def _page_of(name: str) -> dict[str, Any]:
    return {
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": _ref(name)}},
    }


ROOT_SCHEMA = {
    "type": "object",
    "required": ["version", "profile", "openapi_url"],
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
}
PAGE_SCHEMA = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}

OPERATIONS = (
    Operation(
        f"{PREFIX}/",
        routes.root,
        "oruk_root",
        "What this API is: its HSDS version, profile and OpenAPI document",
        response=ROOT_SCHEMA,
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/services",
        routes.services,
        "oruk_services",
        "Services, a page at a time (one-to-one fields and the organisation; full=true nests all)",
        description="Filters combine with AND. `minimum_age`/`maximum_age` match by age range "
        "overlap; `start_time`/`end_time`/`day` match one of the service's schedules.",
        params=SERVICE_PARAMS,
        response=_page_of("compiled/service_list.json"),
        errors=(400, 503),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/services/{{id}}",
        routes.service_detail,
        "oruk_service",
        "One service, fully nested",
        params=(SERVICE_ID,),
        response=_ref("compiled/service.json"),
        errors=(400, 404),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/service_at_locations",
        routes.service_at_locations,
        "oruk_service_at_locations",
        "Services at their places, a page at a time; near a postcode with proximity in metres",
        params=SAL_PARAMS,
        response=_page_of("compiled/service_at_location_list.json"),
        errors=(400, 503),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/service_at_locations/{{id}}",
        routes.service_at_location_detail,
        "oruk_service_at_location",
        "One service at a place, fully nested",
        params=(SAL_ID,),
        response=_ref("compiled/service_at_location.json"),
        errors=(400, 404),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/taxonomies",
        routes.taxonomies,
        "oruk_taxonomies",
        "The taxonomies the directory classifies with",
        params=(PAGE, PER_PAGE),
        response=_page_of("taxonomy.json"),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/taxonomies/{{id}}",
        routes.taxonomy_detail,
        "oruk_taxonomy",
        "One taxonomy",
        params=(TAXONOMY_ID,),
        response=_ref("taxonomy.json"),
        errors=(400, 404),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/taxonomy_terms",
        routes.taxonomy_terms,
        "oruk_taxonomy_terms",
        "Taxonomy terms (needs, sectors, service types, ...)",
        params=TERM_PARAMS,
        response=_page_of("taxonomy_term.json"),
        tags=TAGS,
    ),
    Operation(
        f"{PREFIX}/taxonomy_terms/{{id}}",
        routes.taxonomy_term_detail,
        "oruk_taxonomy_term",
        "One taxonomy term",
        params=(TERM_ID,),
        response=_ref("taxonomy_term.json"),
        errors=(400, 404),
        tags=TAGS,
    ),
)


def oruk_openapi() -> dict[str, Any]:
    return openapi_document(
        title="Open Referral UK 3.0 API",
        version="HSDS-UK-3.0",
        description="The directory's services in Open Referral UK 3.0 (HSDS 3.0). Public, no key, "
        "CORS `*`. Classification travels as HSDS attributes whose `taxonomy_term.taxonomy` is "
        "the vocabulary key; Local Offer fields travel in the `local_offer` object "
        "(docs/oruk-profile.md).",
        operations=OPERATIONS,
        schemas={"Page": PAGE_SCHEMA},
    )


def openapi_json(request: Request) -> Response:
    read_params(request.query_params, ())
    return JSON(oruk_openapi(), max_age=REFERENCE_MAX_AGE)


def oruk_routes() -> list[BaseRoute]:
    from starlette.routing import Route

    return [
        *(operation.route() for operation in OPERATIONS),
        Route(f"{PREFIX}/openapi.json", openapi_json, methods=["GET"], name="oruk_openapi"),
    ]
