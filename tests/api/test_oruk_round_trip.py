"""Our ``oruk`` importer, reading our own ``/oruk`` feed (served in-process, followed page by
page), reproduces every demo service: what a second installation of the product would load."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.cli.importing import post_load_steps
from directory.importers.pipeline import ImportRequest, run_import
from directory.importers.text import sanitise_html
from directory.models import Location, Provenance, Service, ServiceAtLocation
from tests.api.conftest import Demo

FEED = "http://testserver/oruk/services?full=true&per_page=200"


@pytest.fixture
def session(demo: Demo) -> Iterator[Session]:
    """A session whose writes are rolled back, so the module's demo stays as it was."""
    with demo.sessions() as session:
        yield session
        session.rollback()


def _services(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Service]:
    place = selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
    rows = session.scalars(
        select(Service)
        .where(Service.id.in_(ids))
        .options(
            place.selectinload(Location.addresses),
            place.selectinload(Location.attributes),
            place.selectinload(Location.accessibility),
            selectinload(Service.attributes),
            selectinload(Service.schedules),
            selectinload(Service.phones),
            selectinload(Service.contacts),
            selectinload(Service.cost_options),
            selectinload(Service.languages),
            selectinload(Service.service_areas),
            selectinload(Service.priority_tags),
        )
    )
    return {s.id: s for s in rows}


def projection(service: Service) -> dict[str, Any]:
    """Everything a family or an aggregator sees of a service, without row ids."""
    organization = service.organization
    return {
        "service": {
            column: getattr(service, column)
            for column in (
                "name",
                "alternate_name",
                "url",
                "email",
                "status",
                "fees_description",
                "eligibility_description",
                "minimum_age",
                "maximum_age",
                "assured_date",
                "assurer_email",
                "alert",
                "ehcp_required",
                "cost_state",
                "area_served",
            )
        },
        # The provider spreadsheet keeps plain text where ORUK has HTML: compare what is shown.
        "description": sanitise_html(service.description),
        # Importers differ in how many newlines separate paragraphs of the plain text.
        "description_text": " ".join(service.description_text.split()),
        "extra": service.extra,
        "organization": (
            organization.name,
            # HSDS requires a description: the feed sends the name when a source gave none.
            organization.description or organization.name,
            organization.email,
            organization.website,
            organization.organization_type,
            organization.legal_status,
        ),
        "terms": sorted((a.link_type, a.taxonomy_term.code) for a in service.attributes),
        "schedules": sorted(
            (s.freq, s.byday, s.opens_at, s.closes_at, s.description or "")
            for s in service.schedules
        ),
        "priorities": sorted((t.priority_id, t.reason) for t in service.priority_tags),
        "phones": sorted(p.number for p in service.phones),
        "contacts": sorted((c.name or "", c.title or "", c.email or "") for c in service.contacts),
        "costs": sorted(
            (c.option or "", str(c.amount), c.amount_description or "")
            for c in service.cost_options
        ),
        "languages": sorted(lang.name or "" for lang in service.languages),
        "areas": sorted(a.name or "" for a in service.service_areas),
        "places": sorted(
            (
                link.location.name or "",
                link.location.location_type,
                link.location.postcode or "",
                round(link.location.latitude or 0, 5),
                round(link.location.longitude or 0, 5),
                tuple(sorted(a.taxonomy_term.code for a in link.location.attributes)),
                tuple(sorted(a.description or "" for a in link.location.accessibility)),
                tuple(
                    sorted((a.address_1, a.city, a.postal_code) for a in link.location.addresses)
                ),
            )
            for link in service.service_at_locations
        ),
    }


def test_importing_our_own_feed_reproduces_every_service(demo: Demo, session: Session) -> None:
    report = run_import(
        session,
        ImportRequest("oruk", FEED, source="round-trip", home_districts=("N3",)),
        client=demo.client,
        post_load=post_load_steps(demo.settings),  # tagging, as `local-offer import` does
    )
    assert report.exit_code == 0, report.lines()
    assert report.counts["created"] == demo.published
    pairs = dict(
        session.execute(
            select(Provenance.source_id, Provenance.entity_id).where(
                Provenance.source == "round-trip", Provenance.entity_type == "service"
            )
        ).all()
    )
    originals = _services(session, [uuid.UUID(s) for s in pairs])
    copies = _services(session, list(pairs.values()))
    assert len(originals) == len(copies) == demo.published
    for source_id, copy_id in pairs.items():
        original = originals[uuid.UUID(source_id)]
        assert projection(copies[copy_id]) == projection(original), _diff(
            projection(copies[copy_id]), projection(original)
        )


def _diff(copy: dict[str, Any], original: dict[str, Any]) -> list[str]:
    """The differing parts, short enough to read in a failure message."""
    found = []
    for key in copy:
        if copy[key] == original[key]:
            continue
        if isinstance(copy[key], dict):
            found += [
                f"{key}.{k}: {copy[key][k]!r:.200} != {original[key][k]!r:.200}"
                for k in copy[key]
                if copy[key][k] != original[key].get(k)
            ]
        else:
            found.append(f"{key}: {copy[key]!r:.300} != {original[key]!r:.300}")
    return found
