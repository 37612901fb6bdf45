"""What the tagging engine reads about a service, and what it answers. Plain data."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


@dataclass(frozen=True)
class GivenPriority:
    """A priority tag set by an import or an editor: kept, never recomputed."""

    id: str
    reason: str
    origin: str


@dataclass(frozen=True)
class ServiceFacts:
    """What the engine reads about one service. Texts are plain text (no HTML)."""

    id: str
    name: str = ""
    description: str = ""
    eligibility: str = ""
    organization_name: str = ""
    organization_type: str | None = None
    sectors: frozenset[str] = frozenset()
    service_types: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    minimum_age: float | None = None
    maximum_age: float | None = None
    area_served: str | None = None
    # Outward codes ("N3") of the service's physical locations.
    postcode_districts: frozenset[str] = frozenset()
    priorities: tuple[GivenPriority, ...] = ()

    def summary_end(self) -> int:
        """Where the summary ends within ``text()``: the name and the first two sentences of
        the description, what the service is before the text turns to referrals and the other
        services it works with ("summary" rules read only this opening)."""
        if not self.description:
            return len(self.name)
        ends = itertools.islice(_SENTENCE_END.finditer(self.description), 1, 2)
        cut = next((m.start() for m in ends), len(self.description))
        return (len(self.name) + 2 if self.name else 0) + cut

    def text(self) -> str:
        # Blank lines keep phrases from running from one field into the next.
        parts = (self.name, self.description, self.eligibility, self.organization_name)
        return "\n\n".join(part for part in parts if part)


@dataclass(frozen=True)
class PriorityResult:
    id: str
    reason: str
    origin: str  # rule, import or editor
    rule: str | None = None  # the rule that fired, for origin "rule"


@dataclass(frozen=True)
class NeedResult:
    code: str
    inferred: bool
    evidence: str | None = None  # for inferred needs: the words or service type that implied it


@dataclass(frozen=True)
class Tagging:
    priorities: tuple[PriorityResult, ...]
    needs: tuple[NeedResult, ...]
    sectors: tuple[str, ...]
    sectors_derived: bool
    phases: tuple[str, ...]

    @property
    def need_codes(self) -> frozenset[str]:
        return frozenset(need.code for need in self.needs)
