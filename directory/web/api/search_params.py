"""The search parameters of ``/api/v1/services`` (and its CSV twin): definitions and the
``SearchQuery`` they build. The HTML search page reads the same parameters with the same code."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from starlette.datastructures import QueryParams

from directory.errors import BadRequest
from directory.geo import normalise_postcode
from directory.localoffer import AuthorityConfig
from directory.search import FILTERS, MAX_PER_PAGE, MAX_RADIUS_KM, SORTS, SearchQuery
from directory.search.facets import broad_areas
from directory.search.schema import DAYS
from directory.vocab import vocabulary
from directory.web.spec.params import Invalid, Param, choice, integer, number, read_params, text

MAX_AGE = 25
MAX_PAGE = 10_000
DEFAULT_PER_PAGE = 20
SPELLING = ("on", "off")


def _postcode(value: str) -> str:
    if len(value) > 16:
        raise Invalid("is not a valid UK postcode (expected something like N3 1AB)")
    try:
        return normalise_postcode(value)
    except BadRequest:
        raise Invalid(
            f"{value[:16]!r} is not a valid UK postcode (expected something like N3 1AB)"
        ) from None


def filter_codes(name: str, config: AuthorityConfig) -> tuple[str, ...]:
    """The codes a filter parameter takes, in display order."""
    key = FILTERS[name]
    if key is None:
        return tuple(p.id for p in config.priorities)
    if key == "days":
        return DAYS
    codes = vocabulary(key).codes
    return (*codes, *broad_areas()) if name == "need" else codes


_FILTER_TEXT = {
    "need": "SEND need code (ASD, SLCN, SEMH, ...) or broad area of need "
    "(communication_interaction, cognition_learning, semh, sensory_physical, other). "
    "Services for all needs match every need.",
    "sector": "Sector: education, health, social_care, voluntary.",
    "priority": "The authority's strategic priority (P1 ... P6 for Barnet).",
    "service_type": "Service type code.",
    "cost": "Cost: free, some_free, paid, unknown.",
    "delivery": "How the service is delivered: in_person, online, phone, home_visit.",
    "day": "Open on this day of the week (MO ... SU).",
    "referral": "How to get the service: self, professional, gp, school, social_care, ehc_plan.",
    "accessibility": "Venue accessibility feature.",
}


def search_params(config: AuthorityConfig) -> tuple[Param, ...]:
    """Every parameter of the service search, in the order the documentation lists them."""
    ages = {"type": "number", "minimum": 0, "maximum": MAX_AGE}
    params = [
        Param(
            "q",
            "Words to search for: names, descriptions, needs in everyday words (autism, "
            "dyslexia, speech therapy), acronyms (SALT, CAMHS, EHCP). Spelling is corrected.",
            {"type": "string", "maxLength": 200},
            text(),
            example="speech therapy",
        ),
        Param(
            "spelling",
            "on (default): words found nowhere are corrected and the corrected words searched; "
            "off: the words are searched as typed (the correction is still the `suggestion`).",
            {"type": "string", "enum": list(SPELLING)},
            choice(SPELLING),
            example="on",
        ),
        Param(
            "age",
            "Age of the child or young person in years; services whose age range includes it.",
            ages,
            number(0, MAX_AGE),
            example="7",
        ),
        Param(
            "min_age",
            "Lower end of an age range (overlap).",
            ages,
            number(0, MAX_AGE),
            example="16",
        ),
        Param(
            "max_age",
            "Upper end of an age range (overlap).",
            ages,
            number(0, MAX_AGE),
            example="25",
        ),
    ]
    for name in FILTERS:
        codes = filter_codes(name, config)
        params.append(
            Param(
                name,
                _FILTER_TEXT[name] + " Repeat it, or separate codes with commas, for any of them.",
                {"type": "string", "enum": list(codes)},
                choice(codes, fold=name in ("need", "day", "priority")),
                repeatable=True,
                example=codes[0] if codes else None,
            )
        )
    params += [
        Param(
            "postcode",
            "Search near a UK postcode: results carry the distance to the nearest venue, and "
            "services that reach families online, by phone or at home are included and labelled.",
            {"type": "string", "maxLength": 16},
            _postcode,
            example="N3 1AB",
        ),
        Param(
            "radius_km",
            f"With postcode: only venues within this many kilometres (up to {MAX_RADIUS_KM:g}).",
            {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM},
            number(0, MAX_RADIUS_KM, above_low=True),
            example="5",
        ),
        Param(
            "sort",
            "relevance (default; distance when a postcode is given without words), distance "
            "(needs postcode) or name.",
            {"type": "string", "enum": list(SORTS)},
            choice(SORTS),
            example="relevance",
        ),
        Param(
            "page",
            "Page number, from 1.",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            integer(1, MAX_PAGE),
            example="1",
        ),
        Param(
            "per_page",
            f"Results per page, 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            integer(1, MAX_PER_PAGE),
            example="20",
        ),
    ]
    return tuple(params)


def search_query(query: QueryParams, config: AuthorityConfig) -> SearchQuery:
    """The validated ``SearchQuery`` for a request's query string."""
    values = read_params(query, search_params(config))
    return build_query(values)


def build_query(values: Mapping[str, Any]) -> SearchQuery:
    low: Decimal | None = values.get("min_age")
    high: Decimal | None = values.get("max_age")
    if "age" in values:
        if low is not None or high is not None:
            raise BadRequest("give age, or min_age and max_age, not both", parameter="age")
        low = high = values["age"]
    if low is not None and high is not None and low > high:
        raise BadRequest("min_age must not be above max_age", parameter="min_age")
    if "radius_km" in values and "postcode" not in values:
        raise BadRequest("radius_km needs a postcode", parameter="radius_km")
    if values.get("sort") == "distance" and "postcode" not in values:
        raise BadRequest("sort=distance needs a postcode", parameter="sort")
    return SearchQuery(
        text=values.get("q", ""),
        min_age=low,
        max_age=high,
        postcode=values.get("postcode"),
        radius_km=float(values["radius_km"]) if "radius_km" in values else None,
        sort=values.get("sort", "relevance"),
        page=values.get("page", 1),
        per_page=values.get("per_page", DEFAULT_PER_PAGE),
        spelling=values.get("spelling", "on") == "on",
        **{name: values.get(name, ()) for name in FILTERS},
    )
