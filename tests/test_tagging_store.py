"""``tag_services``: rule tags recomputed, import and editor tags kept, needs inferred only when
the source gave none, nothing written when nothing changed, and a fixed number of queries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig, load_config
from directory.models import Attribute, PriorityTag, Service
from directory.settings import default_config_path
from directory.tagging import store
from directory.tagging.store import tag_services
from tests.factories import classify, create_location, create_service

LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def config() -> AuthorityConfig:
    return load_config(default_config_path())


def tags(session: Session, service: Service) -> dict[str, tuple[str, str]]:
    rows = session.execute(
        select(PriorityTag.priority_id, PriorityTag.reason, PriorityTag.origin).where(
            PriorityTag.service_id == service.id
        )
    )
    return {priority: (reason, origin) for priority, reason, origin in rows}


def attributes(session: Session, service: Service, vocabulary: str) -> dict[str, tuple[str, str]]:
    session.expire_all()
    return {
        a.taxonomy_term.code: (a.origin, a.value or "")
        for a in session.get_one(Service, service.id).attributes
        if a.link_type == vocabulary
    }


def short_breaks(session: Session, **overrides: object) -> Service:
    values: dict[str, object] = {
        "name": "Saturday short breaks club",
        "description_text": "Play and activities for autistic children, giving parents a break.",
        "minimum_age": 5,
        "maximum_age": 18,
        "last_modified": LONG_AGO,
        "locations": [create_location(session, postcode="N3 1AB")],
    }
    values.update(overrides)
    service = create_service(session, **values)
    classify(session, service, "service-type", "short_breaks")
    return service


def test_tags_inferred_needs_and_derived_sectors_are_stored(
    session: Session, config: AuthorityConfig
) -> None:
    service = short_breaks(session)

    report = tag_services(session, config, [service.id])

    assert tags(session, service) == {"P5": ("P5: service type short breaks, in Barnet", "rule")}
    assert attributes(session, service, "send-need") == {"ASD": ("inferred", "autistic")}
    assert attributes(session, service, "sector") == {
        "social_care": ("rule", "derived from the service types")
    }
    assert report.as_dict() == {
        "services": 1,
        "changed": 1,
        "priorities_added": 1,
        "priorities_removed": 0,
        "priorities_updated": 0,
        "needs_added": 1,
        "needs_removed": 0,
        "sectors_added": 1,
        "sectors_removed": 0,
    }
    assert session.get_one(Service, service.id).last_modified > LONG_AGO


def test_retagging_an_unchanged_service_writes_nothing(
    session: Session, config: AuthorityConfig
) -> None:
    service = short_breaks(session)
    tag_services(session, config, [service.id])
    stamped = session.get_one(Service, service.id).last_modified

    report = tag_services(session, config)

    assert report.changed == 0
    assert report.services >= 1
    session.expire_all()
    assert session.get_one(Service, service.id).last_modified == stamped


def test_import_and_editor_tags_are_kept_and_rule_tags_replaced(
    session: Session, config: AuthorityConfig
) -> None:
    service = short_breaks(session)
    for priority_id, reason, origin in [
        ("P5", "P5: agreed by panel", "editor"),
        ("P2", "P2: from the feed", "import"),
        ("P4", "P4: stale rule tag", "rule"),
    ]:
        session.add(
            PriorityTag(service=service, priority_id=priority_id, reason=reason, origin=origin)
        )
    session.flush()

    report = tag_services(session, config, [service.id])

    assert tags(session, service) == {
        "P5": ("P5: agreed by panel", "editor"),
        "P2": ("P2: from the feed", "import"),
    }
    assert (report.priorities_added, report.priorities_removed) == (0, 1)


def test_rule_tags_follow_the_record_when_it_changes(
    session: Session, config: AuthorityConfig
) -> None:
    service = short_breaks(session)
    tag_services(session, config, [service.id])
    service.description_text = "Play and activities for deaf children. Travel training for teens."
    service.minimum_age = 16
    session.flush()

    report = tag_services(session, config, [service.id])

    assert tags(session, service) == {
        "P5": ("P5: service type short breaks, in Barnet", "rule"),
        "P6": ('P6: mentions "travel training"', "rule"),
    }
    assert attributes(session, service, "send-need") == {"HI": ("inferred", "deaf")}
    assert (report.needs_added, report.needs_removed, report.priorities_added) == (1, 1, 1)


def test_needs_are_inferred_only_when_the_source_gave_none(
    session: Session, config: AuthorityConfig
) -> None:
    given = short_breaks(session)
    classify(session, given, "send-need", "SLCN", origin="import")
    editor = short_breaks(session)
    classify(session, editor, "send-need", "PD", origin="editor")

    tag_services(session, config, [given.id, editor.id])

    assert attributes(session, given, "send-need") == {"SLCN": ("import", "")}
    assert attributes(session, editor, "send-need") == {"PD": ("editor", "")}


def test_inferred_needs_go_when_an_import_brings_needs(
    session: Session, config: AuthorityConfig
) -> None:
    service = short_breaks(session)
    tag_services(session, config, [service.id])
    classify(session, service, "send-need", "SEMH", origin="import")
    classify(session, service, "sector", "voluntary", origin="import")

    report = tag_services(session, config, [service.id])

    assert attributes(session, service, "send-need") == {"SEMH": ("import", "")}
    assert attributes(session, service, "sector") == {"voluntary": ("import", "")}
    assert (report.needs_removed, report.sectors_removed) == (1, 1)


def test_out_of_borough_places_are_not_local(session: Session, config: AuthorityConfig) -> None:
    service = short_breaks(session, locations=[create_location(session, postcode="AL10 9AB")])

    tag_services(session, config, [service.id])

    assert tags(session, service) == {}


def test_only_the_given_services_are_tagged(session: Session, config: AuthorityConfig) -> None:
    tagged, untouched = short_breaks(session), short_breaks(session)

    report = tag_services(session, config, [tagged.id, uuid.uuid4()])

    assert report.services == 1
    assert tags(session, tagged) and not tags(session, untouched)


def test_loaded_objects_show_the_new_tags(session: Session, config: AuthorityConfig) -> None:
    service = short_breaks(session)
    assert service.priority_tags == []

    tag_services(session, config, [service.id])

    assert [t.priority_id for t in service.priority_tags] == ["P5"]
    assert {a.taxonomy_term.code for a in service.attributes if a.origin == "inferred"} == {"ASD"}


def test_queries_do_not_grow_with_the_number_of_services(
    session: Session,
    connection: Connection,
    config: AuthorityConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store, "BATCH_SIZE", 100)
    few = [short_breaks(session).id for _ in range(3)]
    many = [short_breaks(session).id for _ in range(60)]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(connection, "before_cursor_execute", count)
    try:
        tag_services(session, config, few)
        for_few = len(statements)
        statements.clear()
        tag_services(session, config, many)
        for_many = len(statements)
    finally:
        event.remove(connection, "before_cursor_execute", count)

    assert for_many == for_few


def test_batches_cover_every_service(
    session: Session, config: AuthorityConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "BATCH_SIZE", 2)
    services = [short_breaks(session) for _ in range(5)]
    seen: list[int] = []

    report = tag_services(session, config, [s.id for s in services], progress=seen.append)

    assert seen == [2, 2, 1]
    assert report.priorities_added == 5
    inferred = session.scalars(
        select(Attribute.id).where(
            Attribute.origin == "inferred", Attribute.link_id.in_([s.id for s in services])
        )
    ).all()
    assert len(inferred) == 5
