"""Bad input, one hand-made file per case: a clear message naming where, and the database
exactly as it was before (every table compared, except the import log that records the refusal).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.sources import make_client
from directory.models import Service
from tests.import_helpers import do_import, oruk_service, refused, snapshot, write_json
from tests.test_import_oruk import paged_feed


@pytest.fixture
def existing(session: Session, tmp_path: Path) -> dict[str, Any]:
    """A database that already holds a service of the same source, so "unchanged" means it."""
    raw = oruk_service(name="Already here")
    report = do_import(session, "oruk", write_json(tmp_path / "before.json", [raw]), source="feed")
    assert report.exit_code == 0
    return raw


def test_wrong_encoding_json(session: Session, tmp_path: Path, existing: dict[str, Any]) -> None:
    path = tmp_path / "cp1252.json"
    path.write_bytes(
        json.dumps([oruk_service(name="Caf\u00e9 club")], ensure_ascii=False).encode("cp1252")
    )

    report = refused(session, path)

    assert report.failure is not None
    assert report.failure.startswith("cp1252.json: is not UTF-8 text (byte 0xe9 at offset")
    assert "Save it as UTF-8" in report.failure


def test_empty_file(session: Session, tmp_path: Path, existing: dict[str, Any]) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"  \n")

    assert refused(session, path).failure == "empty.json: the file is empty"


def test_empty_array_withdraws_nothing(
    session: Session, tmp_path: Path, existing: dict[str, Any]
) -> None:
    report = refused(session, write_json(tmp_path / "none.json", []))

    assert report.failure == "none.json: contains no services, so nothing was loaded"


def test_truncated_json(session: Session, tmp_path: Path, existing: dict[str, Any]) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps([existing, oruk_service()])[:-200], encoding="utf-8")

    report = refused(session, path)

    assert report.failure is not None
    assert report.failure.startswith("cut.json: the JSON ends too early (line 1, column")
    assert "truncated" in report.failure


def test_page_envelope_with_a_broken_page_3(session: Session, existing: dict[str, Any]) -> None:
    pages = [[oruk_service()] for _ in range(4)]
    with make_client(paged_feed(pages, broken=3)) as client:
        report = refused(session, "https://feed.example/services", client=client)

    assert report.failure == (
        "https://feed.example/services (page 3 of 4): the server answered 500 Internal Server Error"
    )


def test_page_3_that_is_not_json(session: Session, existing: dict[str, Any]) -> None:
    good = paged_feed([[oruk_service()] for _ in range(3)])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == "3":
            return httpx.Response(200, text='{"contents": [{"id": "a"')
        return good.handle_request(request)

    with make_client(httpx.MockTransport(handler)) as client:
        report = refused(session, "https://feed.example/services", client=client)

    assert report.failure is not None
    assert report.failure.startswith("https://feed.example/services (page 3 of 3): the JSON ends")


def test_duplicate_ids(session: Session, tmp_path: Path, existing: dict[str, Any]) -> None:
    twin = oruk_service(id=existing["id"], name="Another name, same id")
    path = write_json(tmp_path / "dup.json", [existing, twin])
    before = snapshot(session)

    loaded = do_import(session, "oruk", path, source="feed")

    assert snapshot(session) == before, "the first is unchanged and the duplicate is refused"
    assert loaded.exit_code == 1
    [problem] = [p for p in loaded.problems if p.severity == "rejected"]
    assert problem.where == f"dup.json record 2 (id {existing['id']})"
    assert problem.reason == (
        f"duplicate id: dup.json record 1 (id {existing['id']}) has the same id; only the first "
        "is loaded"
    )


def test_missing_required_fields(
    session: Session, tmp_path: Path, existing: dict[str, Any]
) -> None:
    no_name = oruk_service(name="")
    no_org = oruk_service()
    del no_org["organization"]
    no_id = oruk_service()
    del no_id["id"]

    report = refused(session, write_json(tmp_path / "missing.json", [no_name, no_org, no_id]))

    assert [(p.where.split(" (")[0], p.field, p.reason) for p in report.problems] == [
        ("missing.json record 1", "name", "name is required and is missing"),
        (
            "missing.json record 2",
            "organization",
            "organization is missing: every service needs a provider",
        ),
        ("missing.json record 3", "id", "id is required and is missing"),
    ]
    assert report.failure is not None and report.failure.startswith("all 3 records in ")


def test_invalid_postcode(session: Session, tmp_path: Path, existing: dict[str, Any]) -> None:
    raw = oruk_service()
    raw["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "NW4 ABC"

    [problem] = refused(session, write_json(tmp_path / "pc.json", raw)).problems

    assert problem.field == "service_at_locations[0].location.addresses[0].postal_code"
    assert (problem.value, problem.reason) == ("NW4 ABC", "'NW4 ABC' is not a valid UK postcode")


def test_minimum_age_above_maximum(
    session: Session, tmp_path: Path, existing: dict[str, Any]
) -> None:
    [problem] = refused(
        session, write_json(tmp_path / "ages.json", oruk_service(minimum_age=16, maximum_age=5))
    ).problems

    assert (problem.field, problem.reason) == (
        "minimum_age",
        "minimum age 16 is above maximum age 5",
    )


def test_script_and_event_handlers_are_removed_and_reported(
    session: Session, tmp_path: Path
) -> None:
    raw = oruk_service(
        description=(
            '<p onclick="steal()">Play sessions<script>alert(document.cookie)</script></p>'
            '<a href="javascript:alert(1)">more</a><img src=x onerror="alert(2)">'
        )
    )

    report = do_import(session, "oruk", write_json(tmp_path / "xss.json", raw))

    assert report.exit_code == 0
    stored = session.scalars(select(Service)).one()
    assert (
        stored.description == '<p>Play sessions</p><a rel="noopener noreferrer nofollow">more</a>'
    )
    assert stored.description_text == "Play sessions\nmore"
    [warning] = [p for p in report.problems if p.field == "description"]
    assert warning.severity == "warning" and warning.field == "description"
    assert "scripts or event handlers, which were removed" in warning.reason


def test_five_megabyte_description(
    session: Session, tmp_path: Path, existing: dict[str, Any]
) -> None:
    huge = oruk_service(description="<p>" + "x" * 5_000_000 + "</p>")

    [problem] = refused(session, write_json(tmp_path / "huge.json", huge)).problems

    assert problem.field == "description"
    assert problem.reason == "description is 5,000,007 characters long; the limit is 200,000"
    assert problem.value is not None and len(problem.value) < 120


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (
            {"status": "open"},
            "status",
            "'open' is not a known status (one of: active, inactive, defunct, temporarily closed)",
        ),
        (
            {"local_offer": {"cost_state": "cheap"}},
            "local_offer.cost_state",
            "'cheap' is not a known cost state (one of: free, some_free, paid, unknown)",
        ),
    ],
)
def test_unknown_enum_values(
    session: Session,
    tmp_path: Path,
    existing: dict[str, Any],
    change: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    [problem] = refused(
        session, write_json(tmp_path / "enum.json", oruk_service(**change))
    ).problems

    assert (problem.field, problem.reason) == (field, reason)


def test_unknown_need_code_in_our_vocabulary(
    session: Session, tmp_path: Path, existing: dict[str, Any]
) -> None:
    raw = oruk_service()
    raw["attributes"] = [
        {"link_type": "send-need", "taxonomy_term": {"code": "XYZ", "taxonomy": "send-need"}}
    ]

    [problem] = refused(session, write_json(tmp_path / "need.json", raw)).problems

    assert problem.field == "attributes[0].taxonomy_term.code"
    assert problem.reason.startswith("'XYZ' is not a known send need (one of: SLCN, ASD,")


def test_unknown_location_type(session: Session, tmp_path: Path, existing: dict[str, Any]) -> None:
    raw = oruk_service()
    raw["service_at_locations"][0]["location"]["location_type"] = "building"

    [problem] = refused(session, write_json(tmp_path / "loc.json", raw)).problems

    assert problem.field == "service_at_locations[0].location.location_type"
    assert (
        problem.reason
        == "'building' is not a known location type (one of: physical, postal, virtual)"
    )


def test_a_rejected_record_keeps_its_previous_version(
    session: Session, tmp_path: Path, existing: dict[str, Any]
) -> None:
    """A mistake in an update must not withdraw the good version already published."""
    broken = dict(existing, minimum_age=20, maximum_age=3)
    other = oruk_service(name="New one")

    report = do_import(
        session, "oruk", write_json(tmp_path / "update.json", [broken, other]), source="feed"
    )

    assert (report.counts["created"], report.counts["withdrawn"], report.exit_code) == (1, 0, 1)
    names = {s.name: s.status for s in session.scalars(select(Service))}
    assert names == {"Already here": "active", "New one": "active"}
