"""A fully described service, as a careful editor would record it: every part the page shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from directory.models import (
    Accessibility,
    Attribute,
    Contact,
    CostOption,
    Language,
    OrganizationIdentifier,
    Phone,
    PriorityTag,
    Provenance,
    Schedule,
    Service,
    ServiceArea,
)
from tests.factories import classify, create_location, create_organization, create_service, term


def create_rich_service(session: Session, **overrides: Any) -> Service:
    organization = create_organization(
        session,
        name="Barnet Speech Therapy Trust",
        organization_type="nhs",
        website="https://speech.example.org/",
        description="<p>An NHS trust's children's therapy service.</p>",
        legal_status="NHS trust",
        identifiers=[
            OrganizationIdentifier(
                identifier_scheme="GB-NHS", identifier_type="NHS ODS code", identifier="RRP"
            )
        ],
    )
    centre = create_location(
        session,
        name="Finchley Children's Centre",
        postcode="N3 1AB",
        transportation="Bus 82 and 460 stop outside. Finchley Central station is 5 minutes away.",
        description="Ground floor rooms with a sensory corner.",
        external_identifier="101234",
        external_identifier_type="School URN",
    )
    centre.accessibility = [
        Accessibility(description="Step-free entrance", details="Ramp at the side door.")
    ]
    centre.phones = [Phone(number="020 8000 1111", description="Reception")]
    centre.schedules = [
        Schedule(freq="WEEKLY", byday="MO", opens_at="09:00", closes_at="17:00"),
        Schedule(freq="WEEKLY", byday="TU", opens_at="09:00", closes_at="17:00"),
        Schedule(freq="MONTHLY", byday="2SA", opens_at="10:00", closes_at="12:00"),
    ]
    centre.attributes = [
        Attribute(
            link_entity="location",
            link_type="accessibility-feature",
            taxonomy_term=term(session, "accessibility-feature", code),
        )
        for code in ("wheelchair", "hearing_loop")
    ]
    online = create_location(
        session, location_type="virtual", name="Video appointments", url="https://meet.example.org"
    )
    values: dict[str, Any] = {
        "name": "Speech and Language Drop-in",
        "alternate_name": "SALT drop-in",
        "description": "<p>Advice for families of children with <strong>speech</strong> needs.</p>"
        "<ul><li>Assessments</li><li>Groups</li></ul>",
        "description_text": "Advice for families of children with speech needs. "
        "Assessments. Groups.",
        "url": "https://speech.example.org/drop-in",
        "email": "dropin@speech.example.org",
        "application_process": "Come along to a drop-in session; no referral needed.",
        "eligibility_description": "Children living in Barnet or registered with a Barnet GP.",
        "fees_description": "Sessions are free. Group courses have a small charge.",
        "interpretation_services": "Interpreters can be booked for any language.",
        "accreditations": "Health and Care Professions Council registered therapists.",
        "minimum_age": Decimal("0"),
        "maximum_age": Decimal("11"),
        "ehcp_required": False,
        "cost_state": "some_free",
        "area_served": "in_borough",
        "assured_date": date(2026, 9, 1),
    }
    values.update(overrides)
    service = create_service(
        session, organization=organization, locations=[centre, online], **values
    )
    service.phones = [Phone(number="020 8000 2222", extension="12")]
    service.contacts = [
        Contact(
            name="Duty therapist",
            title="Speech and language therapist",
            email="duty@speech.example.org",
            phones=[Phone(number="020 8000 3333")],
        )
    ]
    service.cost_options = [
        CostOption(
            option="Group course",
            amount=Decimal("25"),
            currency="GBP",
            amount_description="for six sessions",
        )
    ]
    service.languages = [Language(name="English"), Language(name="Polish")]
    service.service_areas = [ServiceArea(name="Finchley and Church End")]
    service.priority_tags = [
        PriorityTag(
            priority_id="P5", reason="Local specialist provision in the borough", origin="editor"
        )
    ]
    session.add(
        Provenance(
            entity_type="service",
            entity_id=service.id,
            source="barnet-health-feed",
            source_system="oruk",
            source_id="SALT-1",
            content_hash="0" * 64,
            first_seen=datetime(2026, 1, 5, tzinfo=UTC),
            last_seen=datetime(2026, 11, 1, tzinfo=UTC),
        )
    )
    session.flush()
    classify(session, service, "send-need", "SLCN", "ASD")
    classify(session, service, "service-type", "speech_language_therapy")
    classify(session, service, "sector", "health")
    classify(session, service, "delivery-method", "in_person", "online")
    classify(session, service, "referral-route", "self", "professional")
    return service
