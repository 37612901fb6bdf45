"""What a search asks for and what it answers: the contract between search and its callers.

The JSON API, the ORUK API, the HTML pages and the CLI all build a ``SearchQuery`` and render a
``SearchResult``; none of them touches Whoosh.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal, Protocol

Sort = Literal["relevance", "distance", "name"]
SORTS: tuple[Sort, ...] = ("relevance", "distance", "name")
MAX_PER_PAGE = 100
MAX_RADIUS_KM = 200.0

# Query parameter name -> vocabulary key (None: the authority's priorities; "days": weekdays).
FILTERS: dict[str, str | None] = {
    "need": "send-need",
    "sector": "sector",
    "priority": None,
    "service_type": "service-type",
    "cost": "cost-state",
    "delivery": "delivery-method",
    "day": "days",
    "referral": "referral-route",
    "accessibility": "accessibility-feature",
}


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    min_age: Decimal | None = None
    max_age: Decimal | None = None
    # Each filter holds codes; several codes of one filter are alternatives (OR), different
    # filters must all hold (AND). ``need`` also takes broad-area codes.
    need: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    service_type: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    delivery: tuple[str, ...] = ()
    day: tuple[str, ...] = ()
    referral: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    postcode: str | None = None
    radius_km: float | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    # False searches the words as typed; the correction is still offered as the suggestion.
    spelling: bool = True

    def filter_codes(self, name: str) -> tuple[str, ...]:
        codes: tuple[str, ...] = getattr(self, name)
        return codes

    def with_page(self, page: int) -> SearchQuery:
        return replace(self, page=page)


@dataclass(frozen=True)
class PostcodePoint:
    """Where a postcode is, and how precisely we know it."""

    postcode: str
    district: str
    latitude: float
    longitude: float
    precision: str  # "unit" or "district"


class Locator(Protocol):
    def __call__(self, postcode: str) -> PostcodePoint: ...


@dataclass(frozen=True)
class SearchHit:
    service_id: uuid.UUID
    score: float
    distance_km: float | None = None
    nearest_location_id: uuid.UUID | None = None
    # How a service reaches families without a nearby venue ("online", "phone", "home_visit"),
    # set when it is included in a distance search for that reason.
    remote: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter
    label: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class SynonymUse:
    said: str
    searched: tuple[str, ...]
    needs: tuple[str, ...] = ()
    service_types: tuple[str, ...] = ()
    # The group's terms as the synonym list writes them, to tell people what else was searched.
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interpretation:
    text: str
    corrected_text: str | None = None
    words: tuple[str, ...] = ()
    synonyms: tuple[SynonymUse, ...] = ()
    age_from_text: Decimal | None = None
    # The age range the text implies ("my 4 year old": 4 to 4; "teenager": 13 to 18).
    ages_from_text: tuple[Decimal, Decimal] | None = None
    postcode: PostcodePoint | None = None
    radius_km: float | None = None
    needs: tuple[str, ...] = ()  # need filter codes after expanding broad areas


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    hits: tuple[SearchHit, ...]
    total: int
    facets: tuple[Facet, ...]
    interpretation: Interpretation
    suggestion: str | None = None
    generation: int = 0
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))
