"""Find configured phrases in free text: whole words, longest match first, aware of negation.

Texts are split into word tokens once; phrases are looked up by their first word, so the cost is
proportional to the length of the text, not to the number of phrases (a service is matched
against a few hundred phrases in well under a millisecond).

Matching rules, for people writing phrases in the vocabularies and the authority configuration:
- Whole words only, ignoring case and the punctuation between words: "self-harm" matches
  "self harm"; "speech" never matches inside "speeches" (but see plurals) or "freespeech".
- Each word may take a plural ending (-s, -es), and apostrophes are ignored: "Asperger"
  matches "Asperger's" and "Aspergers", "teacher of the deaf" matches "teachers of the deaf".
- A word written with two or more capitals (ASC, SpLD, PfA) is an acronym and must appear exactly
  so (an "s" plural is allowed): "ASC" does not match "asc".
- Phrases never span a sentence break (. ; : ! ?, a bullet or a blank line).
- Where matches overlap, the longer wins: "specific learning difficulties" hides the "learning
  difficulties" inside it.
- A match inside the scope of a negation ("not suitable for wheelchair users", "we are unable to
  support children with severe learning disabilities") is marked negated. The scope runs from the
  cue to the end of the clause, at most ``NEGATION_SCOPE`` words. A negation that is about a
  diagnosis ("you do not need a diagnosis of autism") does not negate the condition.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

NEGATION_SCOPE = 10
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Sentence ends, bullets and blank lines; a single new line is only wrapping.
_BREAK = re.compile(r"[.;:!?•|]|\n\s*\n")
_CLAUSE_ENDS = frozenset({"but", "however", "although", "though", "whereas"})
_APOSTROPHES = str.maketrans("", "", "'’")


def _fold(word: str) -> str:
    return word.translate(_APOSTROPHES).lower()


def _is_acronym(word: str) -> bool:
    return sum(1 for c in word if c.isupper()) >= 2


def normalise(text: str) -> str:
    # NFKC folds ligatures and full-width letters, so "ﬁ" matches "fi".
    return unicodedata.normalize("NFKC", text)


@dataclass
class Tokens:
    """The words of a normalised text, as parallel lists (cheaper than an object per word)."""

    text: str
    raw: list[str] = field(default_factory=list)
    fold: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    # True where a sentence break lies between a word and the one before it.
    after_break: list[bool] = field(default_factory=list)
    # Negated positions, per negation cue index (see ``_negated_positions``).
    negated: dict[object, set[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.raw)


def tokenize(text: str) -> Tokens:
    """Word tokens of ``text``, which the caller has normalised (see ``normalise``)."""
    matches = list(_TOKEN.finditer(text))
    raw = [m.group() for m in matches]
    starts = [m.start() for m in matches]
    # Lower-case once; slices line up unless lowering changed the length (a few rare letters).
    lowered = text.lower()
    if len(lowered) == len(text):
        fold = [lowered[m.start() : m.end()] for m in matches]
    else:
        fold = [word.lower() for word in raw]
    if "'" in text or "’" in text:
        fold = [word.translate(_APOSTROPHES) for word in fold]
    # Break characters never occur inside a word, so a break lies in the gap before the first
    # word that starts after it (the text's first word never counts as after a break).
    after_break = [False] * len(matches)
    for position in (m.start() for m in _BREAK.finditer(text)):
        index = bisect.bisect_left(starts, position)
        if 0 < index < len(matches):
            after_break[index] = True
    ends = [m.end() for m in matches]
    return Tokens(text, raw, fold, starts, ends, after_break)


@lru_cache(maxsize=32)
def analyse(text: str) -> Tokens:
    """Tokens of a text, shared by the matchers that read the same text one after another."""
    return tokenize(normalise(text))


@dataclass(frozen=True)
class _Word:
    fold: str
    exact: str | None  # the acronym as it must be written, or None for any case
    # What a token may read to match: the folded word with its plural endings, or for an
    # acronym the token as written, exactly, with an "s" plural.
    forms: frozenset[str]


@dataclass(frozen=True)
class _Phrase:
    key: str  # the phrase as configured
    words: tuple[_Word, ...]


def _compile(phrase: str) -> _Phrase:
    tokens = tokenize(normalise(phrase))
    words = tuple(
        _Word(fold, raw, frozenset((raw, raw + "s")))
        if _is_acronym(raw)
        else _Word(fold, None, frozenset((fold, fold + "s", fold + "es")))
        for raw, fold in zip(tokens.raw, tokens.fold, strict=True)
    )
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    return _Phrase(key=phrase, words=words)


@dataclass(frozen=True)
class Found:
    """One phrase found in a text."""

    phrase: str  # as configured
    text: str  # as written in the text
    start: int
    end: int
    negated: bool


class _Index:
    """Phrases by their first word (folded), longest first so the first hit is the longest."""

    def __init__(self, phrases: Iterable[_Phrase]) -> None:
        self.buckets: dict[str, list[_Phrase]] = {}
        for phrase in phrases:
            self.buckets.setdefault(phrase.words[0].fold, []).append(phrase)
        for bucket in self.buckets.values():
            bucket.sort(key=lambda p: -len(p.words))
        # For every word a phrase can start with, as written in a text (the first word may be
        # in the plural): the phrases to try there, longest first, the unchanged word's first
        # among equals. One lookup per token.
        self.starting: dict[str, tuple[_Phrase, ...]] = {}
        for first in self.buckets:
            for form in (first, first + "s", first + "es"):
                if form not in self.starting:
                    candidates = [p for base in _bases(form) for p in self.buckets.get(base, ())]
                    # sorted() is stable: among equal lengths the unchanged word's come first.
                    self.starting[form] = tuple(sorted(candidates, key=lambda p: -len(p.words)))

    def hits(self, tokens: Tokens) -> list[tuple[int, int, _Phrase]]:
        """The longest phrase starting at each position, where there is one."""
        found = []
        starting = self.starting
        for start, fold in enumerate(tokens.fold):
            for phrase in starting.get(fold, ()):
                if _phrase_at(phrase, tokens, start):
                    found.append((start, start + len(phrase.words), phrase))
                    break
        return found


def _bases(word: str) -> list[str]:
    """The word, and the word without a plural ending it may carry."""
    bases = [word]
    if word.endswith("s"):
        bases.append(word[:-1])
        if word.endswith("es"):
            bases.append(word[:-2])
    return bases


@lru_cache(maxsize=8)
def _cue_index(cues: tuple[str, ...]) -> _Index:
    return _Index(_compile(c) for c in cues)


class PhraseMatcher:
    """Finds any of ``phrases`` in texts. ``neutral`` phrases are found (and so hide shorter
    phrases inside them) but never reported: "wheelchair accessible" is about a building, not
    about who the service is for."""

    def __init__(
        self,
        phrases: Iterable[str],
        neutral: Iterable[str] = (),
        negation_cues: Iterable[str] = (),
    ) -> None:
        self._neutral = frozenset(neutral)
        self._index = _Index(_compile(p) for p in {*phrases, *self._neutral})
        self._cues = _cue_index(tuple(negation_cues))
        self._inside: dict[str, frozenset[str]] = {}

    def find_phrases(self, text: str) -> set[str]:
        """The configured phrases found in ``text`` and not negated, each with the shorter
        configured phrases inside it: finding "supported internship" also finds "internship"."""
        found: set[str] = set()
        for match in self.find(text):
            if not match.negated:
                found |= self._contained(match.phrase)
        return found

    def find_phrases_split(self, text: str, cut: int) -> tuple[set[str], set[str]]:
        """``find_phrases`` of the whole text, and the phrases among them that end within its
        first ``cut`` characters (found in the same pass, so a negation before the cut still
        applies after it)."""
        # Matches are placed in the normalised text, where "…" is three characters.
        cut = len(normalise(text[:cut]))
        found: set[str] = set()
        opening: set[str] = set()
        for match in self.find(text):
            if not match.negated:
                phrases = self._contained(match.phrase)
                found |= phrases
                if match.end <= cut:
                    opening |= phrases
        return found, opening

    def _contained(self, key: str) -> frozenset[str]:
        cached = self._inside.get(key)
        if cached is None:
            tokens = tokenize(normalise(key))
            cached = frozenset(
                phrase.key
                for start in range(len(tokens))
                for phrase in self._index.buckets.get(tokens.fold[start], [])
                if phrase.key not in self._neutral and _phrase_at(phrase, tokens, start)
            ) | {key}
            self._inside[key] = cached
        return cached

    def find(self, text: str) -> list[Found]:
        """Non-overlapping matches in text order, neutral phrases left out. Positions are in
        the NFKC-normalised text."""
        tokens = analyse(text)
        chosen = _without_overlaps(self._index.hits(tokens))
        negated = _negated_positions(tokens, self._cues) if chosen else set()
        return [
            Found(
                phrase=phrase.key,
                text=tokens.text[tokens.start[start] : tokens.end[end - 1]],
                start=tokens.start[start],
                end=tokens.end[end - 1],
                negated=start in negated,
            )
            for start, end, phrase in chosen
            if phrase.key not in self._neutral
        ]


def _phrase_at(phrase: _Phrase, tokens: Tokens, start: int) -> bool:
    if start + len(phrase.words) > len(tokens):
        return False
    after_break, folds, raws = tokens.after_break, tokens.fold, tokens.raw
    for offset, word in enumerate(phrase.words):
        position = start + offset
        if offset and after_break[position]:
            return False
        if (folds[position] if word.exact is None else raws[position]) not in word.forms:
            return False
    return True


def _without_overlaps(
    candidates: list[tuple[int, int, _Phrase]],
) -> list[tuple[int, int, _Phrase]]:
    """Keep the longest matches first, then any shorter ones that do not overlap them."""
    taken: set[int] = set()
    chosen = []
    for start, end, phrase in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        span = set(range(start, end))
        if span & taken:
            continue
        taken |= span
        chosen.append((start, end, phrase))
    return sorted(chosen, key=lambda c: c[0])


def _negated_positions(tokens: Tokens, cues: _Index) -> set[int]:
    """Token positions inside the scope of a negation cue (computed once per text)."""
    cached = tokens.negated.get(cues)
    if cached is not None:
        return cached
    negated: set[int] = set()
    for _start, scope, _cue in cues.hits(tokens):
        position = scope
        while position < len(tokens) and position < scope + NEGATION_SCOPE:
            fold = tokens.fold[position]
            if tokens.after_break[position] or fold in _CLAUSE_ENDS:
                break
            if fold.startswith("diagnos"):
                # "not need a diagnosis of autism": the negation is about the diagnosis.
                break
            negated.add(position)
            position += 1
    tokens.negated[cues] = negated
    return negated
