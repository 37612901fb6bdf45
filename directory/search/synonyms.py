"""The SEND synonym and acronym list, applied to query text (never at index time).

``data/synonyms.toml`` is reviewed data: groups of words and phrases people use for the same
thing ("autism", "autistic", "ASC"), optionally tied to a need code or service type. A query
phrase found in a group is searched as any of the group's terms, and also matches services
classified with the group's need or service type. Editing the file changes search at the next
process start; nothing is re-indexed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from directory.errors import ConfigurationError
from directory.search.analysis import terms, words
from directory.vocab import vocabulary

MAX_PHRASE_WORDS = 6


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    # Each term analysed to index terms; a phrase matches when all of its terms are present.
    alternatives: tuple[tuple[str, ...], ...]
    need: str | None
    service_type: str | None


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[SynonymGroup, ...]
    # Index terms of a phrase (stop words dropped, words stemmed) -> indexes into groups.
    phrases: dict[tuple[str, ...], tuple[int, ...]]
    vocabulary_words: frozenset[str]

    def longest_match(self, sequence: list[str], start: int) -> tuple[int, tuple[int, ...]]:
        """The end of the longest synonym phrase at ``start`` and its groups (0, () if none)."""
        for end in range(min(len(sequence), start + MAX_PHRASE_WORDS), start, -1):
            groups = self.phrases.get(tuple(sequence[start:end]))
            if groups:
                return end, groups
        return 0, ()


def parse_synonyms(text: str, source: str) -> Synonyms:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not valid TOML: {exc}") from exc
    needs = vocabulary("send-need")
    types = vocabulary("service-type")
    groups: list[SynonymGroup] = []
    phrases: dict[tuple[str, ...], list[int]] = {}
    for number, item in enumerate(data.get("group", []), start=1):
        need = item.get("need") or None
        service_type = item.get("service_type") or None
        if need is not None and need not in needs:
            raise ConfigurationError(f"{source}: group {number}: unknown need code {need!r}")
        if service_type is not None and service_type not in types:
            raise ConfigurationError(
                f"{source}: group {number}: unknown service type {service_type!r}"
            )
        group_terms = tuple(dict.fromkeys(t.strip().lower() for t in item["terms"] if t.strip()))
        alternatives = tuple(dict.fromkeys(tuple(terms(t)) for t in group_terms if terms(t)))
        groups.append(SynonymGroup(group_terms, alternatives, need, service_type))
        for term in group_terms:
            # Keyed by index terms, so "short break" and "short breaks" are the same phrase and
            # "social, emotional and mental health" matches "social emotional mental health".
            phrases.setdefault(tuple(terms(term)), []).append(len(groups) - 1)
    known = frozenset(word for term in (t for g in groups for t in g.terms) for word in words(term))
    return Synonyms(tuple(groups), {k: tuple(v) for k, v in phrases.items() if k}, known)


@cache
def default_synonyms() -> Synonyms:
    resource = resources.files("directory.search").joinpath("data/synonyms.toml")
    return parse_synonyms(resource.read_text("utf-8"), str(resource))


def load_synonyms(path: Path) -> Synonyms:
    return parse_synonyms(path.read_text("utf-8"), str(path))
