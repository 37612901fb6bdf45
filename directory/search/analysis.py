"""Text analysis shared by indexing and querying: one analyser, so both sides always agree.

Words are lower-cased, apostrophes dropped ("Down's" -> "downs"), British spellings folded to one
form from the reviewed list in ``data/spellings.toml`` ("behaviour" and "behavior" meet), Whoosh's
English stop words removed and the rest reduced with Whoosh's Porter stemmer.

The pipeline is a plain function (``terms``) because the bulk index writer calls it for every
field of every service; ``analyzer()`` wraps the same function as a Whoosh tokenizer for the
schema, so Whoosh's own writer and this module can never disagree.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

# Words of letters and digits, keeping inner apostrophes ("down's") as part of the word.
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_APOSTROPHE = re.compile(r"['’]s$|['’]")
_MIN_LENGTH = 2


@cache
def spelling_pairs() -> dict[str, str]:
    """British spelling -> American spelling (the folded form)."""
    data = tomllib.loads(
        resources.files("directory.search").joinpath("data/spellings.toml").read_text("utf-8")
    )
    return dict(data["pairs"])


def words(text: str) -> list[str]:
    """Lower-cased words with apostrophes dropped and spellings folded; stop words kept."""
    pairs = spelling_pairs()
    found = []
    for word in _WORD.findall(text.lower()):
        if "'" in word or "’" in word:
            word = _APOSTROPHE.sub("", word)
        found.append(pairs.get(word, word))
    return found


_stems: dict[str, str | None] = {}


def stem(word: str) -> str | None:
    """The index term for one folded word, or None for a stop word or a one-letter word."""
    found = _stems.get(word, "")
    if found == "":
        found = None if word in STOP_WORDS or len(word) < _MIN_LENGTH else porter_stem(word)
        if len(_stems) < 500_000:  # the vocabulary of a national index fits easily
            _stems[word] = found
    return found


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order."""
    return [t for t in map(stem, words(text)) if t is not None]


class LocalOfferTokenizer(Tokenizer):  # type: ignore[misc]  # Whoosh is untyped
    """``terms`` as a Whoosh tokenizer (term frequencies only: no positions are indexed)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalOfferTokenizer)

    def __hash__(self) -> int:
        return hash(LocalOfferTokenizer)

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Any]:
        token = Token(positions=False, chars=False, removestops=True, mode=kwargs.get("mode", ""))
        token.boost = 1.0
        token.stopped = False
        for text in terms(value):
            token.text = text
            yield token


@cache
def analyzer() -> Any:
    """The analyser of every indexed text field."""
    return LocalOfferTokenizer()
