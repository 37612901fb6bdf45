"""A full Open Referral UK v1 service record (``/services/{id}`` of a v1 feed), hand-made in the
v1 layout: naive plurals (``eligibilitys``, ``regular_schedules``, ``service_taxonomys``),
``physical_addresses`` and ``accessibility_for_disabilities`` on the location, LGA strings.

The real v1 feeds in ``shared/data/oruk-feeds`` are list records (no nested arrays), so these
parts are tested here."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.oruk_parts import country_code
from directory.models import Address, Location, Schedule, Service
from tests.import_helpers import do_import, write_json
from tests.test_import_oruk import service_terms

TAXONOMIES = [
    {
        "id": "esd:need/SLCN",
        "name": "Speech, language and communication needs",
        "vocabulary": "esdNeeds",
        "parent": None,
    },
    {"id": "bccagegroup:37", "name": "Children", "vocabulary": "BCC Age Groups", "parent": None},
]


def v1_location() -> dict[str, Any]:
    return {
        "id": "4c7b6a59-92d5-4f0b-a1f6-0c4f4a2f6e11",
        "name": "Church End Library",
        "description": "",
        "latitude": 51.6004,
        "longitude": -0.1941,
        "physical_addresses": [
            {
                "id": "6b1f0c3e-58e4-4e0c-9b9a-3d1c3a6c2f22",
                "address_1": "24 Hendon Lane",
                "city": "London",
                "state_province": "",
                "postal_code": "n3 1tr",
                "country": "England",
            }
        ],
        "accessibility_for_disabilities": [
            {"id": "0b8f5d8e-7a3c-4a57-9d6b-1e2f3a4b5c33", "accessibility": "Step-free entrance"}
        ],
    }


def v1_service(layout: str) -> dict[str, Any]:
    """``layout`` is where the venue is: "service_at_locations" (the v1 API) or "locations"."""
    places: dict[str, Any] = (
        {"service_at_locations": [{"id": str(uuid.uuid4()), "location": v1_location()}]}
        if layout == "service_at_locations"
        else {"locations": [v1_location()]}
    )
    return {
        "id": "9a0c2a4e-1f3b-4e6d-8c2a-5b7d9e1f3a44",
        "name": "Little Talkers",
        "description": "<p>A group for toddlers &amp; parents.</p>",
        "url": "https://www.example.org.uk/little-talkers",
        "email": "talkers@example.org.uk",
        "status": "active",
        "fees": "",
        "accreditations": "",
        "deliverable_type": "Advice",
        "assured_date": "2024-11-20",
        "attending_type": "venue",
        "attending_access": "drop-in",
        "organization": {
            "id": "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f55",
            "name": "Finchley Children's Centre",
            "description": "",
            "email": "",
            "url": "https://www.example.org.uk",
            "logo": "",
            "uri": "",
        },
        "eligibilitys": [
            {
                "id": "2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b66",
                "eligibility": "child",
                "minimum_age": 1,
                "maximum_age": 4,
            }
        ],
        "regular_schedules": [
            {
                "id": "3a4b5c6d-7e8f-4a9b-0c1d-2e3f4a5b6c77",
                "weekday": "Wednesday",
                "opens_at": "09:30",
                "closes_at": "11:00",
                "valid_from": "2024-09-01",
                "valid_to": "2025-07-31",
                "dtstart": "",
                "freq": "WEEKLY",
                "interval": 1,
                "byday": "WE",
                "bymonthday": "",
                "description": "Term time only",
            },
            {"id": "4b5c6d7e-8f9a-4b0c-1d2e-3f4a5b6c7d88", "weekday": "Saturday"},
        ],
        "holiday_schedules": [
            {"closed": True, "start_date": "2024-12-23", "end_date": "2025-01-03"}
        ],
        "service_taxonomys": [
            {"id": f"st-{n}", "taxonomy": taxonomy} for n, taxonomy in enumerate(TAXONOMIES)
        ],
        "contacts": [
            {
                "id": "c1",
                "name": "Centre reception",
                "title": "",
                "phones": [{"number": "020 8359 0000"}],
            }
        ],
        "languages": [{"id": "l1", "language": "English"}, {"id": "l2", "language": "Polish"}],
        **places,
    }


@pytest.mark.parametrize("layout", ["service_at_locations", "locations"])
def test_a_full_v1_record_loads_every_part(session: Session, tmp_path: Path, layout: str) -> None:
    raw = v1_service(layout)

    report = do_import(session, "oruk", write_json(tmp_path / "v1.json", raw), source="v1")

    assert (report.exit_code, report.problems) == (0, []), report.lines()
    service = session.scalars(select(Service)).one()
    assert (service.name, service.organization.name, service.description_text) == (
        "Little Talkers",
        "Finchley Children's Centre",
        "A group for toddlers & parents.",
    )
    assert (service.minimum_age, service.maximum_age, service.eligibility_description) == (
        Decimal("1.00"),
        Decimal("4.00"),
        "child",
    )
    schedules = session.scalars(select(Schedule).order_by(Schedule.byday.desc())).all()
    assert [
        (s.service_id, s.freq, s.byday, s.opens_at, s.closes_at, s.description) for s in schedules
    ] == [
        (service.id, "WEEKLY", "WE", "09:30", "11:00", "Term time only"),
        (service.id, "WEEKLY", "SA", None, None, None),
    ]
    assert (str(schedules[0].valid_from), str(schedules[0].valid_to)) == (
        "2024-09-01",
        "2025-07-31",
    )
    location = session.scalars(select(Location)).one()
    assert [sal.location_id for sal in service.service_at_locations] == [location.id]
    assert (
        location.name,
        location.postcode,
        location.latitude,
        location.longitude,
        location.coordinates_precision,
    ) == ("Church End Library", "N3 1TR", 51.6004, -0.1941, "source")
    address = session.scalars(select(Address)).one()
    assert (address.address_1, address.city, address.postal_code, address.country) == (
        "24 Hendon Lane",
        "London",
        "N3 1TR",
        "GB",
    )
    assert [a.description for a in location.accessibility] == ["Step-free entrance"]
    assert [p.number for c in service.contacts for p in c.phones] == ["020 8359 0000"]
    assert sorted(lang.name for lang in service.languages) == ["English", "Polish"]
    # The v1 taxonomy terms are kept as they came; they do not become our terms (yet).
    assert service.extra == {
        "unmapped_terms": TAXONOMIES,
        "deliverable_type": "Advice",
        "holiday_schedules": raw["holiday_schedules"],
        "attending_type": "venue",
        "attending_access": "drop-in",
    }
    assert service_terms(session, service) == {
        ("delivery-method", "in_person"),
        ("referral-route", "self"),
    }


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("England", "GB"),
        ("United Kingdom", "GB"),
        ("gb", "GB"),
        ("Ireland", "IE"),
        ("IRL", "IE"),
        ("Germany", "DE"),
        ("Englandd", "GB"),
        (None, "GB"),
    ],
)
def test_country_names_become_iso_codes(given: str | None, stored: str) -> None:
    assert country_code(given) == stored
