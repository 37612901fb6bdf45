"""Filters, facets, sorting and paging, on small sets of services where the answer is known."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from directory.errors import BadRequest
from directory.models import Attribute, PriorityTag, Schedule, ServiceAtLocation
from directory.search import SearchIndex, SearchQuery, SearchResult
from tests.factories import classify, create_location, create_service, term

Build = Callable[[], SearchIndex]


def names(result: SearchResult, session: Session) -> list[str]:
    from directory.models import Service

    return [session.get_one(Service, hit.service_id).name for hit in result.hits]


def facet(result: SearchResult, name: str) -> dict[str, int]:
    found = next(f for f in result.facets if f.name == name)
    return {v.code: v.count for v in found.values if v.count}


def test_age_ranges_overlap_and_open_ends_always_match(
    session: Session, build_index: Build
) -> None:
    create_service(session, name="Baby group", minimum_age=Decimal(0), maximum_age=Decimal(2))
    create_service(session, name="Primary club", minimum_age=Decimal(4), maximum_age=Decimal(11))
    create_service(session, name="Youth club", minimum_age=Decimal(13), maximum_age=None)
    create_service(session, name="Helpline", minimum_age=None, maximum_age=None)
    create_service(session, name="Half year", minimum_age=Decimal("2.5"), maximum_age=Decimal(3))
    index = build_index()

    def ages(low: str | None, high: str | None) -> list[str]:
        result = index.search(
            SearchQuery(
                min_age=Decimal(low) if low else None,
                max_age=Decimal(high) if high else None,
                sort="name",
            )
        )
        return names(result, session)

    assert ages("7", "7") == ["Helpline", "Primary club"]
    assert ages("2", "4") == ["Baby group", "Half year", "Helpline", "Primary club"]
    assert ages("25", "25") == ["Helpline", "Youth club"]
    assert ages("12", None) == ["Helpline", "Youth club"]
    assert ages(None, "1") == ["Baby group", "Helpline"]


def test_needs_match_codes_broad_areas_and_services_for_all_needs(
    session: Session, build_index: Build
) -> None:
    classify(session, create_service(session, name="Autism group"), "send-need", "ASD")
    classify(session, create_service(session, name="Speech clinic"), "send-need", "SLCN")
    classify(session, create_service(session, name="Deaf club"), "send-need", "HI")
    classify(session, create_service(session, name="Family doctor"), "send-need", "ALL")
    create_service(session, name="Unclassified")
    index = build_index()

    def need(*codes: str) -> list[str]:
        return names(index.search(SearchQuery(need=codes, sort="name")), session)

    assert need("ASD") == ["Autism group", "Family doctor"]
    assert need("communication_interaction") == ["Autism group", "Family doctor", "Speech clinic"]
    assert need("ASD", "HI") == ["Autism group", "Deaf club", "Family doctor"]
    assert need("VI") == ["Family doctor"]


def test_every_filter(session: Session, build_index: Build) -> None:
    match = create_service(session, name="Match", cost_state="free")
    for vocab, code in [
        ("sector", "health"),
        ("service-type", "speech_language_therapy"),
        ("delivery-method", "in_person"),
        ("referral-route", "self"),
        ("cost-state", "free"),
    ]:
        classify(session, match, vocab, code)
    match.priority_tags.append(PriorityTag(priority_id="P3", reason="P3: test", origin="rule"))
    match.schedules.append(Schedule(byday="MO,WE", opens_at="09:00", closes_at="12:00"))
    venue = create_location(session)
    venue.attributes.append(
        Attribute(
            link_entity="location",
            link_type="accessibility-feature",
            taxonomy_term=term(session, "accessibility-feature", "hearing_loop"),
        )
    )
    match.service_at_locations.append(ServiceAtLocation(location=venue))
    other = create_service(session, name="Other", cost_state="paid")
    classify(session, other, "sector", "education")
    index = build_index()

    cases = {
        "sector": ("health", "social_care"),
        "service_type": ("speech_language_therapy", "physiotherapy"),
        "delivery": ("in_person", "online"),
        "referral": ("self", "gp"),
        "cost": ("free", "unknown"),
        "priority": ("P3", "P6"),
        "day": ("WE", "TU"),
        "accessibility": ("hearing_loop", "bsl"),
    }
    for parameter, (hit, miss) in cases.items():
        found = index.search(SearchQuery(**{parameter: (hit,)}))  # type: ignore[arg-type]
        assert names(found, session) == ["Match"], parameter
        assert index.search(SearchQuery(**{parameter: (miss,)})).total == 0, parameter  # type: ignore[arg-type]


def test_facet_counts_reflect_the_other_filters_but_not_their_own(
    session: Session, build_index: Build
) -> None:
    for name, sector, need in [
        ("A", "health", "ASD"),
        ("B", "health", "SLCN"),
        ("C", "education", "ASD"),
        ("D", "education", "ASD"),
        ("E", "social_care", "ALL"),
    ]:
        service = create_service(session, name=name)
        classify(session, service, "sector", sector)
        classify(session, service, "send-need", need)
    index = build_index()

    result = index.search(SearchQuery(sector=("education",)))

    assert result.total == 2
    # The sector facet ignores the sector filter: choosing "health" too would add 2.
    assert facet(result, "sector") == {"education": 2, "health": 2, "social_care": 1}
    # The need facet counts within education only; services for all needs count everywhere.
    assert facet(result, "need") == {"ASD": 2}
    selected = [v.code for f in result.facets if f.name == "sector" for v in f.values if v.selected]
    assert selected == ["education"]

    everything = index.search(SearchQuery())
    assert facet(everything, "need")["ASD"] == 4  # A, C, D and the all-needs service E
    assert facet(everything, "need")["ALL"] == 1


def test_sort_by_name_and_stable_pagination(session: Session, build_index: Build) -> None:
    for n in range(45):
        create_service(session, name=f"Club {n:02d}", description_text="A weekly club.")
    index = build_index()

    pages = [
        names(index.search(SearchQuery(text="club", page=p, per_page=20)), session)
        for p in (1, 2, 3)
    ]

    assert [len(p) for p in pages] == [20, 20, 5]
    everything = pages[0] + pages[1] + pages[2]
    assert len(set(everything)) == 45
    by_name = names(index.search(SearchQuery(sort="name", per_page=50)), session)
    assert by_name == sorted(by_name)
    assert index.search(SearchQuery(text="club", page=4, per_page=20)).hits == ()


def test_unknown_codes_are_a_clear_400(session: Session, build_index: Build) -> None:
    create_service(session)
    index = build_index()

    with pytest.raises(BadRequest) as raised:
        index.search(SearchQuery(need=("AUTISM",)))

    assert raised.value.details == {"parameter": "need"}
    assert raised.value.message.startswith("unknown need AUTISM; use one of ")
    assert "ASD" in raised.value.message
