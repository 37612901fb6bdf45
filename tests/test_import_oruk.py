"""The ``oruk`` importer end to end: real v1 feeds, our ORUK 3.0 profile, pages over HTTP,
idempotence, updates, withdrawal and restoration."""

from __future__ import annotations

import collections
import json
import uuid
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.importers.sources import make_client
from directory.models import (
    Attribute,
    ImportRun,
    Location,
    Organization,
    OrganizationIdentifier,
    PriorityTag,
    Provenance,
    Schedule,
    Service,
    TaxonomyTerm,
)
from tests.import_helpers import FEEDS, do_import, load_postcodes, oruk_service, write_json


def service_terms(session: Session, service: Service) -> set[tuple[str | None, str]]:
    rows = session.execute(
        select(Attribute.link_type, TaxonomyTerm.code)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_id == service.id)
    )
    return {(link_type, code) for link_type, code in rows}


@pytest.mark.parametrize(
    ("feed", "total", "loaded"),
    [
        ("bristol_services_v1_2024-12.json", 819, 811),
        ("northlincs_services_v1_2024-12.json", 738, 738),
    ],
)
def test_real_v1_feeds_load_every_service_or_say_why_and_reimport_changes_nothing(
    session: Session, feed: str, total: int, loaded: int
) -> None:
    first = do_import(session, "oruk", FEEDS / feed, source=feed)

    rejected = [p for p in first.problems if p.severity == "rejected"]
    assert first.counts["created"] == loaded
    assert first.counts["created"] + len(rejected) == total
    assert first.exit_code == (1 if rejected else 0)
    assert all(p.reason and p.where.startswith(f"{feed} record ") for p in rejected)
    stored = session.scalar(
        select(func.count())
        .select_from(Provenance)
        .where(Provenance.source == feed, Provenance.entity_type == "service")
    )
    assert stored == loaded

    second = do_import(session, "oruk", FEEDS / feed, source=feed)

    assert second.counts["unchanged"] == loaded
    assert second.counts["created"] == second.counts["updated"] == second.counts["withdrawn"] == 0
    assert second.service_ids == []


def test_bristol_rejections_name_the_record_and_the_reason(session: Session) -> None:
    report = do_import(session, "oruk", FEEDS / "bristol_services_v1_2024-12.json")

    reasons = collections.Counter(
        p.reason.split(":")[0] for p in report.problems if p.severity == "rejected"
    )
    assert reasons == {
        "organization is missing": 6,
        "name is required and is missing": 1,
        "duplicate id": 1,
    }
    duplicate = next(p for p in report.problems if p.reason.startswith("duplicate id"))
    assert duplicate.where == (
        "bristol_services_v1_2024-12.json record 811 (id 2af617e5-4532-bebe-1036-ffdf2e93ce55)"
    )
    assert "record 374" in duplicate.reason
    run = session.scalars(select(ImportRun)).one()
    assert run.status == "loaded_with_rejections"
    assert run.counts["rejected"] == 8
    assert {"location", "field", "value", "reason", "severity"} <= set(run.problems[0])


def test_v1_html_entities_vendor_fields_and_enum_variants(session: Session) -> None:
    report = do_import(session, "oruk", FEEDS / "northlincs_services_v1_2024-12.json")
    assert report.exit_code == 0

    wawy = session.scalars(select(Service).where(Service.name == '"We are with You" WAWY')).one()
    assert "Drug & Alcohol Addiction?" in wawy.description_text
    assert "&amp;" in wawy.description and "<p>" in wawy.description
    assert wawy.extra is not None and wawy.extra["pc_metadata"]["date_modified"] == "2024-12-10"
    assert wawy.organization.name == "Victor House"
    venue = session.scalars(select(Service).where(Service.extra.is_not(None))).all()
    attending = [s for s in venue if (s.extra or {}).get("attending_type") == "Venue"]
    assert attending, "the feed has services attended at a venue"
    assert ("delivery-method", "in_person") in service_terms(session, attending[0])
    self_referral = [s for s in venue if (s.extra or {}).get("attending_access") == "Self referral"]
    assert ("referral-route", "self") in service_terms(session, self_referral[0])


