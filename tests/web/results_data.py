"""A small directory for the results page tests: a few described services, the places they are
at, and the search index built over them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from directory.localoffer import load_config
from directory.models import Postcode, PostcodeDistrict, Service
from directory.search import rebuild
from directory.settings import Settings
from tests.factories import classify, create_location, create_organization, create_service
from tests.web.records import create_rich_service

# Real centroids (ONS): Finchley Central, North Finchley, East Finchley, Hendon, Chipping Barnet.
DISTRICTS = {
    "N3": (51.6010, -0.1930, "Finchley, Church End, Finchley Central"),
    "N12": (51.6140, -0.1760, "North Finchley, Woodside Park"),
    "N2": (51.5890, -0.1660, "East Finchley"),
    "NW4": (51.5870, -0.2260, "Hendon"),
    "EN5": (51.6530, -0.2000, "Barnet"),
}


def add_places(session: Session) -> None:
    for district, (lat, lon, name) in DISTRICTS.items():
        session.add(
            PostcodeDistrict(
                district=district, latitude=lat, longitude=lon, area_name=name, population=9000
            )
        )
    session.add(
        Postcode(
            postcode="N3 1AB",
            latitude=51.6010,
            longitude=-0.1930,
            district="N3",
            la_code="E09000003",
            source="test",
        )
    )
    session.flush()


def create_group(session: Session, **overrides: object) -> Service:
    """A free parent support group for autism that meets in Hendon."""
    hendon = create_location(
        session, name="Hendon Library", postcode="NW4 4BQ", latitude=51.587, longitude=-0.226
    )
    values: dict[str, object] = {
        "name": "Autism Parent Support Group",
        "description": "<p>A monthly group for parents of autistic children.</p>",
        "description_text": "A monthly group for parents of autistic children.",
        "minimum_age": Decimal("2"),
        "maximum_age": Decimal("18"),
        "cost_state": "free",
    }
    values.update(overrides)
    group = create_service(
        session,
        organization=create_organization(session, name="Barnet Parent Carer Forum"),
        locations=[hendon],
        **values,
    )
    classify(session, group, "send-need", "ASD")
    classify(session, group, "sector", "voluntary")
    classify(session, group, "delivery-method", "in_person")
    return group


def create_helpline(session: Session) -> Service:
    """A phone helpline with no venue: in a distance search it is included, labelled."""
    helpline = create_service(
        session,
        name="SEND Information Helpline",
        description_text="Advice by phone for families about special educational needs.",
        cost_state="free",
    )
    classify(session, helpline, "delivery-method", "phone")
    classify(session, helpline, "send-need", "ALL")
    return helpline


@pytest.fixture
def build_index(session: Session, settings: Settings) -> Callable[[], None]:
    def build() -> None:
        session.flush()
        rebuild(session, load_config(settings.config_path), settings.index_dir)

    return build


@pytest.fixture
def directory(session: Session, build_index: Callable[[], None]) -> dict[str, Service]:
    """The speech and language drop-in (N3, ages 0 to 11), the autism parent group (NW4, 2 to
    18) and a phone helpline, indexed."""
    add_places(session)
    services = {
        "speech": create_rich_service(session),
        "group": create_group(session),
        "helpline": create_helpline(session),
    }
    build_index()
    return services
