"""Search: Whoosh index, SEND-aware query understanding, filters, facets and distance.

Nothing outside this package imports Whoosh. Callers use:

- ``SearchIndex(index_dir, config).search(SearchQuery(...), locate=...) -> SearchResult``
- ``rebuild``/``sync``/``update``/``check`` for the index lifecycle.
"""

from directory.search.lifecycle import (
    CheckReport,
    IndexReport,
    IndexUnavailable,
    check,
    rebuild,
    sync,
    update,
)
from directory.search.query import (
    FILTERS,
    MAX_PER_PAGE,
    MAX_RADIUS_KM,
    SORTS,
    Facet,
    FacetValue,
    Interpretation,
    Locator,
    PostcodePoint,
    SearchHit,
    SearchQuery,
    SearchResult,
    SynonymUse,
)
from directory.search.service import SearchIndex

__all__ = [
    "FILTERS",
    "MAX_PER_PAGE",
    "MAX_RADIUS_KM",
    "SORTS",
    "CheckReport",
    "Facet",
    "FacetValue",
    "IndexReport",
    "IndexUnavailable",
    "Interpretation",
    "Locator",
    "PostcodePoint",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
    "SynonymUse",
    "check",
    "rebuild",
    "sync",
    "update",
]
