"""``local-offer feedback``: editors list, respond, publish and unpublish, and the public page
follows. Commands run inside the test's transaction (``main`` takes the session factory)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session, sessionmaker

from directory.cli import main
from directory.models import Feedback
from tests.factories import create_feedback, create_service
from tests.web.conftest import get_page

FIRST = uuid.UUID("3f2a0000-0000-4000-8000-000000000001")
SECOND = uuid.UUID("3f2b0000-0000-4000-8000-000000000002")
THIRD = uuid.UUID("9c000000-0000-4000-8000-000000000003")


@pytest.fixture
def run(sessions: sessionmaker[Session]):
    def run(*args: str) -> Result:
        return CliRunner().invoke(main, ["feedback", *args], obj=sessions)

    return run


@pytest.fixture
def three(session: Session) -> dict[str, Feedback]:
    """Open (about a service), answered and published feedback, received on three days."""
    club = create_service(session, id=uuid.UUID(int=7), name="Holiday Club")
    return {
        "open": create_feedback(
            session,
            id=FIRST,
            service_id=club.id,
            category="wrong_information",
            message="The phone number has changed.\n\nIt is now 020 8000 0000.",
            created_at=datetime(2026, 3, 3, 9, 15, tzinfo=UTC),
        ),
        "answered": create_feedback(
            session,
            id=SECOND,
            category="missing_provision",
            message="No autism groups in Edgware.",
            response="We are looking for a provider.",
            responded_at=datetime(2026, 3, 4, 16, 0, tzinfo=UTC),
            created_at=datetime(2026, 3, 2, 11, 0, tzinfo=UTC),
        ),
        "published": create_feedback(
            session,
            id=THIRD,
            message="Dates for the summer scheme are missing.",
            response="We added them.",
            responded_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
            published=True,
            created_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        ),
    }


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_list_shows_open_feedback_by_default(run, three):
    assert ok(run("list")) == (
        "3f2a0000  received 2026-03-03 09:15 UTC  open\n"
        "  Service   Holiday Club\n"
        "  About     Some of the information is wrong or out of date\n"
        "  Message   The phone number has changed.\n"
        "            It is now 020 8000 0000.\n"
        "  Response  (none yet)\n"
        "  Published no\n"
    )


def test_list_every_state_newest_first(run, three):
    assert ok(run("list", "--status", "all")) == (
        "3f2a0000  received 2026-03-03 09:15 UTC  open\n"
        "  Service   Holiday Club\n"
        "  About     Some of the information is wrong or out of date\n"
        "  Message   The phone number has changed.\n"
        "            It is now 020 8000 0000.\n"
        "  Response  (none yet)\n"
        "  Published no\n"
        "\n"
        "3f2b0000  received 2026-03-02 11:00 UTC  answered\n"
        "  Service   (the Local Offer as a whole)\n"
        "  About     Support or services that are missing\n"
        "  Message   No autism groups in Edgware.\n"
        "  Response  We are looking for a provider.\n"
        "            (responded 2026-03-04 16:00 UTC)\n"
        "  Published no\n"
        "\n"
        "9c000000  received 2026-03-01 08:00 UTC  published\n"
        "  Service   (the Local Offer as a whole)\n"
        "  About     The information in the Local Offer\n"
        "  Message   Dates for the summer scheme are missing.\n"
        "  Response  We added them.\n"
        "            (responded 2026-03-02 10:00 UTC)\n"
        "  Published yes\n"
    )


def test_list_filters_by_state_and_service(run, three):
    def first_lines(*args: str) -> list[str]:
        return [block.split("\n")[0] for block in ok(run("list", *args)).split("\n\n")]

    assert first_lines("--status", "answered") == [
        "3f2b0000  received 2026-03-02 11:00 UTC  answered"
    ]
    assert first_lines("--status", "published") == [
        "9c000000  received 2026-03-01 08:00 UTC  published"
    ]
    service = str(uuid.UUID(int=7))
    assert first_lines("--status", "all", "--service", service) == [
        "3f2a0000  received 2026-03-03 09:15 UTC  open"
    ]
    assert ok(run("list", "--status", "published", "--service", service)) == (
        "No published feedback.\n"
    )
    bad = run("list", "--service", "club")
    assert bad.exit_code == 2
    assert "Invalid value for '--service': 'club' is not a service id (a UUID)" in bad.stderr


def test_list_as_json(run, three):
    assert json.loads(ok(run("list", "--status", "answered", "--json"))) == [
        {
            "id": str(SECOND),
            "received": "2026-03-02T11:00:00+00:00",
            "service_id": None,
            "service_name": None,
            "category": "missing_provision",
            "category_label": "Support or services that are missing",
            "message": "No autism groups in Edgware.",
            "response": "We are looking for a provider.",
            "responded_at": "2026-03-04T16:00:00+00:00",
            "published": False,
            "state": "answered",
        }
    ]
    assert json.loads(ok(run("list", "--json", "--service", str(uuid.UUID(int=8))))) == []


def test_control_characters_in_feedback_are_printed_inert(run, session):
    # The forms drop C0 controls, but rows may come from elsewhere (PostgreSQL refuses NUL).
    hostile = "Hi\x1b]52;c;ZXZpbA==\x07\x1b[2J\rOK\u202eevil\x9b\u2028end\x7f"
    create_service(session, id=uuid.UUID(int=9), name="Club\x1b[31m")
    create_feedback(session, id=FIRST, service_id=uuid.UUID(int=9), message=f"{hostile}\nline 2")

    text = ok(run("list"))
    as_json = ok(run("list", "--json"))

    assert "  Service   Club\\x1b[31m\n" in text
    assert (
        "  Message   Hi\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x0dOK\\u202eevil\\x9b\\u2028end\\x7f\n"
        "            line 2\n"
    ) in text
    for output in (text, as_json):
        assert set(output) - {"\n"} <= {chr(c) for c in range(0x20, 0x7F)}
    assert json.loads(as_json)[0]["message"] == f"{hostile}\nline 2"


def test_respond_and_publish_then_unpublish_on_the_public_page(run, three, client, session):
    result = run("respond", "3f2a", "--response", "We updated the phone number.", "--publish")

    assert ok(result) == "feedback 3f2a0000 published on /you-said-we-did\n"
    session.expire_all()
    feedback = session.get(Feedback, FIRST)
    assert feedback is not None
    assert (feedback.response, feedback.published) == ("We updated the phone number.", True)
    assert feedback.responded_at is not None
    page = get_page(client, "/you-said-we-did")
    assert (
        "Holiday Club You said Some of the information is wrong or out of date "
        "We did We updated the phone number."
    ) in page.text
    assert "020 8000 0000" not in client.get("/you-said-we-did").text

    assert ok(run("unpublish", "3f2a")) == "feedback 3f2a0000 taken off /you-said-we-did\n"
    page = get_page(client, "/you-said-we-did")
    assert "We updated the phone number." not in page.text
    assert "We added them." in page.text  # the other published item stays
    assert ok(run("list", "--status", "answered")).startswith("3f2a0000  ")


def test_publish_and_unpublish_are_repeatable(run, three, client):
    assert ok(run("publish", "3F2B")) == "feedback 3f2b0000 published on /you-said-we-did\n"
    assert ok(run("publish", "3f2b")) == "feedback 3f2b0000 already on /you-said-we-did\n"
    assert "We are looking for a provider." in get_page(client, "/you-said-we-did").text
    assert ok(run("unpublish", str(SECOND))) == "feedback 3f2b0000 taken off /you-said-we-did\n"
    assert ok(run("unpublish", SECOND.hex)) == "feedback 3f2b0000 was not on /you-said-we-did\n"


def test_a_new_response_to_published_feedback_replaces_the_public_one(run, three, client):
    assert ok(run("respond", "9c", "--response", "We added the dates and the prices.")) == (
        "feedback 9c000000 answered; it is published, so /you-said-we-did shows the new response\n"
    )
    text = get_page(client, "/you-said-we-did").text
    assert "We added the dates and the prices." in text
    assert "We added them." not in text


def test_publishing_needs_a_response(run, three, session, client):
    result = run("publish", "3f2a")

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: feedback 3f2a0000 has no response, and only answered feedback is published: "
        'respond first, with `local-offer feedback respond 3f2a0000 --response "..." '
        "--publish`\n"
    )
    session.expire_all()
    assert session.get(Feedback, FIRST).published is False  # type: ignore[union-attr]


def test_dismissed_feedback_leaves_the_lists_and_the_page_until_answered(
    run, three, session, client
):
    assert ok(run("dismiss", "3f2a")) == "feedback 3f2a0000 dismissed\n"
    assert ok(run("dismiss", "3f2a")) == "feedback 3f2a0000 was already dismissed\n"
    assert ok(run("dismiss", "9c")) == "feedback 9c000000 dismissed\n"

    assert ok(run("list")) == "No open feedback.\n"
    dismissed = json.loads(ok(run("list", "--status", "dismissed", "--json")))
    assert [(d["id"], d["state"]) for d in dismissed] == [
        (str(FIRST), "dismissed"),
        (str(THIRD), "dismissed"),
    ]
    assert "We added them." not in get_page(client, "/you-said-we-did").text
    assert run("publish", "9c").exit_code == 1

    ok(run("respond", "3f2a", "--response", "We checked: the number is right.", "--publish"))
    assert "We checked: the number is right." in get_page(client, "/you-said-we-did").text


def test_an_empty_response_is_refused(run, three, session):
    result = run("respond", "3f2a", "--response", "  ", "--publish")

    assert result.exit_code == 2
    assert "Invalid value for '--response': the response is empty" in result.stderr
    session.expire_all()
    feedback = session.get(Feedback, FIRST)
    assert (feedback.response, feedback.published) == (None, False)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("command", "given", "message"),
    [
        (
            "respond",
            "3f2",
            "'3f2' starts the ids of several feedback items (3f2a0000, 3f2b0000): "
            "give more of the id",
        ),
        ("publish", "3f", "'3f' starts the ids of several feedback items"),
        ("unpublish", "3f2c", "no feedback has an id starting '3f2c'"),
        ("publish", "", "'' is not a feedback id (ids are hexadecimal)"),
        ("respond", "not-an-id", "'not-an-id' is not a feedback id (ids are hexadecimal)"),
    ],
)
def test_unknown_and_ambiguous_ids_exit_2(run, three, command, given, message):
    extra = ["--response", "Thanks."] if command == "respond" else []

    result = run(command, given, *extra)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}")


def test_on_a_real_database_file(tmp_path: Path) -> None:
    """Without a test's session factory the commands open the configured database, and say
    what to do when it has not been created."""
    env = {"LOCAL_OFFER_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    runner = CliRunner()

    before = runner.invoke(main, ["feedback", "list"], env=env)
    assert before.exit_code == 2
    assert "run `local-offer db upgrade` first" in before.stderr

    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    after = runner.invoke(main, ["feedback", "list", "--status", "all"], env=env)
    assert (after.exit_code, after.stdout) == (0, "No feedback.\n")
