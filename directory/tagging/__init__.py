"""Needs and strategic-priority tagging, with reasons a person can read.

- ``Tagger(config).tag(ServiceFacts(...)) -> Tagging``: the pure engine (no database).
- ``tag_services(session, config, service_ids=None) -> TagReport``: recompute the stored rule
  tags, derived sectors and inferred needs, keeping what imports and editors set.
"""

from directory.tagging.engine import Tagger, phases
from directory.tagging.facts import (
    GivenPriority,
    NeedResult,
    PriorityResult,
    ServiceFacts,
    Tagging,
)

__all__ = [
    "GivenPriority",
    "NeedResult",
    "PriorityResult",
    "ServiceFacts",
    "Tagger",
    "Tagging",
    "phases",
]