def test_oruk_3_service_in_our_profile_loads_every_part(session: Session, tmp_path: Path) -> None:
    load_postcodes(session, tmp_path, "N3")
    raw = oruk_service()
    report = do_import(session, "oruk", write_json(tmp_path / "one.json", raw), source="t")

    assert report.exit_code == 0, report.lines()
    service = session.get(Service, uuid.UUID(raw["id"]))
    assert service is not None, "the publisher's UUID is kept as our id"
    assert (service.name, service.minimum_age, service.maximum_age) == (
        "Speech and language therapy drop-in",
        Decimal("0.00"),
        Decimal("5.00"),
    )
    assert (service.cost_state, service.ehcp_required, service.area_served) == (
        "free",
        False,
        "in_borough",
    )
    assert service.description_text == "Advice for parents worried about their child's talking."
    assert service_terms(session, service) == {
        ("send-need", "SLCN"),
        ("sector", "health"),
        ("service-type", "speech_language_therapy"),
        ("referral-route", "self"),
        ("delivery-method", "in_person"),
    }
    assert service.extra == {"pc_vendorField": {"kept": True}}
    [tag] = session.scalars(select(PriorityTag).where(PriorityTag.service_id == service.id))
    assert (tag.priority_id, tag.origin) == ("P1", "import"), "rule tags are recomputed, not kept"
    [location] = [sal.location for sal in service.service_at_locations]
    assert (location.postcode, location.coordinates_precision) == ("N3 1TR", "unit")
    assert location.latitude == pytest.approx(51.6, abs=0.01)
    assert [a.description for a in location.accessibility] == ["Step-free entrance"]
    [schedule] = session.scalars(select(Schedule))
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TU", "10:00", "11:30")
    assert [p.number for c in service.contacts for p in c.phones] == ["020 7946 0001"]
    identifier = session.scalars(select(OrganizationIdentifier)).one()
    assert (identifier.identifier_scheme, identifier.identifier) == ("GB-NHS", "RAL")


def test_postcode_outside_the_tables_falls_back_to_the_district_centroid(
    session: Session, tmp_path: Path
) -> None:
    do_import(session, "postcodes", "bundled")
    location = oruk_service()["service_at_locations"][0]
    location["location"]["addresses"][0]["postal_code"] = "NW4 9ZZ"  # well formed, not issued
    raw = oruk_service(service_at_locations=[location])

    report = do_import(session, "oruk", write_json(tmp_path / "s.json", raw))

    assert report.exit_code == 0
    stored = session.scalars(select(Location)).one()
    assert (stored.postcode, stored.coordinates_precision) == ("NW4 9ZZ", "district")
    assert (stored.latitude, stored.longitude) == pytest.approx((51.5874, -0.223761), abs=1e-4)


def test_changed_record_is_updated_missing_one_withdrawn_and_restored_when_back(
    session: Session, tmp_path: Path
) -> None:
    a, b = oruk_service(name="Service A"), oruk_service(name="Service B")
    path = tmp_path / "feed.json"
    do_import(session, "oruk", write_json(path, [a, b]), source="feed")
    service_a = session.get(Service, uuid.UUID(a["id"]))
    assert service_a is not None
    first_modified = service_a.last_modified

    changed = dict(a, name="Service A, renamed")
    report = do_import(session, "oruk", write_json(path, [changed]), source="feed")

    assert (report.counts["updated"], report.counts["withdrawn"]) == (1, 1)
    session.expire_all()
    service_a, service_b = (
        session.get(Service, uuid.UUID(a["id"])),
        session.get(Service, uuid.UUID(b["id"])),
    )
    assert service_a is not None and service_b is not None
    assert service_a.name == "Service A, renamed" and service_a.last_modified > first_modified
    assert service_b.status == "inactive", "withdrawn, never deleted"
    provenance = session.scalars(
        select(Provenance).where(Provenance.entity_id == service_b.id)
    ).one()
    assert provenance.withdrawn_at is not None
    assert len(service_terms(session, service_a)) == 5, "children replaced, not duplicated"

    back = do_import(session, "oruk", write_json(path, [changed, b]), source="feed")

    assert (back.counts["restored"], back.counts["unchanged"]) == (1, 1)
    session.expire_all()
    assert session.get(Service, uuid.UUID(b["id"])).status == "active"  # type: ignore[union-attr]
    assert session.get(Provenance, provenance.id).withdrawn_at is None  # type: ignore[union-attr]
    assert set(back.service_ids) == {uuid.UUID(b["id"])}


