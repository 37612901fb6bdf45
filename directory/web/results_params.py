"""The results page's query string: the API's search parameters, read kindly.

``/services`` takes every parameter of ``/api/v1/services`` (parsed by the same ``Param``
definitions) plus ``phase`` (an age group from the home page's "browse by age" links) and
``shortlist`` (the message after a shortlist button) and ``show`` (a filter whose every option
the form should list). Where the API answers 400, the page keeps
what it can and says what it left out: a bad value becomes an error message for the form's
error summary, and the search runs without it. Unknown parameters (``utm_source``, ``fbclid``)
are ignored, and ``per_page`` is fixed so every page of results stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from starlette.datastructures import QueryParams

from directory import geo
from directory.localoffer import AuthorityConfig
from directory.search import FILTERS, SearchQuery
from directory.search.facets import broad_areas
from directory.vocab import vocabulary
from directory.web.api.search_params import build_query, search_params
from directory.web.spec.params import Invalid, Param

# Ten summaries a page keep the page, with its filter form, under 150 KB with its CSS and
# JavaScript (bench/README.md); GOV.UK's pattern pages the rest.
PER_PAGE = 10
SHORTLIST_MESSAGES = ("added", "removed", "full")

# What the error summary says for a value that does not parse, by parameter.
INVALID = {
    "q": "Enter 200 characters or fewer in the search box",
    "age": "Enter an age from 0 to 25, like 7",
    "min_age": "Enter ages from 0 to 25",
    "max_age": "Enter ages from 0 to 25",
    "postcode": "Enter a full postcode, like N3 1AB, or the first part of one, like N3",
    "radius_km": "Choose a distance from the list",
    "phase": "Choose an age group from the list",
    "sort": "Choose how to sort the results from the list",
}
FILTER_NAMES = {
    "need": "needs",
    "sector": "sectors",
    "priority": "priorities",
    "service_type": "types of service",
    "cost": "costs",
    "delivery": "ways the service is provided",
    "day": "days",
    "referral": "ways to get the service",
    "accessibility": "venue accessibility features",
}
# Parameters that are not form fields: a bad value is quietly replaced by the default.
QUIET = ("page", "spelling")


@dataclass(frozen=True)
class FieldError:
    field: str  # the parameter; the form field's id is derived from it
    message: str


@dataclass(frozen=True)
class PageRequest:
    query: SearchQuery
    phase: str | None
    errors: tuple[FieldError, ...]
    typed: dict[str, str]  # what the visitor typed into text fields, shown back as typed
    shortlist_message: str | None
    show_all: frozenset[str] = frozenset()  # filters whose every option the form lists


def page_params(config: AuthorityConfig) -> tuple[Param, ...]:
    return tuple(p for p in search_params(config) if p.name != "per_page")


def _district_or_postcode(param: Param) -> Param:
    """The page also takes a postcode district ("N3") and searches from its centre."""

    def parse(value: str) -> str:
        if len(value) <= 8 and geo.is_district(value):
            return geo.normalise_district(value)
        result: str = param.parse(value)
        return result

    return replace(param, parse=parse)


def _parse_one(param: Param, raw: list[str]) -> tuple[Any, bool]:
    """(value, ok) for one parameter; repeatable ones keep every code that parses."""
    if param.repeatable:
        parts = [p.strip() for value in raw for p in value.split(",") if p.strip()]
        kept: list[str] = []
        for part in parts:
            try:
                kept.append(param.parse(part))
            except Invalid:
                continue
        return tuple(dict.fromkeys(kept)), len(kept) == len(parts)
    try:
        return param.parse(raw[0]), True
    except Invalid:
        return None, False


def _error(name: str) -> FieldError:
    if name in FILTERS:
        return FieldError(name, f"Choose {FILTER_NAMES[name]} from the list")
    return FieldError(name, INVALID[name])


def _phase(query: QueryParams) -> tuple[str | None, bool]:
    value = (query.get("phase") or "").strip()
    if not value:
        return None, True
    known = vocabulary("age-phase")
    return (value, True) if value in known.codes else (None, False)


def _ages_of_phase(code: str) -> tuple[Decimal, Decimal]:
    term = vocabulary("age-phase")[code]
    return Decimal(str(term.data["min_age"])), Decimal(str(term.data["max_age"]))


def read_page_request(query: QueryParams, config: AuthorityConfig) -> PageRequest:
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    typed = {name: (query.get(name) or "").strip()[:200] for name in ("q", "age", "postcode")}
    for param in page_params(config):
        raw = [v.strip() for v in query.getlist(param.name) if v.strip()]
        if not raw:
            continue
        if param.name == "postcode":
            param = _district_or_postcode(param)
        value, ok = _parse_one(param, raw)
        if value is not None and value != ():
            values[param.name] = value
        if not ok and param.name not in QUIET:
            errors.append(_error(param.name))
    if "need" in values:  # a broad area from the home page stands for each of its needs
        areas = broad_areas()
        values["need"] = tuple(
            dict.fromkeys(c for code in values["need"] for c in areas.get(code, (code,)))
        )
    phase, ok = _phase(query)
    if not ok:
        errors.append(_error("phase"))
    phase = _apply_ages(values, phase, errors)
    _check_location(values, errors)
    values["per_page"] = PER_PAGE
    message = query.get("shortlist")
    return PageRequest(
        query=build_query(values),
        phase=phase,
        errors=tuple(errors),
        typed=typed,
        shortlist_message=message if message in SHORTLIST_MESSAGES else None,
        show_all=frozenset(v for v in query.getlist("show") if v in FILTERS),
    )


def _apply_ages(values: dict[str, Any], phase: str | None, errors: list[FieldError]) -> str | None:
    """An age typed in the form wins over an age group, which wins over an age range."""
    if "age" in values:
        values.pop("min_age", None)
        values.pop("max_age", None)
        return None
    if phase is not None:
        values["min_age"], values["max_age"] = _ages_of_phase(phase)
        return phase
    low, high = values.get("min_age"), values.get("max_age")
    if low is not None and high is not None and low > high:
        errors.append(FieldError("min_age", "The lower age must not be above the higher age"))
        values.pop("min_age")
        values.pop("max_age")
    return None


def _check_location(values: dict[str, Any], errors: list[FieldError]) -> None:
    if "postcode" in values:
        return
    if "radius_km" in values:
        values.pop("radius_km")
        errors.append(FieldError("postcode", "Enter a postcode to search within a distance"))
    if values.get("sort") == "distance":
        values.pop("sort")
        errors.append(FieldError("postcode", "Enter a postcode to sort by distance"))


def without_postcode(query: SearchQuery) -> SearchQuery:
    """The same search with the location left out (after a postcode we could not place)."""
    sort = "relevance" if query.sort == "distance" else query.sort
    return replace(query, postcode=None, radius_km=None, sort=sort)


def postcode_not_found(postcode: str) -> FieldError:
    return FieldError(
        "postcode",
        f"We could not find {postcode}. Check the postcode, or enter only its first part, like N3",
    )
