"""The tagging engine: from what a record says about a service to its needs, sectors, phases and
the authority's strategic priorities, each with a reason a person can read. Pure: no database.

Decisions (documented in the README's tagging section):
- Needs given by a source or an editor are used as they are; only when there are none are needs
  inferred from the words of the name, description, eligibility and provider name, and from the
  needs a service type implies. Inferred needs are marked so.
- Sectors given by a source are used as they are; otherwise they are derived from the service
  types (each type belongs to a sector), or, without types, from the provider's type (an NHS
  provider is health, a school education, a charity voluntary). A council provider says nothing:
  councils run education and social care alike.
- Phases are derived from the age range, never stored: a phase is covered when the ages overlap
  it; an open end covers every phase on that side.
- Priorities given by an import or an editor are kept as they are; rules add the others.
"""

from __future__ import annotations

import math

from directory.localoffer import AuthorityConfig
from directory.tagging.conditions import Context, rule_reason
from directory.tagging.facts import NeedResult, PriorityResult, ServiceFacts, Tagging
from directory.tagging.needs import lexicon, need_inference
from directory.tagging.phrases import PhraseMatcher
from directory.vocab import vocabulary

# What a provider's type says about the sector of a service that has no sector and no type.
ORGANIZATION_SECTORS = {"nhs": "health", "school": "education", "charity": "voluntary"}


def phases(minimum_age: float | None, maximum_age: float | None) -> tuple[str, ...]:
    """Phases whose ages overlap the range. A phase "5 to 10" runs to the 11th birthday."""
    low = 0.0 if minimum_age is None else minimum_age
    high = math.inf if maximum_age is None else maximum_age
    return tuple(
        term.code
        for term in vocabulary("age-phase").terms
        if low < term.data["max_age"] + 1 and high >= term.data["min_age"]
    )


class Tagger:
    """Tags services for one authority's configuration. Build once, call ``tag`` many times."""

    def __init__(self, config: AuthorityConfig) -> None:
        self.config = config
        words = lexicon()
        phrases = {p for rule in config.rules for p in (*rule.keywords, *rule.unless_keywords)}
        self._keywords = PhraseMatcher(phrases, words.neutral, words.negation_cues)
        self._types = vocabulary("service-type")
        self._sector_order = {t.code: t.position for t in vocabulary("sector").terms}
        self._rules = {p.id: config.rules_for(p.id) for p in config.priorities}

    def tag(self, facts: ServiceFacts) -> Tagging:
        text = facts.text()
        needs = self._needs(facts, text)
        sectors, derived = self._sectors(facts)
        keywords: set[str] = set()
        summary_keywords: set[str] = set()
        if self.config.rules:
            keywords, summary_keywords = self._keywords.find_phrases_split(
                text, facts.summary_end()
            )
        context = Context(
            facts=facts,
            needs=frozenset(n.code for n in needs),
            sectors=frozenset(sectors),
            keywords=keywords,
            summary_keywords=summary_keywords,
            locality=self._locality(facts),
            place_name=self.config.authority.short_name,
        )
        return Tagging(
            priorities=self._priorities(context),
            needs=needs,
            sectors=sectors,
            sectors_derived=derived,
            phases=phases(facts.minimum_age, facts.maximum_age),
        )

    def _needs(self, facts: ServiceFacts, text: str) -> tuple[NeedResult, ...]:
        order = vocabulary("send-need")
        if facts.needs:
            known = [t.code for t in order.terms if t.code in facts.needs]
            return tuple(NeedResult(code, inferred=False) for code in known)
        inferred = need_inference().infer(text, facts.service_types)
        return tuple(NeedResult(n.code, inferred=True, evidence=n.evidence) for n in inferred)

    def _sectors(self, facts: ServiceFacts) -> tuple[tuple[str, ...], bool]:
        if facts.sectors:
            return self._in_sector_order(facts.sectors), False
        derived = {
            str(self._types[t].data["sector"]) for t in facts.service_types if t in self._types
        }
        if not derived and facts.organization_type in ORGANIZATION_SECTORS:
            derived = {ORGANIZATION_SECTORS[facts.organization_type]}
        return self._in_sector_order(derived), True

    def _in_sector_order(self, sectors: frozenset[str] | set[str]) -> tuple[str, ...]:
        return tuple(sorted(sectors, key=lambda s: self._sector_order.get(s, 99)))

    def _locality(self, facts: ServiceFacts) -> str:
        if facts.area_served in ("out_of_borough", "national"):
            return "out"
        if facts.area_served == "in_borough":
            return "in"
        if any(self.config.in_borough(d) for d in facts.postcode_districts):
            return "in"
        # Every place it is delivered from lies outside the authority.
        return "out" if facts.postcode_districts else "unknown"

    def _priorities(self, context: Context) -> tuple[PriorityResult, ...]:
        given = {p.id: p for p in context.facts.priorities}
        results = []
        for priority in self.config.priorities:
            if priority.id in given:
                kept = given.pop(priority.id)
                results.append(PriorityResult(kept.id, kept.reason, kept.origin))
                continue
            for rule in self._rules[priority.id]:
                reason = rule_reason(rule, context)
                if reason is not None:
                    results.append(
                        PriorityResult(priority.id, f"{priority.id}: {reason}", "rule", rule.id)
                    )
                    break
        # Tags for priorities this configuration does not know are kept, not judged.
        results += [PriorityResult(p.id, p.reason, p.origin) for p in given.values()]
        return tuple(results)
