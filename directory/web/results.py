"""``GET /services``: the search results page ("filter a list").

The page is a rendering of the same search call and the same ``Listing`` objects as
``/api/v1/services`` (``run_search``). It reads the API's parameters kindly (see
``results_params``): a bad value is named in an error summary and left out, never a 500 or a
JSON error. When nothing is found it offers ways to widen the search with their counts, nearby
postcode areas, and the Local Offer team's phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from directory import geo
from directory.errors import BadRequest
from directory.listing import Listing
from directory.search import SearchQuery, SearchResult
from directory.search.locate import postcode_locator
from directory.web.api.common import authority_config, read_session, search_index
from directory.web.api.services import run_search
from directory.web.results_params import (
    PageRequest,
    postcode_not_found,
    read_page_request,
    without_postcode,
)
from directory.web.results_state import SearchState, clear_filters, untidy
from directory.web.results_text import result_items, understood
from directory.web.results_view import (
    LEGENDS,
    distance_choices,
    error_messages,
    filter_groups,
    miles_text,
    pagination,
    phase_choices,
    selected_tags,
    sort_choices,
)
from directory.web.search_log import search_log_task
from directory.web.shortlist_cookie import read_shortlist
from directory.web.spec.operations import offloaded
from directory.web.templating import render

NEARBY_AREAS = 6
_INDENT = re.compile(rb"\n\s+")


@dataclass(frozen=True)
class Widening:
    """A way to find more: the search without one of its parts, and what that would find."""

    text: str
    href: str
    count: int


def _search(request: Request, page: PageRequest) -> tuple[PageRequest, SearchResult, list[Listing]]:
    """The search; a postcode we cannot place becomes an error and the search runs without it."""
    try:
        result, listings = run_search(request, page.query)
        return page, result, listings
    except BadRequest as exc:
        if exc.details.get("parameter") != "postcode" or page.query.postcode is None:
            raise
        errors = (*page.errors, postcode_not_found(page.query.postcode))
        page = replace(page, query=without_postcode(page.query), errors=errors)
        result, listings = run_search(request, page.query)
        return page, result, listings


def _count(request: Request, query: SearchQuery) -> int:
    with read_session(request) as session:
        found = search_index(request).search(
            replace(query, page=1, per_page=1), postcode_locator(session)
        )
    return found.total


def widenings(request: Request, page: PageRequest, state: SearchState) -> list[Widening]:
    """For an empty result: each part of the search taken away in turn, with its count."""
    query = page.query
    options: list[tuple[str, str, SearchQuery]] = []
    if query.text:
        options.append(
            (
                f"without the words ‘{query.text}’",
                state.without_names("q", "spelling"),
                replace(query, text=""),
            )
        )
    if query.min_age is not None or query.max_age is not None:
        options.append(
            (
                "for any age",
                state.without_names("age", "min_age", "max_age", "phase"),
                replace(query, min_age=None, max_age=None),
            )
        )
    for name, legend in LEGENDS.items():
        if query.filter_codes(name):
            cleared: dict[str, Any] = {name: ()}
            options.append(
                (
                    f"without the ‘{legend}’ filter",
                    state.without_names(name),
                    replace(query, **cleared),
                )
            )
    if query.radius_km is not None:
        options.append(
            (
                f"at any distance, not only within {miles_text(query.radius_km)}",
                state.without_names("radius_km"),
                replace(query, radius_km=None),
            )
        )
    found = [Widening(text, href, _count(request, wider)) for text, href, wider in options]
    return [w for w in found if w.count > 0]


def nearby_areas(
    request: Request, result: SearchResult, state: SearchState
) -> list[dict[str, Any]]:
    point = result.interpretation.postcode
    if point is None:
        return []
    with read_session(request) as session:
        districts = geo.nearby_districts(
            session, point.latitude, point.longitude, limit=NEARBY_AREAS + 1
        )
    return [
        {
            "district": d.district,
            "area": d.area_name,
            "href": state.replacing("postcode", d.district),
        }
        for d in districts
        if d.district != point.district
    ][:NEARBY_AREAS]


def _title(page: PageRequest, result: SearchResult) -> str:
    title = f"Search results (page {page.query.page} of {result.pages})"
    if result.total == 0:
        title = "No services found"
    return f"Error: {title}" if page.errors else title


def results_page(request: Request) -> Response:
    page = read_page_request(request.query_params, authority_config(request))
    if not page.errors and untidy(request.query_params):
        # The filter form sends every field, empty or not: answer with the tidy, shareable
        # address of the same search.
        tidy = SearchState.of(page).canonical(page.query.page, page.show_all)
        return RedirectResponse(tidy, status_code=303)
    page, result, listings = _search(request, page)
    state = SearchState.of(page)
    if page.query.page > result.pages:
        return RedirectResponse(state.url(page=result.pages), status_code=303)
    empty = result.total == 0
    groups = filter_groups(result, page.show_all)
    context = {
        "page": page,
        "query": page.query,
        "result": result,
        "state": state,
        "clear_filters": clear_filters,
        "title": _title(page, result),
        "errors": error_messages(page.errors, groups),
        "items": result_items(listings, read_shortlist(request)),
        "filters": groups,
        "tags": selected_tags(page, result, state),
        "understood": understood(page, result, state),
        "pagination": pagination(state, page.query.page, result.pages),
        "sorts": sort_choices(page),
        "distances": distance_choices(page.query.radius_km),
        "phases": phase_choices(page.phase),
        "widenings": widenings(request, page, state) if empty else [],
        "nearby": nearby_areas(request, result, state) if empty else [],
        "next_path": state.next_path(page.query.page),
    }
    response = render(request, "results.html", context, status_code=400 if page.errors else 200)
    _compact(response)
    response.background = search_log_task(request, page.query, result, "web")
    return response


def _compact(response: Response) -> None:
    """Drop the indentation the templates and GOV.UK macros print: a fifth of the page's bytes.
    Safe here because the page has no ``pre`` or ``textarea``, where whitespace is content."""
    response.body = _INDENT.sub(b"\n", bytes(response.body))
    response.headers["content-length"] = str(len(response.body))


routes = [Route("/services", offloaded(results_page), methods=["GET"], name="results")]
