"""Bad input: every malformed or out-of-range parameter is a 400 naming it, unknown records are
404, and no query string at all gives a 500 (a fuzzer sends thousands)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import Demo

BAD = [
    ("/api/v1/services", "page=0", "page"),
    ("/api/v1/services", "page=abc", "page"),
    ("/api/v1/services", "per_page=1000", "per_page"),
    ("/api/v1/services", "age=abc", "age"),
    ("/api/v1/services", "age=26", "age"),
    ("/api/v1/services", "age=NaN", "age"),
    ("/api/v1/services", "age=Infinity", "age"),
    ("/api/v1/services", "min_age=12&max_age=5", "min_age"),
    ("/api/v1/services", "age=5&min_age=3", "age"),
    ("/api/v1/services", "postcode=N3+1AB&radius_km=-1", "radius_km"),
    ("/api/v1/services", "postcode=N3+1AB&radius_km=0", "radius_km"),
    ("/api/v1/services", "radius_km=5", "radius_km"),
    ("/api/v1/services", "sort=cheapest", "sort"),
    ("/api/v1/services", "sort=distance", "sort"),
    ("/api/v1/services", "need=XYZ", "need"),
    ("/api/v1/services", "need=ASD,XYZ", "need"),
    ("/api/v1/services", "sector=police", "sector"),
    ("/api/v1/services", "priority=P9", "priority"),
    ("/api/v1/services", "day=Funday", "day"),
    ("/api/v1/services", "postcode=%3F%3F%3F", "postcode"),
    ("/api/v1/services", "postcode=ZZ9+9ZZ", "postcode"),
    ("/api/v1/services", "q=" + "a" * 201, "q"),
    ("/api/v1/services", "q=a%00b", "q"),
    ("/api/v1/services", "page=1&page=2", "page"),
    ("/api/v1/services", "colour=blue", "colour"),
    ("/api/v1/services.csv", "need=XYZ", "need"),
    ("/api/v1/services/abc", "full=true", "full"),
    ("/api/v1/taxonomies", "page=2", "page"),
    ("/oruk/services", "modified_after=notadate", "modified_after"),
    ("/oruk/services", "per_page=1000", "per_page"),
    ("/oruk/services", "page=0", "page"),
    ("/oruk/services", "taxonomy_id=not-a-uuid", "taxonomy_id"),
    ("/oruk/services", "taxonomy_id=00000000-0000-4000-8000-000000000000", "taxonomy_id"),
    ("/oruk/services", "organization_id=x", "organization_id"),
    ("/oruk/services", "minimum_age=-1", "minimum_age"),
    ("/oruk/services", "start_time=25:00", "start_time"),
    ("/oruk/services", "day=XX", "day"),
    ("/oruk/services", "full=maybe", "full"),
    ("/oruk/services", "format=xml", "format"),
    ("/oruk/service_at_locations", "proximity=500", "proximity"),
    ("/oruk/service_at_locations", "postcode=N3+1AB&proximity=-5", "proximity"),
    ("/oruk/service_at_locations", "postcode=nowhere", "postcode"),
    ("/oruk/taxonomy_terms", "taxonomy_id=00000000-0000-4000-8000-000000000000", "taxonomy_id"),
]


@pytest.mark.parametrize(("path", "query", "parameter"), BAD)
def test_bad_parameters_are_400_naming_the_parameter(
    demo: Demo, path: str, query: str, parameter: str
) -> None:
    response = demo.get(f"{path}?{query}")
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "bad_request"
    assert error["parameter"] == parameter
    assert parameter in error["message"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/services/not-a-uuid",
        "/api/v1/services/00000000-0000-4000-8000-000000000000",
        "/api/v1/postcodes/ZZ9%209ZZ",
        "/api/v1/nothing-here",
        "/oruk/nothing-here",
    ],
)
def test_unknown_records_are_404_json(demo: Demo, path: str) -> None:
    response = demo.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


@pytest.mark.parametrize(
    "text",
    ['title:autism AND (speech OR "', "a*b?c~2^3", "NOT", "[1 TO 5]", "-", "\\", "%", "'''"],
)
def test_search_syntax_is_searched_as_text(demo: Demo, text: str) -> None:
    for url in ("/api/v1/services", "/oruk/services"):
        name = "q" if url.startswith("/api") else "search"
        assert demo.get(url, params={name: text}).status_code == 200


ENDPOINTS = [
    "/api/v1/services",
    "/api/v1/services.csv",
    "/api/v1/taxonomies",
    "/api/v1/priorities",
    "/oruk/services",
    "/oruk/service_at_locations",
    "/oruk/taxonomy_terms",
]
NAMES = [
    "q",
    "age",
    "min_age",
    "max_age",
    "need",
    "sector",
    "day",
    "postcode",
    "radius_km",
    "sort",
    "page",
    "per_page",
    "search",
    "minimum_age",
    "maximum_age",
    "start_time",
    "modified_after",
    "taxonomy_id",
    "proximity",
    "format",
    "full",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["0", "-1", "1e309", "NaN", "25", "ASD", "N3 1AB", "2026-01-01", "true"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
QUERIES = st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=5)


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(endpoint=st.sampled_from(ENDPOINTS), query=QUERIES, raw=st.text(max_size=30))
def test_no_query_string_gives_a_server_error(
    demo: Demo, endpoint: str, query: list[tuple[str, str]], raw: str
) -> None:
    encoded = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in query)
    # The raw string keeps its own & = % structure (malformed escapes included); only what a
    # URL cannot carry at all is escaped.
    mangled = quote(raw, safe="&=%+;,/?:@[]!$'()*")
    for url in (f"{endpoint}?{encoded}", f"{endpoint}?{mangled}"):
        response = demo.get(url)
        assert response.status_code in (200, 400), (url, response.status_code, response.text)
        if response.status_code == 400:
            error = response.json()["error"]
            assert error["status"] == 400 and error["message"]
