"""The search log keeps what was searched for, never who searched."""

from decimal import Decimal

import pytest

from directory.search import Interpretation, PostcodePoint, SearchQuery, SearchResult, SynonymUse
from directory.searchlog import scrub_text, search_log_entry


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Speech therapy", "speech therapy"),
        ("speech therapy near N3 1AB", "speech therapy near"),
        ("autism sw1a1aa", "autism"),
        ("call me on 07700 900123 or +44 (0)20 8359 7007", "call me on or"),
        ("email jo.bloggs@example.org about ADHD", "email about adhd"),
        ("my 4 year old born 12/03/2021 NHS 943 476 5919", "my year old born nhs"),
        ("see https://example.org/x and www.example.org", "see and"),
        ("  lots   of\tspace  ", "lots of space"),
        ("flat 3b, 10 Downing Street", "flat downing street"),
    ],
)
def test_personal_details_are_removed_from_the_words(typed, kept):
    assert scrub_text(typed) == kept


def test_the_text_is_capped():
    assert len(scrub_text("word " * 100)) <= 200


def _result(query: SearchQuery, **seen) -> SearchResult:
    return SearchResult(
        query=query,
        hits=(),
        total=3,
        facets=(),
        interpretation=Interpretation(text=query.text, **seen),
    )


def test_a_log_row_holds_the_district_needs_ages_and_filters():
    query = SearchQuery(
        text="autism help N3 1AB",
        need=("communication_interaction", "SEMH"),
        sector=("health",),
        postcode="N3 1AB",
        radius_km=5.0,
        min_age=Decimal("4"),
        max_age=Decimal("4"),
    )
    point = PostcodePoint("N3 1AB", "N3", 51.6, -0.19, "unit")
    uses = (SynonymUse("autism", ("autism",), needs=("ASD",)),)
    row = search_log_entry(query, _result(query, postcode=point, synonyms=uses), "web")
    assert row.channel == "web"
    assert row.query_text == "autism help"
    assert row.postcode_district == "N3"
    # The broad area stands for its needs; the words named autism.
    assert row.need_codes == ["ASD", "SEMH", "SLCN"]
    assert (row.min_age, row.max_age) == (Decimal("4"), Decimal("4"))
    assert row.filters == {"sector": ["health"], "radius_km": 5.0}
    assert row.result_count == 3


def test_ages_from_the_words_when_no_age_was_chosen():
    query = SearchQuery(text="clubs for my 15 year old")
    row = search_log_entry(
        query, _result(query, ages_from_text=(Decimal("15"), Decimal("15"))), "api"
    )
    assert (row.min_age, row.max_age) == (Decimal("15"), Decimal("15"))
    assert row.query_text == "clubs for my year old"
    assert row.postcode_district is None and row.need_codes == []
