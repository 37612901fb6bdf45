"""The shortlist lives in a signed cookie: no account, nothing stored on the server.

The cookie holds up to ``MAX_ITEMS`` service ids (32 hex characters each), newest last, signed
with ``settings.secret_key`` so a tampered cookie is ignored rather than trusted.
"""

from __future__ import annotations

import uuid

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE_NAME = "lo_shortlist"
MAX_ITEMS = 50
MAX_AGE = 30 * 24 * 60 * 60  # 30 days: long enough for a referral, short enough to forget


def _serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.settings.secret_key, salt="shortlist")


def read_shortlist(request: Request) -> list[uuid.UUID]:
    """The service ids in this browser's shortlist; an invalid cookie reads as empty."""
    cached: list[uuid.UUID] | None = getattr(request.state, "shortlist", None)
    if cached is not None:
        return cached
    ids: list[uuid.UUID] = []
    raw = request.cookies.get(COOKIE_NAME)
    if raw:
        try:
            value = _serializer(request).loads(raw)
        except BadSignature:
            value = []
        if isinstance(value, list):
            for item in value[:MAX_ITEMS]:
                try:
                    ids.append(uuid.UUID(hex=str(item)))
                except ValueError:
                    continue
    request.state.shortlist = ids
    return ids


def write_shortlist(request: Request, response: Response, ids: list[uuid.UUID]) -> None:
    """Store ``ids`` (deduplicated, capped at ``MAX_ITEMS``), or delete the cookie when empty."""
    unique = list(dict.fromkeys(ids))[-MAX_ITEMS:]
    request.state.shortlist = unique
    secure = request.url.scheme == "https"
    if not unique:
        response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=secure)
        return
    response.set_cookie(
        COOKIE_NAME,
        _serializer(request).dumps([i.hex for i in unique]),
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
