"""One JSON error shape for every failure, and no stack trace ever reaches a client."""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from directory.errors import DirectoryError

log = logging.getLogger(__name__)

_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 503: "unavailable"}


def error_body(status: int, message: str, **details: Any) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": _CODES.get(status, "error"),
            "message": message,
            **details,
        }
    }


async def directory_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DirectoryError)
    return JSONResponse(exc.to_dict(), status_code=exc.status_code)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        error_body(exc.status_code, exc.detail or "error"),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(error_body(500, "something went wrong on our side"), status_code=500)


def exception_handlers() -> dict[Any, Any]:
    return {DirectoryError: directory_error, HTTPException: http_error, Exception: server_error}