def test_editor_attributes_survive_a_reimport(session: Session, tmp_path: Path) -> None:
    raw = oruk_service()
    path = write_json(tmp_path / "s.json", raw)
    do_import(session, "oruk", path, source="s")
    service = session.get(Service, uuid.UUID(raw["id"]))
    assert service is not None
    session.add(
        Attribute(
            link_entity="service",
            link_id=service.id,
            link_type="send-need",
            taxonomy_term_id=session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code == "ASD"))
            .one()
            .id,
            origin="editor",
        )
    )
    session.flush()

    report = do_import(session, "oruk", write_json(path, dict(raw, name="Renamed")), source="s")

    assert report.counts["updated"] == 1
    assert ("send-need", "ASD") in service_terms(session, service)
    assert ("send-need", "SLCN") in service_terms(session, service)


def test_same_publisher_id_in_two_sources_makes_two_services(
    session: Session, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "s.json", oruk_service())
    do_import(session, "oruk", path, source="one")
    do_import(session, "oruk", path, source="two")

    assert session.scalar(select(func.count()).select_from(Service)) == 2
    assert session.scalar(select(func.count()).select_from(Organization)) == 2


def test_post_load_step_receives_created_and_updated_services(
    session: Session, tmp_path: Path
) -> None:
    seen: list[list[uuid.UUID]] = []
    raw = oruk_service()
    path = write_json(tmp_path / "s.json", raw)

    do_import(session, "oruk", path, post_load=lambda s, ids: seen.append(list(ids)))
    do_import(session, "oruk", path, post_load=lambda s, ids: seen.append(list(ids)))

    assert seen == [[uuid.UUID(raw["id"])]], "an unchanged import has nothing to tag"


def test_dry_run_counts_but_writes_nothing(session: Session, tmp_path: Path) -> None:
    report = do_import(session, "oruk", FEEDS / "northlincs_services_v1_2024-12.json", dry_run=True)

    assert report.counts["created"] == 738
    assert report.summary().startswith("would load")
    assert session.scalar(select(func.count()).select_from(Service)) == 0
    assert session.scalar(select(func.count()).select_from(ImportRun)) == 0


@pytest.mark.parametrize("shape", ["single", "array", "ndjson", "page"])
def test_every_json_shape_is_accepted(session: Session, tmp_path: Path, shape: str) -> None:
    services = [oruk_service(name=f"Service {n}") for n in range(3)]
    body = {
        "single": json.dumps(services[0]),
        "array": json.dumps(services),
        "ndjson": "\n".join(json.dumps(s) for s in services) + "\n",
        "page": json.dumps(
            {
                "total_items": 3,
                "total_pages": 1,
                "page_number": 1,
                "size": 3,
                "first_page": True,
                "last_page": True,
                "empty": False,
                "contents": services,
            }
        ),
    }[shape]
    path = tmp_path / "feed.json"
    path.write_text(body, encoding="utf-8")

    report = do_import(session, "oruk", path)

    assert report.counts["created"] == (1 if shape == "single" else 3)


def paged_feed(
    pages: list[list[dict[str, object]]], broken: int | None = None
) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        if number == broken:
            return httpx.Response(500, text="Internal Server Error")
        contents = pages[number - 1]
        return httpx.Response(
            200,
            json={
                "total_items": sum(len(p) for p in pages),
                "total_pages": len(pages),
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": number == len(pages),
                "empty": False,
                "contents": contents,
            },
        )

    return httpx.MockTransport(handler)


def test_a_url_is_followed_page_by_page(session: Session) -> None:
    pages = [[oruk_service(name=f"S{p}{n}") for n in range(2)] for p in range(4)]
    with make_client(paged_feed(pages)) as client:
        report = do_import(
            session, "oruk", "https://feed.example/api/services?per_page=2", client=client
        )

    assert report.counts["created"] == 8
    assert report.source == "feed.example/api/services"
