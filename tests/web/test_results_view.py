"""The results page's small pieces: pagination, acronyms read back, distances in miles."""

import uuid

import pytest

from directory.listing import Coded, Listing
from directory.search import SearchQuery
from directory.web.results_params import PageRequest
from directory.web.results_state import SearchState
from directory.web.results_text import display_term, result_items
from directory.web.results_view import distance_choices, miles_text, pagination


def state(**query) -> SearchState:
    return SearchState.of(PageRequest(SearchQuery(**query), None, (), {}, None))


def test_pagination_shows_the_ends_and_the_neighbours_with_ellipses():
    found = pagination(state(text="club"), 5, 20)
    numbers = [i.get("number") if not i.get("ellipsis") else "…" for i in found["items"]]
    assert numbers == [1, "…", 4, 5, 6, "…", 20]
    assert found["previous"] == {"href": "/services?q=club&page=4"}
    assert found["next"] == {"href": "/services?q=club&page=6"}
    assert [i["current"] for i in found["items"] if i.get("number") == 5] == [True]
    first = pagination(state(), 1, 2)
    assert first["previous"] is None and first["next"] == {"href": "/services?page=2"}
    assert pagination(state(), 1, 1) is None


@pytest.mark.parametrize(
    ("term", "shown"),
    [
        ("asd", "ASD"),  # autistic spectrum disorder
        ("salt", "SALT"),  # speech and language therapy
        ("camhs", "CAMHS"),  # child and adolescent mental health services
        ("autistic", "autistic"),
        ("short breaks", "short breaks"),
    ],
)
def test_acronyms_are_recognised_by_their_initials(term, shown):
    group = (
        "autism",
        "autistic",
        "asd",
        "autistic spectrum disorder",
        "salt",
        "speech and language therapy",
        "camhs",
        "child and adolescent mental health services",
        "short breaks",
    )
    assert display_term(term, group) == shown


def test_distances_are_in_miles_and_sent_as_kilometres():
    assert miles_text(0.05) == "less than 0.1 miles"
    assert miles_text(1.609344) == "1 mile"
    assert miles_text(8.05) == "5 miles"
    assert miles_text(2.7) == "1.7 miles"
    choices = distance_choices(3.0)
    assert [c.value for c in choices] == ["", "1.61", "3", "3.22", "8.05", "16.09", "32.19"]
    assert [c.label for c in choices if c.selected] == ["Within 1.9 miles"]


@pytest.mark.parametrize(
    ("distance_km", "remote", "shown"),
    [
        (2.8, (), "1.7 miles away"),
        (None, ("phone",), "No venue: by phone"),
        (167.0, ("online", "phone"), "103.8 miles away; also online, by phone"),
        (None, (), None),
    ],
)
def test_where_says_how_far_and_how_else_a_service_reaches_families(distance_km, remote, shown):
    listing = Listing(
        id=uuid.uuid4(),
        name="Club",
        organization_id=uuid.uuid4(),
        organization="Org",
        summary="",
        minimum_age=None,
        maximum_age=None,
        cost=Coded("free", "Free"),
        classified={},
        priorities=(),
        last_checked=None,
        status="active",
        distance_km=distance_km,
        remote=remote,
    )
    assert result_items([listing], [])[0].where == shown
