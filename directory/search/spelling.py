"""'Did you mean': corrections for words that appear nowhere in the index.

Candidates come from the words of the indexed services (kept per index generation) and the
synonym list, found with Whoosh's Levenshtein automata, then ranked by edit distance and how
common the word is, so "speach" becomes "speech" and "autisum" becomes "autism".
"""

from __future__ import annotations

from collections.abc import Mapping

from whoosh.spelling import ListCorrector

MAX_DISTANCE = 2
# Below this length a word has too many near neighbours to correct safely ("ot", "hi").
MIN_LENGTH = 4


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one edit)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class SpellingCorrector:
    def __init__(self, frequencies: Mapping[str, int]) -> None:
        self._frequencies = frequencies
        self._corrector = ListCorrector(sorted(w for w in frequencies if len(w) >= 3))

    def __contains__(self, word: str) -> bool:
        return word in self._frequencies

    def candidates(self, word: str) -> list[str]:
        """Known words within two edits of ``word``, best first (closest, then commonest)."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._frequencies:
            return []
        found = self._corrector.suggest(word, limit=20, maxdist=MAX_DISTANCE)
        ranked = sorted(
            (str(c) for c in found),
            key=lambda c: (edit_distance(word, c), -self._frequencies.get(c, 0), c),
        )
        return [c for c in ranked if edit_distance(word, c) <= MAX_DISTANCE]
