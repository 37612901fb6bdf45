"""Priority tagging rules, as data in the authority configuration (``[[rules]]`` tables).

A rule names one priority and one or more conditions; it fires when all its conditions hold, and
a priority is tagged when any of its rules fires (the first in file order gives the reason).

    [[rules]]
    id = "P6-service-types"          # unique; shown to reviewers with --explain
    priority = "P6"                  # one of the [[priorities]] ids
    service_types = ["travel", ...]  # any of these service-type codes
    needs = ["PMLD", ...]            # any of these need codes (given or inferred)
    sectors = ["education", "health", "social_care"]
    min_sectors = 2                  # at least this many of `sectors` (default 1)
    keywords = ["travel training"]   # any of these phrases in the name, description, eligibility
                                     # or provider name
    where = "summary"                # look for the keywords only in the name and the first two
                                     # sentences of the description (default "text": everywhere)
    unless_keywords = ["..."]        # none of these phrases, anywhere
    organization_types = ["nhs"]     # council, nhs, school, charity, private, other
    min_age_from = 16                # the service's minimum age is at least this
    max_age_to = 5                   # the service's maximum age is at most this
    area = "local"                   # "local": not known to be outside the authority;
                                     # "in_borough": known to be inside it
    reason = "..."                   # optional; otherwise composed from the conditions

Mistakes (an unknown priority or code, a duplicate id or code, a misspelt setting) fail when the
configuration is loaded, naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory.errors import ConfigurationError
from directory.models.hsds import ORGANIZATION_TYPES
from directory.tomlfile import TomlReader
from directory.vocab import vocabulary

AREAS = ("local", "in_borough")
WHERE = ("text", "summary")
_CONDITIONS = (
    "service_types",
    "needs",
    "sectors",
    "keywords",
    "organization_types",
    "min_age_from",
    "max_age_to",
    "area",
)
_SETTINGS = (
    "id",
    "priority",
    "reason",
    "min_sectors",
    "where",
    "unless_keywords",
    *_CONDITIONS,
)


@dataclass(frozen=True)
class Rule:
    id: str
    priority: str
    service_types: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    min_sectors: int = 1
    keywords: tuple[str, ...] = ()
    where: str = "text"
    unless_keywords: tuple[str, ...] = ()
    organization_types: tuple[str, ...] = ()
    min_age_from: float | None = None
    max_age_to: float | None = None
    area: str | None = None
    reason: str | None = None
    line: int | None = None  # where the rule starts in its file


def parse_rules(reader: TomlReader, items: Any, priority_ids: tuple[str, ...]) -> tuple[Rule, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise reader.fail("`rules` must be [[rules]] tables", near="rules")
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        checker = _RuleChecker(reader, reader.line_of("[[rules]]", occurrence=number))
        rule = checker.rule(item, priority_ids)
        seen[rule.id] = seen.get(rule.id, 0) + 1
        if seen[rule.id] > 1:
            raise reader.fail(
                f"rule id {rule.id!r} is used twice", near=f'"{rule.id}"', occurrence=seen[rule.id]
            )
        rules.append(rule)
    return tuple(rules)


class _RuleChecker:
    """Checks one [[rules]] table; errors point at lines inside that table."""

    def __init__(self, reader: TomlReader, line: int | None) -> None:
        self.reader = reader
        self.start = line or 0
        self.name = "rule"

    def fail(self, message: str, near: str | None = None) -> ConfigurationError:
        line = self.reader.line_of(near, after=self.start - 1) if near else None
        return self.reader.fail_at(f"{self.name}: {message}", line or self.start or None)

    def rule(self, item: Any, priority_ids: tuple[str, ...]) -> Rule:
        if not isinstance(item, dict):
            raise self.fail("each rule must be a [[rules]] table")
        rule_id = item.get("id")
        if not isinstance(rule_id, str) or not rule_id.strip():
            raise self.fail("a rule needs an `id` (a short unique name)")
        self.name = f"rule {rule_id!r}"
        for key in item:
            if key not in _SETTINGS:
                raise self.fail(
                    f"unknown setting {key!r}; expected one of {', '.join(_SETTINGS)}", near=key
                )
        priority = item.get("priority")
        if priority not in priority_ids:
            raise self.fail(
                f"priority {priority!r} is not one of the configured priorities "
                f"({', '.join(priority_ids)})",
                near="priority",
            )
        if not any(key in item for key in _CONDITIONS):
            raise self.fail(f"has no conditions; give at least one of {', '.join(_CONDITIONS)}")
        return Rule(
            id=rule_id.strip(),
            priority=str(priority),
            service_types=self.codes(item, "service_types", vocabulary("service-type").codes),
            needs=self.codes(item, "needs", vocabulary("send-need").codes),
            sectors=self.codes(item, "sectors", vocabulary("sector").codes),
            keywords=self.texts(item, "keywords"),
            where=self.where(item),
            unless_keywords=self.texts(item, "unless_keywords"),
            organization_types=self.codes(item, "organization_types", ORGANIZATION_TYPES),
            min_sectors=self.min_sectors(item),
            min_age_from=self.age(item, "min_age_from"),
            max_age_to=self.age(item, "max_age_to"),
            area=self.area(item),
            reason=self.reason(item),
            line=self.start or None,
        )

    def texts(self, item: dict[str, Any], key: str) -> tuple[str, ...]:
        values = item.get(key, [])
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            raise self.fail(f"{key} must be a list of non-empty texts", near=key)
        folded = [v.strip().lower() for v in values]
        for value in values:
            if folded.count(value.strip().lower()) > 1:
                raise self.fail(f"{key}: {value!r} is listed twice", near=f'"{value}"')
        return tuple(v.strip() for v in values)

    def codes(self, item: dict[str, Any], key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = self.texts(item, key)
        for value in values:
            if value not in allowed:
                raise self.fail(
                    f"{key}: {value!r} is not a known code (expected one of {', '.join(allowed)})",
                    near=f'"{value}"',
                )
        return values

    def min_sectors(self, item: dict[str, Any]) -> int:
        value = item.get("min_sectors", 1)
        sectors = item.get("sectors", [])
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self.fail("min_sectors must be a whole number, 1 or more", near="min_sectors")
        if "min_sectors" in item and value > len(sectors):
            raise self.fail(
                f"min_sectors is {value} but only {len(sectors)} sectors are listed",
                near="min_sectors",
            )
        return value

    def age(self, item: dict[str, Any], key: str) -> float | None:
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 120:
            raise self.fail(f"{key} must be an age in years (0 to 120)", near=key)
        return float(value)

    def where(self, item: dict[str, Any]) -> str:
        value = item.get("where", "text")
        if value not in WHERE:
            raise self.fail(f"where must be one of {', '.join(WHERE)}", near="where =")
        if "where" in item and "keywords" not in item:
            raise self.fail("where applies to keywords, and the rule has none", near="where =")
        return str(value)

    def area(self, item: dict[str, Any]) -> str | None:
        value = item.get("area")
        if value is not None and value not in AREAS:
            raise self.fail(f"area must be one of {', '.join(AREAS)}", near="area")
        return value

    def reason(self, item: dict[str, Any]) -> str | None:
        value = item.get("reason")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail("reason must be a non-empty text", near="reason")
        return value.strip() if value else None
