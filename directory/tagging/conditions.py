"""The conditions a priority rule can set, each of which says in words why it held.

Every check takes the rule and what is known about the service; it returns whether the condition
holds (a condition the rule does not set always holds) and, when it holds, adds the words a
reviewer reads to ``context.parts``: "service type short breaks", "delivered across education
and health", 'mentions "travel training"', "for ages 16 to 25", "in Barnet".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from directory.localoffer import Rule
from directory.tagging.facts import ServiceFacts
from directory.tagging.text import in_sentence
from directory.vocab import vocabulary

RUN_BY = {
    "council": "the council",
    "nhs": "the NHS",
    "school": "a school",
    "charity": "a charity",
    "private": "a private provider",
    "other": "an independent provider",
}


@dataclass
class Context:
    facts: ServiceFacts
    needs: frozenset[str]
    sectors: frozenset[str]
    keywords: set[str]  # rule phrases found in the text, not negated
    summary_keywords: set[str]  # those found in the name and the description's opening
    locality: str  # "in", "out" (known to be outside the authority) or "unknown"
    place_name: str  # the authority's short name, for "in Barnet"
    parts: list[str] = field(default_factory=list)


def rule_reason(rule: Rule, context: Context) -> str | None:
    """Why ``rule`` fires for this service, or None when it does not."""
    context.parts = []
    if not all(check(rule, context) for check in CHECKS):
        return None
    return rule.reason or ", ".join(context.parts) or f"rule {rule.id}"


def term_name(vocabulary_key: str, code: str) -> str:
    return in_sentence(vocabulary(vocabulary_key)[code].name)


def _and(words: Iterable[str]) -> str:
    items = list(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _service_types(rule: Rule, context: Context) -> bool:
    if not rule.service_types:
        return True
    hit = next((t for t in rule.service_types if t in context.facts.service_types), None)
    if hit is not None:
        context.parts.append(f"service type {term_name('service-type', hit)}")
    return hit is not None


def _sectors(rule: Rule, context: Context) -> bool:
    if not rule.sectors:
        return True
    hits = [s for s in rule.sectors if s in context.sectors]
    if len(hits) < rule.min_sectors:
        return False
    names = _and(term_name("sector", s) for s in hits)
    context.parts.append(f"delivered across {names}" if len(hits) > 1 else f"{names} sector")
    return True


def _needs(rule: Rule, context: Context) -> bool:
    if not rule.needs:
        return True
    hit = next((n for n in rule.needs if n in context.needs), None)
    if hit is not None:
        context.parts.append(f"for {term_name('send-need', hit)}")
    return hit is not None


def _keywords(rule: Rule, context: Context) -> bool:
    if not rule.keywords:
        return True
    found = context.summary_keywords if rule.where == "summary" else context.keywords
    hit = next((k for k in rule.keywords if k in found), None)
    if hit is not None:
        context.parts.append(f'mentions "{hit}"')
    return hit is not None


def _unless_keywords(rule: Rule, context: Context) -> bool:
    return not any(k in context.keywords for k in rule.unless_keywords)


def _organization_types(rule: Rule, context: Context) -> bool:
    if not rule.organization_types:
        return True
    kind = context.facts.organization_type
    if kind not in rule.organization_types:
        return False
    context.parts.append(f"run by {RUN_BY.get(kind or '', kind)}")
    return True


def _ages(rule: Rule, context: Context) -> bool:
    if rule.min_age_from is None and rule.max_age_to is None:
        return True
    low, high = context.facts.minimum_age, context.facts.maximum_age
    if rule.min_age_from is not None and (low is None or low < rule.min_age_from):
        return False
    if rule.max_age_to is not None and (high is None or high > rule.max_age_to):
        return False
    if low is not None and high is not None:
        context.parts.append(f"for ages {_age(low)} to {_age(high)}")
    elif low is not None:
        context.parts.append(f"for ages {_age(low)} and over")
    elif high is not None:
        context.parts.append(f"for ages up to {_age(high)}")
    return True


def _age(value: float) -> str:
    return str(int(value)) if value == int(value) else str(Decimal(str(value)).normalize())


def _area(rule: Rule, context: Context) -> bool:
    if rule.area is None:
        return True
    if context.locality == "in":
        context.parts.append(f"in {context.place_name}")
        return True
    # "local" accepts a service whose place is not known; "in_borough" wants evidence.
    return rule.area == "local" and context.locality == "unknown"


CHECKS: tuple[Callable[[Rule, Context], bool], ...] = (
    _service_types,
    _sectors,
    _needs,
    _keywords,
    _unless_keywords,
    _organization_types,
    _ages,
    _area,
)
