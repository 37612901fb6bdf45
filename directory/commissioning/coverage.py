"""Statutory coverage: each Local Offer checklist item, the services that cover it, and a
red/amber/green rating with its reason. The rules are data: ``coverage.toml``."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.commissioning.config import Thresholds
from directory.commissioning.facts import OUT_OF_BOROUGH, ServiceFacts, Supply, months_before
from directory.errors import ConfigurationError
from directory.models import Feedback
from directory.vocab import vocabularies, vocabulary

RAGS = ("red", "amber", "green")
SHARE_FIELDS = {
    "eligibility": ("has_eligibility", "state who is eligible"),
    "url": ("has_url", "link to the provider's own website"),
    "phone": ("has_phone", "give a phone number"),
    "application_process": ("has_application_process", "say how to get the service"),
    "accreditations": ("has_accreditations", "record a quality mark or inspection rating"),
}


@dataclass(frozen=True)
class Evidence:
    terms: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    out_of_borough: bool = False

    def matches(self, service: ServiceFacts) -> bool:
        if self.out_of_borough:
            return service.borough == OUT_OF_BOROUGH or service.area_served in (
                "out_of_borough",
                "regional",
                "national",
            )
        if self.terms and not service.terms & self.terms:
            return False
        return not self.keywords or any(_mentions(service.text, k) for k in self.keywords)


@dataclass(frozen=True)
class Rule:
    code: str
    evidence: tuple[Evidence, ...] = ()
    green_min: int = 1
    required: tuple[str, ...] = ()
    share: dict[str, Any] | None = None
    feedback: bool = False
    limit: str = "green"
    limit_reason: str = ""
    red: str = ""


@dataclass(frozen=True)
class CoverageItem:
    code: str
    name: str
    source: str
    rag: str
    reason: str
    services: tuple[str, ...]  # ids of the services that cover it


@dataclass(frozen=True)
class CoverageReport:
    items: tuple[CoverageItem, ...]
    counts: dict[str, int]  # red, amber, green


@cache
def rules() -> tuple[Rule, ...]:
    text = resources.files(__package__).joinpath("coverage.toml").read_text("utf-8")
    return parse_rules(tomllib.loads(text), "coverage.toml")


def parse_rules(data: dict[str, Any], where: str) -> tuple[Rule, ...]:
    checklist = vocabulary("lo-checklist")
    found = []
    for item in data.get("items", []):
        code = item.get("code")
        if code not in checklist:
            raise ConfigurationError(f"{where}: {code!r} is not a Local Offer checklist item")
        found.append(_rule(item, f"{where} {code}"))
    missing = set(checklist.codes) - {r.code for r in found}
    if missing:
        raise ConfigurationError(f"{where}: no rule for {', '.join(sorted(missing))}")
    return tuple(found)


def _rule(item: dict[str, Any], where: str) -> Rule:
    evidence = tuple(
        Evidence(
            terms=frozenset(_terms(e.get("terms", []), where)),
            keywords=tuple(k.lower() for k in e.get("keywords", [])),
            out_of_borough=bool(e.get("out_of_borough", False)),
        )
        for e in item.get("evidence", [])
    )
    share = item.get("share")
    if share is not None and share.get("field") not in SHARE_FIELDS:
        raise ConfigurationError(f"{where}: share.field must be one of {', '.join(SHARE_FIELDS)}")
    if sum(map(bool, (evidence, share, item.get("feedback")))) != 1:
        raise ConfigurationError(f"{where}: give exactly one of evidence, share or feedback")
    if item.get("limit", "green") not in RAGS:
        raise ConfigurationError(f"{where}: limit must be red, amber or green")
    if share is not None:
        share = {**share, "of_terms": frozenset(_terms(share.get("of_terms", []), where))}
    return Rule(
        code=item["code"],
        evidence=evidence,
        green_min=int(item.get("green_min", 1)),
        required=tuple(_terms(item.get("required", []), where)),
        share=share,
        feedback=bool(item.get("feedback", False)),
        limit=item.get("limit", "green"),
        limit_reason=item.get("limit_reason", ""),
        red=item.get("red", ""),
    )


def _terms(values: list[str], where: str) -> list[str]:
    for value in values:
        vocab, _, code = value.partition(":")
        if vocab not in vocabularies() or code not in vocabulary(vocab):
            raise ConfigurationError(f"{where}: unknown term {value!r}")
    return values


def _mentions(text: str, keyword: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", text) is not None


def _term_name(term: str) -> str:
    vocab, _, code = term.partition(":")
    return vocabulary(vocab)[code].name.lower()


def coverage_report(session: Session, supply: Supply, thresholds: Thresholds) -> CoverageReport:
    checklist = vocabulary("lo-checklist")
    items = []
    for rule in rules():
        term = checklist[rule.code]
        rag, reason, covering = _assess(session, supply, thresholds, rule)
        if RAGS.index(rag) > RAGS.index(rule.limit):
            rag, reason = rule.limit, f"{reason} {rule.limit_reason}"
        items.append(
            CoverageItem(
                rule.code,
                term.name,
                str(term.data.get("source", "")),
                rag,
                reason.strip(),
                tuple(str(s.id) for s in covering),
            )
        )
    counts = Counter(i.rag for i in items)
    return CoverageReport(tuple(items), {rag: counts[rag] for rag in RAGS})


def _assess(
    session: Session, supply: Supply, thresholds: Thresholds, rule: Rule
) -> tuple[str, str, list[ServiceFacts]]:
    if rule.feedback:
        rag, reason = _feedback(session, supply)
        return rag, reason, []
    if rule.share is not None:
        return _share(supply, rule)
    return _evidence(supply, thresholds, rule)


def covering_services(supply: Supply, rule: Rule) -> list[ServiceFacts]:
    if rule.share is not None:
        of_terms = rule.share["of_terms"]
        attribute = SHARE_FIELDS[rule.share["field"]][0]
        return [
            s
            for s in supply.services
            if (not of_terms or s.terms & of_terms) and getattr(s, attribute)
        ]
    return [s for s in supply.services if any(e.matches(s) for e in rule.evidence)]


def _evidence(
    supply: Supply, thresholds: Thresholds, rule: Rule
) -> tuple[str, str, list[ServiceFacts]]:
    covering = covering_services(supply, rule)
    n = len(covering)
    if n == 0:
        return "red", rule.red or "No active service covers it.", covering
    what = _breakdown(covering, rule)
    if n < rule.green_min:
        return (
            "amber",
            (
                f"Only {n} service{'s' if n > 1 else ''} ({what}); "
                f"{rule.green_min} or more expected."
            ),
            covering,
        )
    missing = [t for t in rule.required if not any(t in s.terms for s in covering)]
    if missing:
        names = ", ".join(_term_name(t) for t in missing)
        return "amber", f"{n} services ({what}), but none for {names}.", covering
    stale = sum(s.stale for s in covering)
    if stale / n > thresholds.mostly:
        return (
            "amber",
            (
                f"{n} services ({what}), but {stale} were last checked over "
                f"{thresholds.stale_after_months} months ago, or never."
            ),
            covering,
        )
    return "green", f"{n} services ({what}).", covering


def _breakdown(covering: list[ServiceFacts], rule: Rule) -> str:
    """Which evidence found the services: '5 short breaks, 2 respite and overnight care'."""
    counts: Counter[str] = Counter()
    for service in covering:
        for evidence in rule.evidence:
            if not evidence.matches(service):
                continue
            if evidence.out_of_borough:
                counts["outside the borough"] += 1
            for term in sorted(evidence.terms & service.terms):
                counts[_term_name(term)] += 1
            if not evidence.terms and not evidence.out_of_borough:
                counts["described in their text"] += 1
    return ", ".join(f"{count} {name}" for name, count in counts.most_common(4))


def _share(supply: Supply, rule: Rule) -> tuple[str, str, list[ServiceFacts]]:
    assert rule.share is not None
    of_terms = rule.share["of_terms"]
    pool = [s for s in supply.services if not of_terms or s.terms & of_terms]
    covering = covering_services(supply, rule)
    phrase = SHARE_FIELDS[rule.share["field"]][1]
    if not pool:
        return "red", "There are no services of the kinds this item is about.", covering
    share = len(covering) / len(pool)
    kind = "services" if not of_terms else "of those services"
    reason = f"{len(covering)} of {len(pool)} {kind} ({share:.0%}) {phrase}."
    if share >= rule.share["green"]:
        return "green", reason, covering
    if share >= rule.share["amber"]:
        return "amber", reason, covering
    return "red", f"{reason} {rule.red}".strip(), covering


def _feedback(session: Session, supply: Supply) -> tuple[str, str]:
    published = select(func.count(), func.max(Feedback.responded_at)).where(
        Feedback.published.is_(True), Feedback.response.is_not(None)
    )
    count, latest = session.execute(published).one()
    if not count:
        return "red", (
            "No comments with the authority's response are published (CFA 2014 s.30(6), "
            "SEND Regulations 2014 reg. 56)."
        )
    since = months_before(supply.as_of, 12)
    if latest is not None and latest >= datetime.combine(since, time(), latest.tzinfo):
        return (
            "green",
            f"{count} comments published with a response, the latest on {latest:%d %B %Y}.",
        )
    when = f"{latest:%d %B %Y}" if latest else "an unknown date"
    return "amber", (
        f"{count} comments published with a response, but the latest was on {when}: "
        "they must be published at least annually."
    )
