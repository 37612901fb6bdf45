"""Keyword-defaulted helpers that create realistic rows; tests override only what they test."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Address,
    Attribute,
    DemandStatistic,
    Feedback,
    Location,
    Organization,
    PriorityTag,
    SearchLog,
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


def create_demand(session: Session, **overrides: Any) -> DemandStatistic:
    """A published SEN2 figure; by default Barnet's EHC plans for all needs in 2024/25."""
    values: dict[str, Any] = {
        "dataset": "sen2_all_plans",
        "period": "202425",
        "period_label": "2024/25",
        "geographic_level": "local_authority",
        "area_code": "E09000003",
        "area_name": "Barnet",
        "measure": "ehc_plans",
        "need_code": "ALL",
        "breakdown_topic": "total",
        "breakdown": "total",
        "value": Decimal("100"),
        "unit": "count",
        "symbol": None,
    }
    values.update(overrides)
    statistic = DemandStatistic(**values)
    session.add(statistic)
    session.flush()
    return statistic


def create_search(session: Session, **overrides: Any) -> SearchLog:
    """A search log row as the search layer writes it (privacy-safe words, district only)."""
    values: dict[str, Any] = {
        "channel": "web",
        "query_text": "",
        "need_codes": [],
        "min_age": None,
        "max_age": None,
        "filters": {},
        "postcode_district": None,
        "result_count": 0,
        "created_at": datetime(2026, 1, 10, 12, 0, tzinfo=UTC),
    }
    values.update(overrides)
    search = SearchLog(**values)
    session.add(search)
    session.flush()
    return search


def create_feedback(session: Session, **overrides: Any) -> Feedback:
    """A report as the public form stores it: not answered, not published."""
    values: dict[str, Any] = {
        "service_id": None,
        "category": "content",
        "message": "The opening times are out of date.",
        "status": "new",
        "published": False,
        "created_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    }
    values.update(overrides)
    feedback = Feedback(**values)
    session.add(feedback)
    session.flush()
    return feedback


def tag_priority(
    session: Session,
    service: Service,
    priority_id: str,
    *,
    reason: str | None = None,
    origin: str = "rule",
) -> PriorityTag:
    tag = PriorityTag(
        service=service,
        priority_id=priority_id,
        reason=reason or f"{priority_id}: tagged in a test",
        origin=origin,
    )
    session.add(tag)
    session.flush()
    return tag
