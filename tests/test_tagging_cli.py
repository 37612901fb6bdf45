"""``local-offer tag-preview`` on ORUK 3.0 files, and ``local-offer tag`` on a database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from sqlalchemy import select

from directory.cli import main
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.models import PriorityTag
from tests.conftest import SHARED
from tests.factories import classify, create_location, create_service

DATA = Path(__file__).parent / "data"
SERVICE_FULL = SHARED / "standards" / "oruk-3.0" / "examples" / "service_full.json"
OWN_FILE = DATA / "tag_preview_services.json"
COMMUNITY_COUNSELLING = {
    "id": "ac148810-d857-441c-9679-408f346de14b",
    "priorities": [],
    "needs": [{"code": "SEMH", "inferred": True}],
    "sectors": [],
    "phases": ["secondary", "post_16", "post_19"],
}


def preview(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["tag-preview", *args], input=stdin, env=env)


def lines(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_oruk_example_service(tmp_path: Path) -> None:
    wrapped = tmp_path / "services.json"
    wrapped.write_text(json.dumps([json.loads(SERVICE_FULL.read_text())]), encoding="utf-8")

    assert lines(preview(str(SERVICE_FULL))) == [COMMUNITY_COUNSELLING]
    assert lines(preview(str(wrapped))) == [COMMUNITY_COUNSELLING]


def test_our_own_file_maps_attributes_places_and_kept_priorities() -> None:
    result = preview(str(OWN_FILE))

    assert lines(result) == [
        {
            "id": "0b6f4f0e-5a0b-4c51-9a52-2f7c1c7a0001",
            "priorities": [
                {"id": "P2", "reason": "P2: designed with the parent carer forum"},
                {"id": "P5", "reason": "P5: service type short breaks, in Barnet"},
            ],
            "needs": [{"code": "ASD", "inferred": False}],
            "sectors": ["social_care"],
            "phases": ["primary", "secondary"],
        },
        {
            "id": "0b6f4f0e-5a0b-4c51-9a52-2f7c1c7a0002",
            "priorities": [
                {
                    "id": "P6",
                    "reason": "P6: service type supported internships, apprenticeships and "
                    "employment",
                }
            ],
            "needs": [{"code": "MLD", "inferred": True}, {"code": "SLD", "inferred": True}],
            "sectors": ["education"],
            "phases": ["post_16", "post_19"],
        },
        {
            "id": "0b6f4f0e-5a0b-4c51-9a52-2f7c1c7a0003",
            "priorities": [],
            "needs": [],
            "sectors": [],
            "phases": ["early_years", "primary", "secondary", "post_16", "post_19"],
        },
        {
            "id": None,
            "priorities": [{"id": "P2", "reason": 'P2: mentions "have their say"'}],
            "needs": [{"code": "HI", "inferred": True}],
            "sectors": [],
            "phases": ["early_years"],
        },
    ]
    assert result.stderr == f"{OWN_FILE}: item 3: minimum_age 'five' is not a number; ignored\n"


def test_explain_adds_names_rules_and_evidence() -> None:
    explained = lines(preview("--explain", str(OWN_FILE)))[1]

    assert explained == {
        "id": "0b6f4f0e-5a0b-4c51-9a52-2f7c1c7a0002",
        "name": "Project SEARCH internships",
        "priorities": [
            {
                "id": "P6",
                "reason": "P6: service type supported internships, apprenticeships and employment",
                "origin": "rule",
                "rule": "P6-adulthood-services",
            }
        ],
        "needs": [
            {"code": "MLD", "inferred": True, "evidence": "learning disabilities"},
            {"code": "SLD", "inferred": True, "evidence": "learning disabilities"},
        ],
        "sectors": ["education"],
        "phases": ["post_16", "post_19"],
        "sectors_derived": False,
    }


def test_reads_standard_input() -> None:
    result = preview("-", stdin=SERVICE_FULL.read_text(encoding="utf-8"))

    assert lines(result) == [COMMUNITY_COUNSELLING]


def test_another_authority_configuration() -> None:
    service = {"id": "x", "name": "Speech and language therapy", "maximum_age": 4}

    result = preview("--config", str(DATA / "northmoor.toml"), "-", stdin=json.dumps([service]))

    assert [p["id"] for p in lines(result)[0]["priorities"]] == ["EARLY", "HEALTH"]


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"id": "1",\n   "name": "x"\n  \n', encoding="utf-8")

    result = preview(str(broken))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"Error: {broken}: not valid JSON: " in result.stderr
    assert "(line 5, column 1)" in result.stderr


def test_something_that_is_not_a_service(tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text('[{"id": "1"}, "a string"]', encoding="utf-8")

    result = preview(str(odd))

    assert result.exit_code == 1
    assert f"Error: {odd}: item 2 is not a service object" in result.stderr


def test_configuration_errors_stop_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        (DATA / "northmoor.toml").read_text().replace('"LOCAL"\nservice', '"NOPE"\nservice')
    )

    result = preview(str(SERVICE_FULL), env={"LOCAL_OFFER_CONFIG": str(bad)})

    assert result.exit_code == 1
    assert f"Error: {bad}, line " in result.stderr
    assert "priority 'NOPE' is not one of the configured priorities" in result.stderr


def test_tag_command_tags_then_finds_nothing_to_change(tmp_path: Path) -> None:
    env = {"LOCAL_OFFER_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'local-offer.sqlite3'}")
    with session_scope(make_sessionmaker(engine)) as session:
        service = create_service(
            session,
            description_text="Holiday scheme for disabled children.",
            locations=[create_location(session, postcode="NW4 4BG")],
        )
        classify(session, service, "service-type", "short_breaks")

    first = runner.invoke(main, ["tag"], env=env)
    again = runner.invoke(main, ["tag"], env=env)

    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[-1] == (
        "1 services tagged, 1 changed; priority tags +1 -0 ~0; inferred needs +1 -0; "
        "derived sectors +1 -0"
    )
    assert again.stdout.splitlines()[-1].startswith("1 services tagged, 0 changed;")
    with session_scope(make_sessionmaker(engine)) as session:
        stored = session.execute(select(PriorityTag.priority_id, PriorityTag.reason)).all()
    engine.dispose()
    assert stored == [("P5", "P5: service type short breaks, in Barnet")]


def test_a_real_council_feed() -> None:
    """North Lincolnshire's published directory (ORUK v1 list records: same service fields,
    HTML descriptions, no taxonomies): every service previews; need words are found."""
    feed = SHARED / "data" / "oruk-feeds" / "northlincs_services_v1_2024-12.json"

    previews = {line["id"]: line for line in lines(preview(str(feed)))}

    assert len(previews) == 738
    assert previews["f03e3e90-bee5-eccc-3075-3a0692b7af49"] == {  # SENDIASS
        "id": "f03e3e90-bee5-eccc-3075-3a0692b7af49",
        "priorities": [{"id": "P2", "reason": 'P2: mentions "SENDIASS"'}],
        "needs": [{"code": "ALL", "inferred": True}],
        "sectors": [],
        "phases": ["early_years", "primary", "secondary", "post_16", "post_19"],
    }
    football = previews["5dd5f53a-5d66-ac6a-c127-9687b2c95b12"]  # Football for Down Syndrome
    assert football["needs"] == [{"code": "DS", "inferred": True}]
    eating = previews["8682b59a-c3cd-bab5-6f31-c86856209acf"]  # BEAT Eating Disorders
    assert eating["needs"] == [{"code": "SEMH", "inferred": True}]
    circuits = previews["69e32546-4072-1ddf-cc51-f92e880aa66a"]  # an exercise class
    assert (circuits["priorities"], circuits["needs"]) == ([], [])
