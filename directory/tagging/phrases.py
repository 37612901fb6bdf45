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
    tokens = Tokens(text)
    breaks = [m.start() for m in _BREAK.finditer(text)]
    breaks.append(len(text) + 1)
    next_break = 0
    # Lower-case once; slices line up unless lowering changed the length (a few rare letters).
    lowered = text.lower()
    aligned = len(lowered) == len(text)
    first = True
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        fold = lowered[start:end] if aligned else match.group().lower()
        if "'" in fold or "’" in fold:
            fold = fold.translate(_APOSTROPHES)
        # Break characters never occur inside a word, so any break before it lies in the gap.
        broken = breaks[next_break] < start
        while breaks[next_break] < start:
            next_break += 1
        tokens.raw.append(match.group())
        tokens.fold.append(fold)
        tokens.start.append(start)
        tokens.end.append(end)
        tokens.after_break.append(broken and not first)
        first = False
    return tokens


@lru_cache(maxsize=32)
def analyse(text: str) -> Tokens:
    """Tokens of a text, shared by the matchers that read the same text one after another."""
    return tokenize(normalise(text))


@dataclass(frozen=True)
class _Word:
    fold: str
    exact: str | None  # the acronym as it must be written, or None for any case


@dataclass(frozen=True)
class _Phrase:
    key: str  # the phrase as configured
    words: tuple[_Word, ...]


def _compile(phrase: str) -> _Phrase:
    tokens = tokenize(normalise(phrase))
    words = tuple(
        _Word(fold=fold, exact=raw if _is_acronym(raw) else None)
        for raw, fold in zip(tokens.raw, tokens.fold, strict=True)
    )
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    return _Phrase(key=phrase, words=words)


def _word_matches(word: _Word, raw: str, fold: str) -> bool:
    if word.exact is not None:
        return raw in (word.exact, word.exact + "s")
    return fold in (word.fold, word.fold + "s", word.fold + "es")


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
        # Every word that can start a phrase, with its plural endings: one lookup per token.
        self.starts = frozenset(
            form for first in self.buckets for form in (first, first + "s", first + "es")
        )

    def longest_at(self, tokens: Tokens, start: int) -> tuple[int, _Phrase] | None:
        fold = tokens.fold[start]
        # The first word may be written in the plural.
        keys = [fold]
        if fold.endswith("s"):
            keys.append(fold[:-1])
            if fold.endswith("es"):
                keys.append(fold[:-2])
        best: tuple[int, _Phrase] | None = None
        for key in keys:
            for phrase in self.buckets.get(key, ()):
                end = start + len(phrase.words)
                if best is not None and end <= best[0]:
                    break
                if _phrase_at(phrase, tokens, start):
                    best = (end, phrase)
                    break
        return best

    def hits(self, tokens: Tokens) -> list[tuple[int, int, _Phrase]]:
        """The longest phrase starting at each position, where there is one."""
        found = []
        starts = self.starts
        for start, fold in enumerate(tokens.fold):
            if fold not in starts:
                continue
            hit = self.longest_at(tokens, start)
            if hit is not None:
                found.append((start, hit[0], hit[1]))
        return found


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
    n = len(phrase.words)
    if start + n > len(tokens):
        return False
    for offset, word in enumerate(phrase.words):
        position = start + offset
        if offset and tokens.after_break[position]:
            return False
        if not _word_matches(word, tokens.raw[position], tokens.fold[position]):
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
