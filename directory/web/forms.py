"""What every page form shares: size limit, CSRF check, sync handling, safe redirects."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from directory.web.csrf import verify_csrf

MAX_FORM_BYTES = 32 * 1024  # the longest form is a 1,000-character message
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FormHandler = Callable[[Request, FormData], Response]


def form_endpoint(handler: FormHandler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a sync handler: refuse big bodies, parse the form, check CSRF, then run the
    handler in the thread pool (it uses the database and renders templates)."""

    async def endpoint(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length is None:
            raise HTTPException(411, "The form was sent without a length.")
        if not length.isdigit() or int(length) > MAX_FORM_BYTES:
            raise HTTPException(413, "The form was too large to send.")
        async with request.form(max_files=0, max_fields=20) as form:
            verify_csrf(request, form)
            return await run_in_threadpool(handler, request, form)

    return endpoint


def text_field(form: FormData, name: str) -> str:
    """A text field, stripped, without control characters (PostgreSQL refuses NUL)."""
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


def local_path(value: str | None, default: str) -> str:
    """``value`` when it is a path on this site, else ``default`` (no open redirects)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


def with_query(path: str, **params: str) -> str:
    """``path`` with ``params`` set in its query string (replacing earlier values)."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend(params.items())
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: a 303 so that reloading the next page does not resend the form."""
    return RedirectResponse(url, status_code=303)
