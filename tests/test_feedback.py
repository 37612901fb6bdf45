"""Editors' feedback functions: states, listing, ids by prefix, respond, publish, unpublish."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from directory.errors import BadRequest
from directory.feedback import (
    AmbiguousFeedbackId,
    NotAnswered,
    UnknownFeedback,
    feedback_items,
    find_feedback,
    publish,
    respond,
    unpublish,
)
from tests.factories import create_feedback, create_service

FIRST = uuid.UUID("3f2a0000-0000-4000-8000-000000000001")
SECOND = uuid.UUID("3f2b0000-0000-4000-8000-000000000002")


def test_items_newest_first_in_each_state(session):
    club = create_service(session, name="Holiday Club")
    open_ = create_feedback(session, created_at=datetime(2026, 3, 1, tzinfo=UTC))
    answered = create_feedback(
        session, service_id=club.id, response="Fixed.", created_at=datetime(2026, 3, 3, tzinfo=UTC)
    )
    published = create_feedback(
        session, response="Done.", published=True, created_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    # Marked published but never answered: the public page does not show it, so it is open.
    unanswered = create_feedback(
        session, response="  ", published=True, created_at=datetime(2026, 2, 1, tzinfo=UTC)
    )

    def ids(**filters):
        return [item.feedback.id for item in feedback_items(session, **filters)]

    assert ids() == [answered.id, published.id, open_.id, unanswered.id]
    assert ids(state="open") == [open_.id, unanswered.id]
    assert ids(state="answered") == [answered.id]
    assert ids(state="published") == [published.id]
    assert ids(service_id=club.id) == [answered.id]
    assert ids(state="open", service_id=club.id) == []
    [item] = feedback_items(session, service_id=club.id)
    assert (item.service_name, item.state, item.category_label) == (
        "Holiday Club",
        "answered",
        "The information in the Local Offer",
    )


@pytest.mark.parametrize(
    "given", ["3f2a", "3F2A", "3f2a0000", "3f2a0000-0000", str(FIRST), FIRST.hex, f" {FIRST} "]
)
def test_a_unique_prefix_finds_the_item(session, given):
    create_feedback(session, id=FIRST)
    create_feedback(session, id=SECOND)

    assert find_feedback(session, given).id == FIRST


def test_an_ambiguous_prefix_names_the_candidates(session):
    create_feedback(session, id=FIRST)
    create_feedback(session, id=SECOND)

    with pytest.raises(AmbiguousFeedbackId) as raised:
        find_feedback(session, "3f2")

    assert raised.value.message == (
        "'3f2' starts the ids of several feedback items (3f2a0000, 3f2b0000): give more of the id"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("3f2c", "no feedback has an id starting '3f2c'"),
        ("", "'' is not a feedback id (ids are hexadecimal)"),
        ("3f2a%", "'3f2a%' is not a feedback id (ids are hexadecimal)"),
        ("zz", "'zz' is not a feedback id (ids are hexadecimal)"),
        (FIRST.hex + "0", f"'{FIRST.hex}0' is not a feedback id (ids are hexadecimal)"),
    ],
)
def test_unknown_ids(session, given, message):
    create_feedback(session, id=FIRST)

    with pytest.raises(UnknownFeedback) as raised:
        find_feedback(session, given)

    assert raised.value.message == message


def test_respond_publish_unpublish(session):
    feedback = create_feedback(session, id=FIRST)
    with pytest.raises(NotAnswered):
        publish(feedback)
    with pytest.raises(BadRequest):
        respond(feedback, " \n ")
    assert (feedback.response, feedback.published, feedback.status) == (None, False, "new")

    when = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    respond(feedback, "  We \x1bcorrected\x00 the\r\ntimes.\n", now=when)
    assert (feedback.response, feedback.responded_at) == ("We corrected the\ntimes.", when)
    assert feedback.status == "resolved"
    assert publish(feedback) is True
    assert publish(feedback) is False
    assert unpublish(feedback) is True
    assert unpublish(feedback) is False
    assert (feedback.response, feedback.published) == ("We corrected the\ntimes.", False)
