"""Distance from a postcode: radius, nearest first, online and phone services labelled."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from directory.errors import BadRequest, NotFound
from directory.models import Service
from directory.search import SearchIndex, SearchQuery
from tests.factories import classify, create_location, create_service
from tests.search.conftest import locate

Build = Callable[[], SearchIndex]


@pytest.fixture
def index(session: Session, build_index: Build) -> SearchIndex:
    # Finchley (N3), Edgware (HA8, about 5.8 km from N3), Bristol (far away).
    finchley = create_location(session, latitude=51.6015, longitude=-0.1925, postcode="N3 2AA")
    edgware = create_location(session, latitude=51.6130, longitude=-0.2750, postcode="HA8 7AA")
    bristol = create_location(session, latitude=51.4545, longitude=-2.5879, postcode="BS1 4AA")
    create_service(session, name="Finchley club", locations=[finchley])
    create_service(session, name="Edgware club", locations=[edgware])
    create_service(session, name="Two venues", locations=[bristol, edgware])
    create_service(session, name="Bristol club", locations=[bristol])
    online = create_service(session, name="Online forum")
    classify(session, online, "delivery-method", "online")
    phone = create_service(session, name="Helpline")
    classify(session, phone, "delivery-method", "phone")
    also_online = create_service(session, name="Bristol and online", locations=[bristol])
    classify(session, also_online, "delivery-method", "online")
    visiting = create_service(session, name="Visits from Bristol", locations=[bristol])
    classify(session, visiting, "delivery-method", "home_visit")
    surgery = create_service(session, name="Bristol surgery", locations=[bristol])
    classify(session, surgery, "delivery-method", "in_person")
    classify(session, surgery, "delivery-method", "phone")
    create_service(session, name="Nowhere in particular")
    return build_index()


def listed(index: SearchIndex, session: Session, **kwargs: object) -> list[tuple[str, object]]:
    result = index.search(SearchQuery(**kwargs), locate)  # type: ignore[arg-type]
    return [
        (
            session.get_one(Service, h.service_id).name,
            h.distance_km if h.distance_km is not None else h.remote,
        )
        for h in result.hits
    ]


def test_within_radius_nearest_first_with_remote_services_labelled(
    index: SearchIndex, session: Session
) -> None:
    results = listed(index, session, postcode="N3 1AB", radius_km=3.0, sort="distance")

    assert [name for name, _ in results] == [
        "Finchley club",
        "Bristol and online",
        "Helpline",
        "Online forum",
    ]
    assert results[0][1] == pytest.approx(0.07, abs=0.02)
    assert results[2][1] == ("phone",)
    assert results[3][1] == ("online",)


def test_services_only_online_are_included_and_labelled_even_with_a_distant_venue(
    index: SearchIndex, session: Session
) -> None:
    result = index.search(SearchQuery(postcode="N3 1AB", radius_km=3.0, sort="distance"), locate)
    hits = {session.get_one(Service, h.service_id).name: h for h in result.hits}

    # Only online: from anywhere. Home visits from a Bristol base, or a Bristol surgery that
    # also takes calls, do not reach Finchley.
    assert hits["Bristol and online"].remote == ("online",)
    assert hits["Bristol and online"].distance_km == pytest.approx(167, abs=1)
    assert "Visits from Bristol" not in hits
    assert "Bristol surgery" not in hits
    assert "Finchley club" in hits and hits["Finchley club"].remote == ()


def test_wider_radius_uses_the_nearest_venue(index: SearchIndex, session: Session) -> None:
    results = dict(listed(index, session, postcode="N3 1AB", radius_km=10.0, sort="distance"))

    assert set(results) == {
        "Finchley club",
        "Edgware club",
        "Two venues",
        "Bristol and online",
        "Helpline",
        "Online forum",
    }
    assert results["Two venues"] == pytest.approx(results["Edgware club"], abs=0.01)
    assert 5.5 < results["Edgware club"] < 6.0  # type: ignore[operator]


def test_hits_carry_the_nearest_location(index: SearchIndex, session: Session) -> None:
    hit = index.search(
        SearchQuery(postcode="N3 1AB", radius_km=10.0, sort="distance"), locate
    ).hits[2]
    service = session.get_one(Service, hit.service_id)
    assert service.name in ("Edgware club", "Two venues")
    nearest = {
        sal.location_id
        for sal in service.service_at_locations
        if sal.location.postcode == "HA8 7AA"
    }
    assert hit.nearest_location_id in nearest


def test_postcode_problems_are_clear(index: SearchIndex) -> None:
    with pytest.raises(NotFound, match="postcode ZZ9 9ZZ is not known"):
        index.search(SearchQuery(postcode="ZZ9 9ZZ", radius_km=5.0), locate)
    with pytest.raises(BadRequest, match="sort=distance needs a postcode"):
        index.search(SearchQuery(sort="distance"), locate)
    with pytest.raises(BadRequest, match="radius_km needs a postcode"):
        index.search(SearchQuery(radius_km=5.0), locate)


def test_interpretation_reports_the_postcode(index: SearchIndex) -> None:
    result = index.search(SearchQuery(postcode="N3 1AB", radius_km=5.0), locate)
    assert result.interpretation.postcode is not None
    assert result.interpretation.postcode.precision == "unit"
    assert result.interpretation.radius_km == 5.0
