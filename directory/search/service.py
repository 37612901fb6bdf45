"""The per-process search service: one open snapshot, reopened when the index changes.

Checking for a change costs a file read and a directory listing, done at most every
``CHECK_INTERVAL_S`` seconds, so a committed update is searchable well within a second. A new
generation (after a rebuild) or a new Whoosh commit (after an update) builds a new snapshot,
reusing the arrays of every segment that did not change. Whoosh's ``Searcher.refresh()`` is
never used: in whoosh-reloaded 2.7.5 it returns duplicate documents after updates.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any

from directory.localoffer import AuthorityConfig
from directory.search.documents import MaskBuilder
from directory.search.engine import Context, ranked_ids, run
from directory.search.lifecycle import (
    IndexUnavailable,
    open_generation,
    read_meta,
    read_words,
)
from directory.search.query import Locator, SearchQuery, SearchResult
from directory.search.snapshot import SegmentCache, Snapshot
from directory.search.spelling import SpellingCorrector
from directory.search.synonyms import Synonyms, default_synonyms

CHECK_INTERVAL_S = 0.1


class SearchIndex:
    def __init__(
        self, index_dir: Path, config: AuthorityConfig, synonyms: Synonyms | None = None
    ) -> None:
        self.index_dir = index_dir
        self.config = config
        self.synonyms = synonyms or default_synonyms()
        self._masks = MaskBuilder(config)
        self._segments = SegmentCache()
        self._lock = threading.Lock()
        self._context: Context | None = None
        self._key: tuple[str, int] | None = None
        self._ix: Any = None
        self._checked = 0.0
        self._retired: list[Snapshot] = []

    def context(self) -> Context:
        """The current snapshot's context, reopened if the index changed."""
        now = time.monotonic()
        context = self._context
        if context is not None and now - self._checked < CHECK_INTERVAL_S:
            return context
        with self._lock:
            name, ix = (
                (self._key[0], self._ix)
                if self._key and self._ix is not None and self._same_generation()
                else open_generation(self.index_dir)
            )
            try:
                generation = ix.latest_generation()
            except Exception as exc:  # files removed under us: treat as unavailable
                raise IndexUnavailable(f"the search index cannot be read: {exc}") from exc
            if self._context is None or self._key != (name, generation):
                self._context = self._open(name, ix, generation)
                self._key, self._ix = (name, generation), ix
            self._checked = now
            return self._context

    def _same_generation(self) -> bool:
        from directory.search.lifecycle import current_generation

        return self._key is not None and current_generation(self.index_dir) == self._key[0]

    def _open(self, name: str, ix: Any, generation: int) -> Context:
        meta = read_meta(self.index_dir, name)
        if meta.get("bits") != {k: list(v) for k, v in self._masks.bits.items()}:
            raise IndexUnavailable(
                "the search index was built for other vocabularies or priorities: "
                "run `local-offer index rebuild`"
            )
        try:
            snapshot = Snapshot(ix.reader(), self._segments, generation)
        except Exception as exc:
            raise IndexUnavailable(
                f"the search index in {self.index_dir / name} cannot be read "
                f"({exc.__class__.__name__}): run `local-offer index rebuild`"
            ) from exc
        # Keep the previous snapshot open for requests still using it; close the one before.
        if self._context is not None:
            self._retired.append(self._context.snapshot)
        while len(self._retired) > 1:
            self._retired.pop(0).close()
        corrector = SpellingCorrector(
            {**dict.fromkeys(self.synonyms.vocabulary_words, 1), **read_words(self.index_dir, name)}
        )
        return Context(snapshot, self.config, self._masks, self.synonyms, corrector)

    def search(self, query: SearchQuery, locate: Locator | None = None) -> SearchResult:
        return run(self.context(), query, locate)

    def ranked_ids(self, query: SearchQuery, locate: Locator | None = None) -> list[uuid.UUID]:
        """Every matching service id in the query's order (no facets, no paging)."""
        return ranked_ids(self.context(), query, locate)

    def close(self) -> None:
        with self._lock:
            for snapshot in self._retired:
                snapshot.close()
            if self._context is not None:
                self._context.snapshot.close()
            self._context = None
