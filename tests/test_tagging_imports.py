"""Imports tag what they load, and what a source says replaces what the engine inferred."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.cli.importing import post_load_steps
from directory.models import Attribute, PriorityTag, TaxonomyTerm
from directory.settings import Settings
from tests.import_helpers import attribute, do_import, oruk_service, write_json


def stored(session: Session, service_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """({need code: origin}, {priority: 'origin: reason'}) as stored for a service."""
    needs = session.execute(
        select(TaxonomyTerm.code, Attribute.origin)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_id == uuid.UUID(service_id), Attribute.link_type == "send-need")
    )
    tags = session.execute(
        select(PriorityTag.priority_id, PriorityTag.origin, PriorityTag.reason).where(
            PriorityTag.service_id == uuid.UUID(service_id)
        )
    )
    return dict(needs.all()), {p: f"{o}: {r}" for p, o, r in tags}


def short_breaks(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Saturday club",
        "description": "<p>Play and activities for autistic children on Saturdays.</p>",
        "attributes": [attribute("service-type", "short_breaks")],
        "local_offer": {"cost_state": "free"},
    }
    return oruk_service(**(values | overrides))


def test_an_import_tags_the_services_it_loads(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    raw = short_breaks()

    do_import(
        session,
        "oruk",
        write_json(tmp_path / "s.json", [raw]),
        source="s",
        post_load=post_load_steps(settings),
    )

    assert stored(session, raw["id"]) == (  # type: ignore[arg-type]
        {"ASD": "inferred"},
        {"P5": "rule: P5: service type short breaks, in Barnet"},
    )


def test_what_a_source_says_replaces_what_the_engine_inferred(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "s.json"
    first = short_breaks()
    tag = post_load_steps(settings)
    do_import(session, "oruk", write_json(path, [first]), source="s", post_load=tag)
    again = short_breaks(
        id=first["id"],
        attributes=[attribute("service-type", "short_breaks"), attribute("send-need", "ASD")],
        local_offer={
            "cost_state": "free",
            "priorities": [
                {"id": "P5", "reason": "P5: in the short breaks statement", "origin": "import"}
            ],
        },
    )

    report = do_import(session, "oruk", write_json(path, [again]), source="s", post_load=tag)

    assert report.counts["updated"] == 1
    assert stored(session, first["id"]) == (  # type: ignore[arg-type]
        {"ASD": "import"},
        {"P5": "import: P5: in the short breaks statement"},
    )
