"""Routes described as data: each ``Operation`` is both a Starlette route and an OpenAPI entry.

The OpenAPI document is generated from the same objects the router is built from, so the two
cannot drift apart; ``tests/api/test_openapi.py`` checks it anyway, both ways.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directory.web.spec.params import Param

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_TEXT = {
    400: "A parameter is malformed, out of range or unknown; `error.parameter` names it.",
    404: "No such record.",
    503: "The search index or the database cannot answer right now; try again shortly.",
}


# Searches are CPU-bound Python and numpy: run many at once in Starlette's 40-thread pool and
# they fight over the GIL, so throughput falls as clients are added (20,000 services, one
# process: 61 requests/s with one client, 26 with fifty; with this limit, 1 thread: 67, 2: 56).
# Two at a time keeps one slow request (a long CSV) from holding up the rest; more cores are
# used by more processes (`local-offer serve --workers N`).
API_THREADS = 2
_LIMITER: list[anyio.CapacityLimiter] = []


def _limiter() -> anyio.CapacityLimiter:
    if not _LIMITER:
        _LIMITER.append(anyio.CapacityLimiter(API_THREADS))
    return _LIMITER[0]


def offloaded(endpoint: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """The sync endpoint, run in a worker thread, at most ``API_THREADS`` at a time."""

    @functools.wraps(endpoint)
    async def run(request: Request) -> Response:
        return await anyio.to_thread.run_sync(endpoint, request, limiter=_limiter())

    return run


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
        return Route(self.path, offloaded(self.endpoint), methods=["GET"], name=self.operation_id)

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
