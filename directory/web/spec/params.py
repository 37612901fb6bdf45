"""Query parameters as data: one definition both validates requests and documents them.

A ``Param`` carries its OpenAPI schema, its description and the function that turns the raw
text into a typed value. ``read_params`` applies a route's parameters to a request: an unknown
parameter, a repeated single one, or a value that does not parse is a ``BadRequest`` naming the
parameter, so no malformed query string ever reaches the search or the database.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.datastructures import QueryParams

from directory.errors import BadRequest

MAX_TEXT = 200
Parser = Callable[[str], Any]


class Invalid(ValueError):
    """A value that does not parse; the message completes "<parameter> ..."."""


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict[str, Any]
    parse: Parser
    # Several values: repeated (``need=ASD&need=SLCN``) or comma-separated (``need=ASD,SLCN``).
    repeatable: bool = False
    example: str | None = None
    location: str = "query"

    def openapi(self) -> dict[str, Any]:
        schema = {"type": "array", "items": self.schema} if self.repeatable else self.schema
        doc: dict[str, Any] = {
            "name": self.name,
            "in": self.location,
            "required": self.location == "path",
            "description": self.description,
            "schema": schema,
        }
        if self.repeatable:
            doc.update(style="form", explode=True)
        if self.example is not None:
            doc["example"] = self.example.split(",") if self.repeatable else self.example
        return doc


def read_params(query: QueryParams, params: Sequence[Param]) -> dict[str, Any]:
    """Typed values of the parameters given (absent or empty ones are left out)."""
    known = {p.name: p for p in params if p.location == "query"}
    for name in query:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "no parameters"
            raise BadRequest(
                f"unknown parameter {name!r}; this address takes: {allowed}", parameter=name
            )
    values: dict[str, Any] = {}
    for name, param in known.items():
        raw = [v.strip() for v in query.getlist(name)]
        if param.repeatable:
            raw = [part.strip() for value in raw for part in value.split(",")]
        raw = [v for v in raw if v]
        if not raw:
            continue
        if len(raw) > 1 and not param.repeatable:
            raise BadRequest(f"give {name} only once", parameter=name)
        try:
            parsed = [param.parse(v) for v in raw]
        except Invalid as exc:
            raise BadRequest(f"{name} {exc}", parameter=name) from None
        values[name] = tuple(dict.fromkeys(parsed)) if param.repeatable else parsed[0]
    return values


def read_path_id(value: str) -> uuid.UUID | None:
    """A path id as a UUID, or None when it cannot be one (the caller answers 404)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# Parsers -------------------------------------------------------------------------------------


def text(limit: int = MAX_TEXT) -> Parser:
    def parse(value: str) -> str:
        if len(value) > limit:
            raise Invalid(f"must be at most {limit} characters")
        if any(ord(c) < 32 for c in value):
            raise Invalid("must not contain control characters")
        return value

    return parse


def integer(low: int, high: int) -> Parser:
    def parse(value: str) -> int:
        if not re.fullmatch(r"[0-9]{1,9}", value):
            raise Invalid(f"must be a whole number from {low} to {high}")
        number = int(value)
        if not low <= number <= high:
            raise Invalid(f"must be a whole number from {low} to {high}")
        return number

    return parse


def number(low: float, high: float, *, above_low: bool = False) -> Parser:
    bound = f"more than {low:g}" if above_low else f"from {low:g}"

    def parse(value: str) -> Decimal:
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise Invalid(f"must be a number {bound} to {high:g}") from None
        if not result.is_finite() or not math.isfinite(float(result)):
            raise Invalid(f"must be a number {bound} to {high:g}")
        too_low = result <= Decimal(str(low)) if above_low else result < Decimal(str(low))
        if too_low or result > Decimal(str(high)):
            raise Invalid(f"must be a number {bound} to {high:g}")
        return result

    return parse


def choice(options: Iterable[str], *, fold: bool = False) -> Parser:
    allowed = tuple(options)

    def parse(value: str) -> str:
        if value in allowed:
            return value
        for option in allowed if fold else ():
            if option.upper() == value.upper():
                return option
        raise Invalid(f"must be one of: {', '.join(allowed)} (got {value[:40]!r})")

    return parse


def boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise Invalid("must be true or false")


def uuid_value(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid(f"must be a UUID (got {value[:40]!r})") from None


def timestamp(value: str) -> datetime:
    """An ISO 8601 date or date-time; a time without an offset is UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "+") if "T" in value else value)
    except ValueError:
        raise Invalid(
            "must be an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T09:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def clock(value: str) -> time:
    """HH:MM or HH:MM:SS (24-hour); an offset or Z is accepted and ignored (times are local)."""
    match = re.fullmatch(
        r"([01][0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?(Z|[+-][0-9:]{2,5})?", value
    )
    if not match:
        raise Invalid("must be a time of day as HH:MM, such as 09:30")
    return time(int(match.group(1)), int(match.group(2)), int(match.group(4) or 0))
