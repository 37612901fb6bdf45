"""Infer SEND need codes from the words of a service's text.

Sources: the lay synonyms of each need (``[send-need.synonyms]``), broad areas named in full
(``[broad-area.synonyms]``: "cognition and learning" stands for SPLD, MLD, SLD and PMLD), the
needs a service type implies (``[service-type.needs]``), and ``lexicon.toml`` (general SEND words
that mean "all needs" when nothing specific is named, neutral phrases, negation cues).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from directory.tagging.phrases import PhraseMatcher
from directory.tagging.text import in_sentence
from directory.tomlfile import parse_toml
from directory.vocab import vocabulary

ALL_NEEDS = "ALL"


@dataclass(frozen=True)
class InferredNeed:
    code: str
    evidence: str  # what in the record implied it: the words as written, or the service type


@dataclass(frozen=True)
class Lexicon:
    general: tuple[str, ...]
    neutral: tuple[str, ...]
    negation_cues: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    resource = resources.files(__package__).joinpath("lexicon.toml")
    data = parse_toml(Path(str(resource)), resource.read_text("utf-8"))

    def phrases(section: str, key: str) -> tuple[str, ...]:
        values: Any = data.get(section, {}).get(key, [])
        return tuple(str(v) for v in values)

    return Lexicon(
        general=phrases("general", "phrases"),
        neutral=phrases("neutral", "phrases"),
        negation_cues=phrases("negation", "cues"),
    )


class NeedInference:
    """Maps the words of a text (and its service types) to need codes, with the evidence."""

    def __init__(self) -> None:
        needs = vocabulary("send-need")
        self._order = {term.code: term.position for term in needs.terms}
        self._codes: dict[str, set[str]] = {}
        for term in needs.terms:
            for phrase in term.data.get("synonyms", []):
                self._codes.setdefault(phrase, set()).add(term.code)
        for area in vocabulary("broad-area").terms:
            members = {t.code for t in needs.terms if t.data.get("area") == area.code}
            for phrase in area.data.get("synonyms", []):
                self._codes.setdefault(phrase, set()).update(members)
        self._general = frozenset(lexicon().general) - set(self._codes)
        self._type_needs = {
            term.code: tuple(term.data.get("needs", ()))
            for term in vocabulary("service-type").terms
        }
        self._type_names = {t.code: in_sentence(t.name) for t in vocabulary("service-type").terms}
        words = lexicon()
        self._matcher = PhraseMatcher(
            [*self._codes, *self._general], words.neutral, words.negation_cues
        )

    def infer(self, text: str, service_types: Iterable[str] = ()) -> list[InferredNeed]:
        """Need codes in vocabulary order, each with the first evidence found for it."""
        evidence: dict[str, str] = {}
        general: str | None = None
        for found in self._matcher.find(text):
            if found.negated:
                continue
            if found.phrase in self._general:
                general = general or found.text
                continue
            for code in self._codes[found.phrase]:
                evidence.setdefault(code, found.text)
        for service_type in sorted(service_types):
            for code in self._type_needs.get(service_type, ()):
                evidence.setdefault(code, f"service type {self._type_names[service_type]}")
        if not evidence and general is not None:
            evidence[ALL_NEEDS] = general
        return [
            InferredNeed(code, evidence[code])
            for code in sorted(evidence, key=lambda c: self._order[c])
        ]


@cache
def need_inference() -> NeedInference:
    return NeedInference()
