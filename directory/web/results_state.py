"""The results page's addresses: its search as query parameters, and the links that change one
part of it (remove a filter, another page, a nearby area) while keeping the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from directory.search import FILTERS, SearchQuery
from directory.web.results_params import PageRequest

Pair = tuple[str, str]


def _number(value: Decimal | float) -> str:
    return f"{value:g}" if isinstance(value, float) else f"{value.normalize():f}"


@dataclass(frozen=True)
class SearchState:
    """The search a page shows, as the (name, value) pairs of its address, in a fixed order."""

    pairs: tuple[Pair, ...]

    @classmethod
    def of(cls, request: PageRequest) -> SearchState:
        query = request.query
        pairs: list[Pair] = []
        if query.text:
            pairs.append(("q", query.text))
        if not query.spelling:
            pairs.append(("spelling", "off"))
        pairs += _age_pairs(query, request.phase)
        for name in FILTERS:
            pairs += [(name, code) for code in query.filter_codes(name)]
        if query.postcode:
            pairs.append(("postcode", query.postcode))
        if query.radius_km is not None:
            pairs.append(("radius_km", _number(query.radius_km)))
        if query.sort != "relevance":
            pairs.append(("sort", query.sort))
        return cls(tuple(pairs))

    def url(self, pairs: Iterable[Pair] | None = None, page: int = 1) -> str:
        """``/services`` with ``pairs`` (default: this search) at ``page``."""
        chosen = list(self.pairs if pairs is None else pairs)
        if page > 1:
            chosen.append(("page", str(page)))
        return "/services?" + urlencode(chosen) if chosen else "/services"

    def without(self, drop: Callable[[Pair], bool]) -> str:
        """This search without the pairs ``drop`` picks, from page 1."""
        return self.url(p for p in self.pairs if not drop(p))

    def without_value(self, name: str, value: str) -> str:
        if name == "postcode":  # distance means nothing without a place
            return self.without(
                lambda p: p[0] in ("postcode", "radius_km") or p == ("sort", "distance")
            )
        return self.without(lambda p: p == (name, value))

    def without_names(self, *names: str) -> str:
        return self.without(lambda p: p[0] in names)

    def replacing(self, name: str, value: str) -> str:
        """This search with ``name`` set to ``value`` alone."""
        return self.url([*(p for p in self.pairs if p[0] != name), (name, value)])

    def value(self, name: str) -> str | None:
        return next((v for k, v in self.pairs if k == name), None)

    def canonical(self, page: int, show: frozenset[str]) -> str:
        """The tidy address of a submitted form (no empty fields, no default sort)."""
        return self.url([*self.pairs, *(("show", name) for name in sorted(show))], page=page)

    def next_path(self, page: int) -> str:
        """Where a shortlist button returns to: this page of this search."""
        return self.url(page=page)


def untidy(query: QueryParams) -> bool:
    """True for a query string as a GET form sends it: empty fields, the default sort."""
    return any(not value.strip() for _, value in query.multi_items()) or (
        query.get("sort") == "relevance"
    )


def clear_filters(pair: Pair) -> bool:
    """Every part of a search but its words (for the "Clear filters" link)."""
    return pair[0] not in ("q", "spelling")


def _age_pairs(query: SearchQuery, phase: str | None) -> list[Pair]:
    if phase is not None:
        return [("phase", phase)]
    low, high = query.min_age, query.max_age
    if low is not None and low == high:
        return [("age", _number(low))]
    pairs = []
    if low is not None:
        pairs.append(("min_age", _number(low)))
    if high is not None:
        pairs.append(("max_age", _number(high)))
    return pairs
