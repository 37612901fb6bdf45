"""What an import found and did: problems with their place, counts, and the exit code.

Two kinds of trouble, kept apart on purpose:

- ``Problem``: one record, row or cell is wrong. The record is rejected (``severity="rejected"``)
  or kept with a note (``severity="warning"``); the rest of the file still loads.
- ``ImportFailed``: the file itself cannot be used (wrong encoding, truncated, a broken page of a
  feed, no records). Nothing is loaded and the database is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from directory.errors import DirectoryError
from directory.importers.records import Record

Severity = Literal["rejected", "warning"]
_VALUE_LIMIT = 80


class ImportFailed(DirectoryError):
    """The whole file is refused; the message names the file and where it broke."""

    status_code = 400
    code = "import_failed"


def shorten(value: object) -> str | None:
    """A value as a problem report shows it: text, cut to a readable length."""
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    if len(text) > _VALUE_LIMIT:
        return f"{text[: _VALUE_LIMIT - 1]}… ({len(text):,} characters)"
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """``where`` is a place a person can find: "providers.csv row 7, column F (Minimum age)"."""

    where: str
    reason: str
    field: str | None = None
    value: str | None = None
    severity: Severity = "rejected"

    def __str__(self) -> str:
        field_part = f" {self.field}" if self.field else ""
        value_part = f" = {self.value!r}" if self.value is not None else ""
        label = "rejected" if self.severity == "rejected" else "warning"
        if not (field_part or value_part):
            return f"{label}: {self.where}: {self.reason}"
        return f"{label}: {self.where}:{field_part}{value_part}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.where,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
            "severity": self.severity,
        }


@dataclass
class Parsed:
    """A parser's answer.

    ``seen_ids`` holds every source id the file mentions, rejected records included, so that a
    record with a mistake in it is not withdrawn: the previous good version stays published.
    ``complete`` is False when the file is only part of its source (one page of a paged feed):
    then nothing is withdrawn.
    """

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    complete: bool = True
    notes: list[str] = field(default_factory=list)
    total: int = 0  # records in the file, rejected ones included

    @property
    def rejected(self) -> int:
        return len({p.where for p in self.problems if p.severity == "rejected"})


@dataclass
class ImportReport:
    source: str
    format: str
    location: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failure: str | None = None
    dry_run: bool = False
    service_ids: list[Any] = field(default_factory=list)  # created or updated

    @property
    def loaded(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("created", "updated", "unchanged", "restored"))

    @property
    def exit_code(self) -> int:
        """0 loaded cleanly, 1 loaded with rejected records, 2 nothing loaded."""
        if self.failure is not None:
            return 2
        if any(p.severity == "rejected" for p in self.problems):
            return 1
        return 0

    @property
    def status(self) -> str:
        if self.failure is not None:
            return "failed"
        if self.dry_run:
            return "dry_run"
        return "loaded_with_rejections" if self.exit_code == 1 else "loaded"

    def summary(self) -> str:
        if self.failure is not None:
            return f"nothing loaded from {self.location}: {self.failure}"
        parts = ", ".join(f"{n:,} {k}" for k, n in self.counts.items() if n)
        verb = "would load" if self.dry_run else "loaded"
        return f"{verb} {self.location} as source {self.source!r}: {parts or 'no records'}"

    def lines(self) -> list[str]:
        """The report as printed: problems first, then notes, then the one-line summary."""
        return [*(str(p) for p in self.problems), *self.notes, self.summary()]
