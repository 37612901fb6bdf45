"""Helpers for importer tests: realistic ORUK 3.0 services, running imports, and snapshots of
the whole database to prove that a refused file changed nothing."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.pipeline import ImportRequest, PostLoad, run_import
from directory.importers.report import ImportReport
from directory.models import Base, ImportRun
from directory.vocab import taxonomy_id, term_id
from tests.conftest import SHARED_DATA

FEEDS = SHARED_DATA / "oruk-feeds"
CODEPOINT = SHARED_DATA / "geography" / "codepoint_open_barnet_districts.csv"
BARNET_DISTRICTS = ("EN4", "EN5", "HA8", "N2", "N3", "N11", "N12", "N14", "N20", "NW2", "NW4",
                    "NW7", "NW9", "NW11")  # fmt: skip


def attribute(vocabulary: str, code: str, *, by_id: bool = True) -> dict[str, Any]:
    """An ORUK attribute as docs/oruk-profile.md describes (by stable id, or vocabulary+code)."""
    term: dict[str, Any] = {"code": code, "name": code, "description": code, "taxonomy": vocabulary}
    if by_id:
        term |= {"id": str(term_id(vocabulary, code)), "taxonomy_id": str(taxonomy_id(vocabulary))}
    return {
        "id": str(uuid.uuid4()),
        "link_type": vocabulary,
        "link_entity": "service",
        "taxonomy_term_id": term.get("id"),
        "taxonomy_term": term,
    }


def oruk_service(**overrides: Any) -> dict[str, Any]:
    """A fully nested ORUK 3.0 service in the demo's shape; override any top-level key."""
    service_id = overrides.pop("id", str(uuid.uuid4()))
    service: dict[str, Any] = {
        "id": service_id,
        "name": "Speech and language therapy drop-in",
        "description": "<p>Advice for parents worried about their child's <b>talking</b>.</p>",
        "status": "active",
        "url": "https://www.example.org.uk/salt",
        "email": "salt@example.nhs.uk",
        "minimum_age": 0,
        "maximum_age": 5,
        "assured_date": "2025-09-01",
        "organization": {
            "id": "6f0c3a52-5d1b-4f44-9d1e-2d6f8d1a1b01",
            "name": "Barnet Children's Therapies",
            "description": "NHS children's therapy services in Barnet.",
            "organization_identifiers": [
                {
                    "id": str(uuid.uuid4()),
                    "identifier_scheme": "GB-NHS",
                    "identifier_type": "ODS code",
                    "identifier": "RAL",
                }
            ],
        },
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": "0d5c1e0e-3f1b-4a55-8f66-6a3b8c9d0e01",
                    "location_type": "physical",
                    "name": "Church End Library",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "24 Hendon Lane",
                            "city": "London",
                            "state_province": "Greater London",
                            "postal_code": "n31tr",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {"id": str(uuid.uuid4()), "description": "Step-free entrance"}
                    ],
                    "attributes": [attribute("accessibility-feature", "wheelchair", by_id=False)],
                },
                "schedules": [
                    {
                        "id": str(uuid.uuid4()),
                        "freq": "WEEKLY",
                        "byday": "TU",
                        "opens_at": "10:00:00",
                        "closes_at": "11:30:00",
                    }
                ],
            }
        ],
        "contacts": [
            {
                "id": str(uuid.uuid4()),
                "name": "Duty therapist",
                "phones": [{"id": str(uuid.uuid4()), "number": "020 7946 0001"}],
            }
        ],
        "cost_options": [{"id": str(uuid.uuid4()), "amount": 0, "option": "Everyone"}],
        "attributes": [
            attribute("send-need", "SLCN"),
            attribute("sector", "health"),
            attribute("service-type", "speech_language_therapy", by_id=False),
            attribute("referral-route", "self"),
            attribute("delivery-method", "in_person"),
        ],
        "local_offer": {
            "ehcp_required": False,
            "cost_state": "free",
            "priorities": [
                {"id": "P1", "reason": "P1: early identification", "origin": "import"},
                {"id": "P5", "reason": "rule", "origin": "rule"},
            ],
        },
        "pc_vendorField": {"kept": True},
    }
    service.update(copy.deepcopy(overrides))
    return service


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def do_import(
    session: Session,
    format_name: str,
    location: Path | str,
    *,
    post_load: PostLoad | None = None,
    client: Any = None,
    **options: Any,
) -> ImportReport:
    request = ImportRequest(
        format=format_name, location=str(location), home_districts=BARNET_DISTRICTS, **options
    )
    return run_import(session, request, post_load=post_load, client=client)


def refused(
    session: Session, path: Path | str, format_name: str = "oruk", **kw: Any
) -> ImportReport:
    """Import ``path`` as source "feed" and check that it changed no data at all."""
    before = snapshot(session)
    report = do_import(session, format_name, path, source="feed", **kw)
    assert snapshot(session) == before
    assert report.exit_code == 2, report.lines()
    run = session.scalars(select(ImportRun).order_by(ImportRun.started_at.desc())).first()
    assert run is not None and run.status == "failed" and run.message == report.summary()
    return report


def load_postcodes(session: Session, tmp_path: Path, *districts: str) -> None:
    """A slice of the real Code-Point Open extract (the named districts) into the database."""
    wanted = tuple(d + " " for d in districts)
    lines = [line for line in CODEPOINT.read_text().splitlines() if line.startswith(wanted)]
    path = tmp_path / "codepoint_slice.csv"
    path.write_text("\n".join(lines) + "\n")
    report = do_import(session, "postcodes", path, source="test-postcodes")
    assert report.exit_code == 0, report.lines()


# When an unchanged record was last seen, and by which run, is the import log's bookkeeping.
_BOOKKEEPING = {"provenance": {"last_seen", "import_run_id"}}


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table except the import log, in a stable order."""
    session.flush()
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "import_run":
            continue
        skip = _BOOKKEEPING.get(table.name, set())
        columns = [c for c in table.columns if c.name not in skip]
        rows = session.execute(select(*columns)).all()
        tables[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return tables
