"""One error hierarchy for the whole product; the web layer renders each as one JSON shape.

Every error says what went wrong and where (a parameter, a file and row, a field), so a family,
an editor or a developer can act on it without reading the code.
"""

from __future__ import annotations

from typing import Any


class DirectoryError(Exception):
    """Base class. ``status_code`` is what the HTTP layer answers with."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = {k: v for k, v in details.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "status": self.status_code,
                "code": self.code,
                "message": self.message,
                **self.details,
            }
        }


class BadRequest(DirectoryError):
    """A malformed or out-of-range parameter; ``parameter`` names it."""

    status_code = 400
    code = "bad_request"


class NotFound(DirectoryError):
    status_code = 404
    code = "not_found"


class ServiceUnavailable(DirectoryError):
    """A dependency (database, search index) cannot answer right now."""

    status_code = 503
    code = "unavailable"


class ConfigurationError(DirectoryError):
    """The authority configuration is wrong; the message names the file and line."""

    code = "configuration_error"


class TooManyRequests(DirectoryError):
    """A client sent more than a form's rate limit allows; ``retry_after`` is in seconds."""

    status_code = 429
    code = "too_many_requests"
