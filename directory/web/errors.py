"""One JSON error shape for every API failure, friendly pages for people, no stack trace ever.

A request gets an HTML error page when it asks for HTML (``Accept: text/html``, as browsers
send) and is not for the JSON or Open Referral APIs (``/api``, ``/oruk``); everything else gets
the JSON shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from directory.errors import DirectoryError
from directory.web.security import apply_security_headers
from directory.web.templating import render

log = logging.getLogger(__name__)

_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 503: "unavailable"}
API_PREFIXES = ("/api", "/oruk")

# Status codes whose page shows the error's own message (written for people, never internals).
_MESSAGE_SHOWN = {400, 410, 429}


def error_body(status: int, message: str, **details: Any) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": _CODES.get(status, "error"),
            "message": message,
            **details,
        }
    }


def wants_html(request: Request) -> bool:
    if request.url.path.startswith(API_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_page(
    request: Request,
    status: int,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The HTML page for ``status``; never touches the database (it may run in the event loop)."""
    request.state.may_query = False
    context = {"status": status, "message": message if status in _MESSAGE_SHOWN else None}
    try:
        return render(request, "error.html", context, status_code=status, headers=headers)
    except Exception:  # the page itself failed (no configuration yet, a template bug)
        log.exception("could not render the error page for status %s", status)
        return HTMLResponse(
            f"<!DOCTYPE html><html lang='en'><title>Error {status}</title>"
            f"<h1>Sorry, there is a problem with the service (error {status})</h1></html>",
            status_code=status,
            headers=headers,
        )


def _retry_headers(exc: DirectoryError) -> dict[str, str] | None:
    retry_after = exc.details.get("retry_after")
    return {"Retry-After": str(retry_after)} if retry_after is not None else None


async def directory_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DirectoryError)
    headers = _retry_headers(exc)
    if wants_html(request):
        return error_page(request, exc.status_code, exc.message, headers)
    return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if wants_html(request):
        return error_page(request, exc.status_code, None, exc.headers)
    return JSONResponse(
        error_body(exc.status_code, exc.detail or "error"),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    if wants_html(request):
        response = error_page(request, 500)
    else:
        response = JSONResponse(error_body(500, "something went wrong on our side"), 500)
    # This handler runs outside the middleware stack, so it adds the headers itself.
    apply_security_headers(response.headers, https=request.url.scheme == "https")
    return response


def exception_handlers() -> dict[Any, Any]:
    return {DirectoryError: directory_error, HTTPException: http_error, Exception: server_error}
