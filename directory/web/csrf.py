"""Cross-site request forgery protection for the page forms.

A signed double-submit token: the ``lo_csrf`` cookie holds a random value; each form carries
that value signed with ``settings.secret_key`` and a timestamp. A POST is accepted only when
the form's token verifies, is younger than ``TOKEN_MAX_AGE`` and carries the cookie's value.
A forged cross-site form can neither read the cookie nor sign a value without the key. Browsers
that send ``Sec-Fetch-Site: cross-site`` are refused before the token is even looked at.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from directory.errors import BadRequest

COOKIE_NAME = "lo_csrf"
FIELD_NAME = "csrf_token"
TOKEN_MAX_AGE = 12 * 60 * 60  # seconds: a form left open overnight asks to be sent again

FAILED_MESSAGE = (
    "We could not check that this form was sent from this website. "
    "This can happen if the page was open for a long time or cookies are blocked. "
    "Go back, reload the page and try again."
)


class CsrfFailed(BadRequest):
    code = "csrf_failed"


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="csrf")


def _cookie_value(request: Request) -> str:
    """This browser's CSRF value: from its cookie, or a new one to be set on the response."""
    pending: str | None = getattr(request.state, "csrf_new_value", None)
    if pending:
        return pending
    existing = request.cookies.get(COOKIE_NAME)
    if existing and 20 <= len(existing) <= 64:
        return existing
    request.state.csrf_new_value = secrets.token_urlsafe(32)
    return str(request.state.csrf_new_value)


def csrf_token(request: Request) -> str:
    """The token to put in a form's hidden ``csrf_token`` field."""
    return str(_serializer(request).dumps(_cookie_value(request)))


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Set the cookie when this request created the value (called by ``render``)."""
    value = getattr(request.state, "csrf_new_value", None)
    if value:
        response.set_cookie(
            COOKIE_NAME,
            value,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )


def verify_csrf(request: Request, form: FormData) -> None:
    """Raise ``CsrfFailed`` unless the POST carries a valid token for this browser's cookie."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfFailed(FAILED_MESSAGE)
    cookie = request.cookies.get(COOKIE_NAME)
    token = form.get(FIELD_NAME)
    if not cookie or not isinstance(token, str) or not token:
        raise CsrfFailed(FAILED_MESSAGE)
    try:
        signed_value = _serializer(request).loads(token, max_age=TOKEN_MAX_AGE)
    except BadSignature as exc:  # also covers an expired signature
        raise CsrfFailed(FAILED_MESSAGE) from exc
    if not isinstance(signed_value, str) or not hmac.compare_digest(signed_value, cookie):
        raise CsrfFailed(FAILED_MESSAGE)
