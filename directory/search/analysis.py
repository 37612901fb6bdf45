"""Text analysis shared by indexing and querying: one analyser, so both sides always agree.

Whoosh's regex tokeniser, lower-casing, stop words and Porter stemming, with one step added
before stemming: British spellings are folded to one form ("behaviour" and "behavior" become the
same term), from the reviewed list in ``data/spellings.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.filters import STOP_WORDS

# Words of letters and digits, keeping inner apostrophes ("down's") as part of the word.
WORD_PATTERN = r"\w+(?:['’]\w+)*"
_APOSTROPHE = re.compile(r"['’]s$|['’]")


@cache
def spelling_pairs() -> dict[str, str]:
    """British spelling -> American spelling (the folded form)."""
    data = tomllib.loads(
        resources.files("directory.search").joinpath("data/spellings.toml").read_text("utf-8")
    )
    return {british: american for british, american in data["pairs"]}


class SpellingFoldFilter(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Folds spelling variants and possessives so that "Down's", "Downs" and "down" meet."""

    def __init__(self, pairs: dict[str, str]) -> None:
        self.pairs = pairs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SpellingFoldFilter) and other.pairs == self.pairs

    def __hash__(self) -> int:
        return id(self)

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        pairs = self.pairs
        for token in tokens:
            text = _APOSTROPHE.sub("", token.text)
            token.text = pairs.get(text, text)
            yield token


@cache
def analyzer() -> Any:
    """The analyser for every indexed text field and for query text."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | SpellingFoldFilter(spelling_pairs())
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
        | StemFilter(cachesize=-1)
    )


@cache
def word_analyzer() -> Any:
    """Words before stemming (for spelling suggestions and synonym phrases)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | SpellingFoldFilter({})


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order."""
    return [token.text for token in analyzer()(text)]


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (apostrophes dropped), in order, stop words kept."""
    return [token.text for token in word_analyzer()(text)]


def stem(word: str) -> str | None:
    """The index term for one word, or None for a stop word or a too-short word."""
    found = terms(word)
    return found[0] if found else None
