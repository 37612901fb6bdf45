"""From what someone typed to concepts to score: spelling, synonyms, ages in the text.

Whoosh query syntax is never parsed: the text is split into words by the same analyser as the
index, so ``AND``, ``*``, quotes, colons and brackets are searched as the plain words they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from directory.search.analysis import stem, words
from directory.search.query import SynonymUse
from directory.search.spelling import SpellingCorrector
from directory.search.synonyms import Synonyms

_AGE_PATTERNS = (
    re.compile(r"\b(\d{1,2})\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*old\b", re.IGNORECASE),
    re.compile(r"\baged?\s+(\d{1,2})\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,2})\s*(?:yo|y/o)\b", re.IGNORECASE),
)


# Words that carry no meaning in a search of this directory, removed from queries only (they stay
# in the index, so nothing needs re-indexing when this list changes). Families type questions:
# "where can my daughter get help near me".
QUERY_STOP_WORDS = frozenset(
    """
    my our your his her their me us i we you he she they him them it its
    where what when which who whom whose why how
    can could would should shall will do does did doing done get gets getting got find finding
    look looking need needs needed want wants wanted like please anyone any some there here
    near nearby local about just also really very much more most still yet isnt dont doesnt
    wont cant im ive hes shes theyre son sons daughter daughters boy boys girl girls kid kids
    thing things stuff something anything somewhere someone
    """.split()  # noqa: SIM905 - a word list reads better as words
)


# Words that say who a search is for rather than what: they favour services for those ages
# (as "my 4 year old" does) instead of being searched as text.
AUDIENCE_AGES = {
    **dict.fromkeys(("baby", "babies", "newborn", "newborns"), (0, 1)),
    **dict.fromkeys(("toddler", "toddlers"), (1, 3)),
    **dict.fromkeys(
        ("teen", "teens", "teenager", "teenagers", "adolescent", "adolescents"), (13, 18)
    ),
    **dict.fromkeys(("adult", "adults", "grown"), (18, 25)),
}


@dataclass(frozen=True)
class Concept:
    """One thing the searcher asked about, and the ways a service can show it."""

    said: str
    alternatives: tuple[tuple[str, ...], ...]  # each: index terms that must all be present
    needs: tuple[str, ...] = ()
    service_types: tuple[str, ...] = ()
    # The index terms of what was typed: that wording counts in full, synonyms a little less.
    typed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedText:
    concepts: tuple[Concept, ...]
    corrected_text: str | None  # the corrected words, when they were searched
    words: tuple[str, ...]
    synonyms: tuple[SynonymUse, ...]
    age: Decimal | None  # a number written in the text
    audience: tuple[Decimal, Decimal] | None  # ages implied by a word such as "teenager"
    suggestion: str | None = None  # the corrected words, searched or not ("did you mean")


def age_in_text(text: str) -> tuple[Decimal | None, str]:
    """An age written in the text ("my 4 year old", "aged 15"), and the text without it."""
    for pattern in _AGE_PATTERNS:
        match = pattern.search(text)
        if match and 0 <= int(match.group(1)) <= 25:
            return Decimal(match.group(1)), (text[: match.start()] + " " + text[match.end() :])
    return None, text


def parse_text(
    text: str,
    synonyms: Synonyms,
    corrector: SpellingCorrector,
    is_known: Callable[[str], bool],
    *,
    correct: bool = True,
) -> ParsedText:
    """The concepts to score. With ``correct=False`` the words are searched as typed and the
    correction is only offered as ``suggestion``."""
    age, rest = age_in_text(text)
    typed = words(rest)
    fixed = list(typed)
    for position in range(len(typed)):
        fixed[position] = _correct(fixed, position, synonyms, corrector, is_known)
    suggestion = " ".join(fixed) if fixed != typed else None
    corrected = fixed if correct else list(typed)
    # The words that can be searched, with their index terms, in order. Question words stay
    # until phrases are found ("won't go to school" is a phrase), then are dropped.
    meaningful = [(word, term) for word in corrected if (term := stem(word)) is not None]
    sequence = [term for _word, term in meaningful]
    concepts: list[Concept] = []
    uses: list[SynonymUse] = []
    audience: tuple[Decimal, Decimal] | None = None
    i = 0
    while i < len(sequence):
        end, groups = synonyms.longest_match(sequence, i)
        if groups and not (end - i == 1 and meaningful[i][0] in AUDIENCE_AGES):
            said = " ".join(word for word, _term in meaningful[i:end])
            concept = _synonym_concept(said, tuple(sequence[i:end]), synonyms, groups)
            concepts.append(concept)
            uses.append(
                SynonymUse(
                    said=concept.said,
                    searched=tuple(" ".join(a) for a in concept.alternatives),
                    needs=concept.needs,
                    service_types=concept.service_types,
                    terms=tuple(dict.fromkeys(t for g in groups for t in synonyms.groups[g].terms)),
                )
            )
            i = end
            continue
        word, term = meaningful[i]
        if word in AUDIENCE_AGES:
            low, high = AUDIENCE_AGES[word]
            audience = (Decimal(low), Decimal(high))
        elif word not in QUERY_STOP_WORDS and not any(
            c.alternatives == ((term,),) for c in concepts
        ):
            concepts.append(Concept(word, ((term,),), typed=(term,)))
        i += 1
    return ParsedText(
        concepts=tuple(concepts),
        corrected_text=" ".join(corrected) if corrected != typed else None,
        words=tuple(corrected),
        synonyms=tuple(uses),
        age=age,
        audience=audience,
        suggestion=suggestion,
    )


def _correct(
    sequence: list[str],
    position: int,
    synonyms: Synonyms,
    corrector: SpellingCorrector,
    is_known: Callable[[str], bool],
) -> str:
    """The word at ``position``, corrected if nothing in the index or synonyms knows it.

    A candidate that makes a known phrase with its neighbours wins ("short brakes" becomes
    "short breaks", not "short bikes"); otherwise the closest, commonest word.
    """
    word = sequence[position]
    term = stem(word)
    if (
        term is None
        or word in QUERY_STOP_WORDS
        or word in synonyms.vocabulary_words
        or is_known(term)
    ):
        return word
    candidates = corrector.candidates(word)
    before = sequence[position - 1 : position]
    after = sequence[position + 1 : position + 2]
    for candidate in candidates:
        for phrase in ((*before, candidate), (candidate, *after)):
            phrase_terms = [t for t in map(stem, phrase) if t is not None]
            if len(phrase_terms) > 1 and synonyms.longest_match(phrase_terms, 0)[0] == len(
                phrase_terms
            ):
                return candidate
    return candidates[0] if candidates else word


def _synonym_concept(
    said: str, typed: tuple[str, ...], synonyms: Synonyms, groups: tuple[int, ...]
) -> Concept:
    alternatives: dict[tuple[str, ...], None] = {}
    needs: dict[str, None] = {}
    types: dict[str, None] = {}
    for index in groups:
        group = synonyms.groups[index]
        alternatives.update(dict.fromkeys(group.alternatives))
        if group.need:
            needs[group.need] = None
        if group.service_type:
            types[group.service_type] = None
    return Concept(said, tuple(alternatives), tuple(needs), tuple(types), typed=typed)
