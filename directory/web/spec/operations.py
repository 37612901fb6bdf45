"""Routes described as data: each ``Operation`` is both a Starlette route and an OpenAPI entry.

The OpenAPI document is generated from the same objects the router is built from, so the two
cannot drift apart; ``tests/api/test_openapi.py`` checks it anyway, both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import Route

from directory.web.spec.params import Param

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_TEXT = {
    400: "A parameter is malformed, out of range or unknown; `error.parameter` names it.",
    404: "No such record.",
    503: "The search index or the database cannot answer right now; try again shortly.",
}


@dataclass(frozen=True)
class Operation:
    path: str
    endpoint: Callable[..., Any]
    operation_id: str
    summary: str
    description: str = ""
    params: tuple[Param, ...] = ()
    response: dict[str, Any] = field(default_factory=lambda: {"type": "object"})
    media_type: str = "application/json"
    errors: tuple[int, ...] = (400,)
    tags: tuple[str, ...] = ()
    response_description: str = "OK"

    def route(self) -> Route:
        return Route(self.path, self.endpoint, methods=["GET"], name=self.operation_id)

    def openapi(self) -> dict[str, Any]:
        responses: dict[str, Any] = {
            "200": {
                "description": self.response_description,
                "headers": {
                    "ETag": {"description": "Hash of the body", "schema": {"type": "string"}},
                    "Cache-Control": {"schema": {"type": "string"}},
                },
                "content": {self.media_type: {"schema": self.response}},
            },
            "304": {"description": "Not modified since the ETag given in If-None-Match"},
        }
        for status in self.errors:
            responses[str(status)] = {
                "description": ERROR_TEXT[status],
                "content": {"application/json": {"schema": ERROR_REF}},
            }
        doc: dict[str, Any] = {
            "operationId": self.operation_id,
            "summary": self.summary,
            "parameters": [p.openapi() for p in self.params],
            "responses": responses,
        }
        if self.description:
            doc["description"] = self.description
        if self.tags:
            doc["tags"] = list(self.tags)
        return doc


def openapi_document(
    *,
    title: str,
    version: str,
    description: str,
    operations: Sequence[Operation],
    schemas: dict[str, Any],
    extra_paths: dict[str, Any] | None = None,
) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for operation in operations:
        paths.setdefault(operation.path, {})["get"] = operation.openapi()
    paths.update(extra_paths or {})
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": description},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": {"Error": ERROR_SCHEMA, **schemas}},
    }


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": "string", "description": "The parameter at fault"},
            },
        }
    },
}
