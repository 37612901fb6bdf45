"""A fully populated service survives a round trip through the database unchanged."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    ImportRun,
    Language,
    Location,
    OrganizationIdentifier,
    Phone,
    PriorityTag,
    Provenance,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from tests.factories import classify, create_organization, create_service


def populate(session: Session) -> uuid.UUID:
    organization = create_organization(
        session,
        name="Barnet Council",
        organization_type="council",
        website="https://www.barnet.gov.uk",
        identifiers=[
            OrganizationIdentifier(
                identifier_scheme="GB-LAE", identifier_type="Local authority", identifier="BNE"
            )
        ],
    )
    location = Location(
        location_type="physical",
        name="Barnet House",
        latitude=51.6266,
        longitude=-0.1773,
        postcode="N20 0EJ",
        coordinates_precision="unit",
        transportation="Bus 34 and 125",
        addresses=[
            Address(
                address_1="2 Bristol Avenue",
                city="London",
                state_province="Greater London",
                postal_code="N20 0EJ",
                country="GB",
                address_type="physical",
            )
        ],
        accessibility=[Accessibility(description="Step-free access", details="Lift to all floors")],
        languages=[Language(name="Polish", code="pl")],
        schedules=[Schedule(byday="MO,TU", opens_at="09:00", closes_at="17:00", freq="WEEKLY")],
    )
    service = create_service(
        session,
        organization=organization,
        name="Short breaks for disabled children",
        alternate_name="Short breaks",
        description="<p>Play schemes and clubs.</p>",
        description_text="Play schemes and clubs.",
        url="https://www.barnet.gov.uk/short-breaks",
        email="shortbreaks@barnet.gov.uk",
        eligibility_description="Children with a disability living in Barnet",
        application_process="Ask for a social care assessment",
        fees_description="Free for eligible families",
        minimum_age=Decimal("5.5"),
        maximum_age=Decimal("17"),
        assured_date=date(2026, 9, 30),
        assurer_email="localoffer@barnet.gov.uk",
        last_modified=datetime(2026, 10, 1, 12, 30, tzinfo=UTC),
        ehcp_required=False,
        cost_state="some_free",
        area_served="in_borough",
        extra={"pc_targetAudience": "Families"},
    )
    service.service_at_locations.append(
        ServiceAtLocation(
            location=location,
            description="Saturday club",
            schedules=[Schedule(byday="SA", opens_at="10:00", closes_at="13:00", freq="WEEKLY")],
        )
    )
    service.phones.append(Phone(number="020 8359 2000", type="voice", description="Main line"))
    service.contacts.append(
        Contact(name="Short breaks team", email="team@example.org", phones=[Phone(number="0800 1")])
    )
    service.schedules.append(Schedule(description="Term time only", valid_from=date(2026, 9, 1)))
    service.cost_options.append(
        CostOption(
            option="Holiday club",
            amount=Decimal("15.50"),
            currency="GBP",
            amount_description="per day",
        )
    )
    service.languages.append(Language(name="English", code="en"))
    service.service_areas.append(ServiceArea(name="London Borough of Barnet", extent_type="text"))
    service.priority_tags.append(
        PriorityTag(priority_id="P5", reason="P5: service type short breaks", origin="rule")
    )
    classify(session, service, "send-need", "ASD", "PD")
    classify(session, service, "sector", "social_care")
    run = ImportRun(source="test", format="oruk", location="file.json", status="loaded")
    session.add(run)
    session.flush()
    session.add(
        Provenance(
            entity_type="service",
            entity_id=service.id,
            source="test",
            source_system="oruk",
            source_id="abc-1",
            content_hash="0" * 64,
            import_run_id=run.id,
        )
    )
    session.commit()
    return service.id


def snapshot(service: Service) -> dict[str, Any]:
    sal = service.service_at_locations[0]
    location = sal.location
    return {
        "service": {
            c: getattr(service, c)
            for c in (
                "name",
                "alternate_name",
                "description",
                "url",
                "email",
                "status",
                "eligibility_description",
                "application_process",
                "fees_description",
                "minimum_age",
                "maximum_age",
                "assured_date",
                "assurer_email",
                "last_modified",
                "ehcp_required",
                "cost_state",
                "area_served",
                "extra",
            )
        },
        "organization": (
            service.organization.name,
            service.organization.organization_type,
            [i.identifier for i in service.organization.identifiers],
        ),
        "location": (
            location.name,
            location.latitude,
            location.longitude,
            location.postcode,
            location.transportation,
        ),
        "address": [(a.address_1, a.postal_code, a.country) for a in location.addresses],
        "accessibility": [(a.description, a.details) for a in location.accessibility],
        "location_languages": [lang.code for lang in location.languages],
        "location_schedules": [(s.byday, s.opens_at) for s in location.schedules],
        "sal": (sal.description, [(s.byday, s.opens_at, s.closes_at) for s in sal.schedules]),
        "phones": [(p.number, p.type) for p in service.phones],
        "contacts": [(c.name, c.email, [p.number for p in c.phones]) for c in service.contacts],
        "schedules": [(s.description, s.valid_from) for s in service.schedules],
        "cost_options": [(c.option, c.amount, c.currency) for c in service.cost_options],
        "languages": [lang.code for lang in service.languages],
        "service_areas": [a.name for a in service.service_areas],
        "priority_tags": [(t.priority_id, t.reason, t.origin) for t in service.priority_tags],
        "attributes": sorted(
            (a.link_type, a.taxonomy_term.code, a.origin) for a in service.attributes
        ),
    }


def test_fully_populated_service_round_trip(session: Session) -> None:
    service_id = populate(session)
    before = snapshot(session.get_one(Service, service_id))
    session.expunge_all()

    after = snapshot(session.get_one(Service, service_id))

    assert after == before
    assert after["service"]["minimum_age"] == Decimal("5.5")
    assert after["service"]["last_modified"] == datetime(2026, 10, 1, 12, 30, tzinfo=UTC)
    assert after["attributes"] == [
        ("sector", "social_care", "import"),
        ("send-need", "ASD", "import"),
        ("send-need", "PD", "import"),
    ]
    provenance = session.scalars(select(Provenance).where(Provenance.entity_id == service_id)).one()
    assert provenance.source_id == "abc-1"


def test_deleting_a_service_removes_its_children_and_attributes(session: Session) -> None:
    service_id = populate(session)
    session.delete(session.get_one(Service, service_id))
    session.commit()
    assert session.scalars(select(CostOption)).all() == []
    assert session.scalars(select(PriorityTag)).all() == []
    from directory.models import Attribute

    assert session.scalars(select(Attribute).where(Attribute.link_id == service_id)).all() == []


def test_minimum_age_above_maximum_is_refused(session: Session) -> None:
    with pytest.raises(IntegrityError):
        create_service(session, minimum_age=Decimal("12"), maximum_age=Decimal("5"))


def test_unknown_status_is_refused(session: Session) -> None:
    with pytest.raises(IntegrityError):
        create_service(session, status="archived")


def test_naive_datetimes_are_refused(session: Session) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        create_service(session, last_modified=datetime(2026, 1, 1))
