"""Keyword-defaulted helpers that create realistic rows; tests override only what they test."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

_counter = itertools.count(1)


def create_organization(session: Session, **overrides: Any) -> Organization:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Test Organisation {n}",
        "description": "A provider of services for children and young people with SEND.",
        "organization_type": "charity",
    }
    values.update(overrides)
    organization = Organization(**values)
    session.add(organization)
    session.flush()
    return organization


def create_location(session: Session, **overrides: Any) -> Location:
    postcode = overrides.pop("postcode", "N3 1AB")
    values: dict[str, Any] = {
        "location_type": "physical",
        "name": "Community centre",
        "latitude": 51.601,
        "longitude": -0.193,
        "postcode": postcode,
        "coordinates_precision": "unit",
    }
    values.update(overrides)
    location = Location(**values)
    if location.location_type != "virtual" and "addresses" not in overrides:
        location.addresses = [
            Address(
                address_1="1 High Street",
                city="London",
                state_province="Greater London",
                postal_code=postcode,
                country="GB",
                address_type="physical",
            )
        ]
    session.add(location)
    session.flush()
    return location


def create_service(
    session: Session,
    *,
    organization: Organization | None = None,
    locations: list[Location] | None = None,
    **overrides: Any,
) -> Service:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Test Service {n}",
        "description": "<p>Support for children with additional needs.</p>",
        "description_text": "Support for children with additional needs.",
        "status": "active",
        "minimum_age": Decimal("0"),
        "maximum_age": Decimal("25"),
        "assured_date": date(2026, 10, 1),
        "cost_state": "free",
    }
    values.update(overrides)
    service = Service(organization=organization or create_organization(session), **values)
    for location in locations or []:
        service.service_at_locations.append(ServiceAtLocation(location=location))
    session.add(service)
    session.flush()
    return service


def term(session: Session, vocabulary: str, code: str, name: str | None = None) -> TaxonomyTerm:
    """The term ``code`` of ``vocabulary``, created (with its taxonomy) when missing."""
    taxonomy = session.scalar(select(Taxonomy).where(Taxonomy.vocabulary == vocabulary))
    if taxonomy is None:
        taxonomy = Taxonomy(vocabulary=vocabulary, name=vocabulary, description=vocabulary)
        session.add(taxonomy)
        session.flush()
    found = session.scalar(
        select(TaxonomyTerm).where(
            TaxonomyTerm.taxonomy_id == taxonomy.id, TaxonomyTerm.code == code
        )
    )
    if found is None:
        found = TaxonomyTerm(taxonomy=taxonomy, code=code, name=name or code, description="")
        session.add(found)
        session.flush()
    return found


def classify(
    session: Session, service: Service, vocabulary: str, *codes: str, origin: str = "import"
) -> None:
    for code in codes:
        service.attributes.append(
            Attribute(
                link_entity="service",
                link_type=vocabulary,
                taxonomy_term=term(session, vocabulary, code),
                origin=origin,
            )
        )
    session.flush()
