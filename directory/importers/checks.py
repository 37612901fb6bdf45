"""Reading one record's fields with the problems attached to the right place.

A parser makes one ``FieldReader`` per record. Each ``get_*`` method cleans a value and, when the
value is wrong, either rejects the record (``Rejected``, caught by the parser) or notes a warning
and drops the value, as the field's importance warrants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from directory.errors import BadRequest
from directory.geo import normalise_postcode
from directory.importers import text, vocabmatch
from directory.importers.report import Problem, shorten

T = TypeVar("T")
# What the sanitiser removes that an editor should hear about: it was never meant for display.
_UNSAFE = re.compile(
    r"<\s*(?:script|iframe|object|embed|style)\b|<[^>]*?(?:\bon[a-z]+\s*=|javascript:)", re.I
)


class Rejected(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class FieldReader:
    """Cleans a record's values; ``where`` names the record ("feed.json record 12")."""

    def __init__(self, where: str, label: Callable[[str], str] | None = None) -> None:
        self.where = where
        self.warnings: list[Problem] = []
        # Turns a field name into how the source names it (a spreadsheet column letter).
        self.label = label or (lambda name: name)

    def subject(self, field: str) -> str:
        """How a reason names the field: by name in JSON, "the value" in a labelled cell."""
        return field if self.label(field) == field else "the value"

    def reject(self, field: str, value: object, reason: str) -> Rejected:
        return Rejected(Problem(self.where, reason, self.label(field), shorten(value)))

    def warn(self, field: str, value: object, reason: str) -> None:
        self.warnings.append(
            Problem(self.where, reason, self.label(field), shorten(value), "warning")
        )

    def required(self, field: str, value: Any) -> str:
        cleaned = self.convert(field, value, text.clean_line, strict=True)
        if cleaned is None:
            raise self.reject(field, value, f"{self.subject(field)} is required and is missing")
        return cleaned

    def convert(
        self, field: str, value: Any, parse: Callable[[Any], T], *, strict: bool = False
    ) -> T | None:
        """``parse(value)``; a bad value rejects the record when ``strict``, else is dropped."""
        try:
            return parse(value)
        except (ValueError, TypeError) as exc:
            reason = f"{self.subject(field)} {exc}"
            if strict:
                raise self.reject(field, value, reason) from None
            self.warn(field, value, reason + "; left out")
            return None

    def line(self, field: str, value: Any) -> str | None:
        return self.convert(field, value, text.clean_line, strict=True)

    def text(self, field: str, value: Any) -> str | None:
        return self.convert(field, value, text.clean, strict=True)

    def plain(self, field: str, value: Any, *, required: bool = False) -> str | None:
        """One line of plain text (a register's names): markup is removed, with a warning."""
        line = self.required(field, value) if required else self.line(field, value)
        if line is None or "<" not in line:
            return line
        stripped = text.clean_line(text.html_to_text(text.sanitise_html(line)))
        if stripped != line:
            self.warn(field, value, f"{self.subject(field)} had HTML markup, which was removed")
        if stripped is None and required:
            raise self.reject(field, value, f"{self.subject(field)} has no text besides markup")
        return stripped

    def html(self, field: str, value: Any) -> tuple[str, str]:
        """(sanitised HTML, plain text); too long rejects the record."""
        raw = self.text(field, value)
        try:
            safe = text.sanitise_html(raw)
        except ValueError as exc:
            raise self.reject(field, value, f"{self.subject(field)} {exc}") from None
        unsafe = _UNSAFE.search(raw) if raw and "<" in raw else None
        if unsafe is not None:
            reason = (
                f"{self.subject(field)} had scripts or event handlers, which were removed; "
                "the rest was kept"
            )
            self.warn(field, unsafe.group(0), reason)
        return safe, text.html_to_text(safe)

    def enum(
        self, field: str, value: Any, vocabulary: str, default: str | None = None
    ) -> str | None:
        raw = text.clean_line(value) if isinstance(value, str) else value
        if raw is None:
            return default
        try:
            return vocabmatch.match(vocabulary, str(raw))
        except ValueError as exc:
            raise self.reject(field, value, f"{raw!r} {exc}") from None

    def postcode(self, field: str, value: Any) -> str | None:
        raw = text.clean_line(value)
        if raw is None:
            return None
        try:
            return normalise_postcode(raw)
        except BadRequest:
            raise self.reject(field, value, f"{raw!r} is not a valid UK postcode") from None

    def optional_postcode(self, field: str, value: Any) -> str | None:
        """A postcode that the record can do without (it has a grid reference, or is only a
        contact address): a bad one is dropped with a warning instead of rejecting the record."""
        try:
            return self.postcode(field, value)
        except Rejected as rejected:
            self.warn(field, value, rejected.problem.reason + "; left out")
            return None

    def coordinate(self, field: str, value: Any, limit: float) -> float | None:
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not -limit <= number <= limit:
            self.warn(field, value, f"{field} is not a coordinate in degrees; left out")
            return None
        return number

    def ages(self, minimum: Any, maximum: Any) -> tuple[Any, Any]:
        low = self.convert("minimum_age", minimum, text.parse_age, strict=True)
        high = self.convert("maximum_age", maximum, text.parse_age, strict=True)
        if low is not None and high is not None and low > high:
            raise self.reject(
                "minimum_age",
                minimum,
                f"minimum age {low.normalize()} is above maximum age {high.normalize()}",
            )
        return low, high
