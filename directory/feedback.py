"""Feedback for editors: what visitors reported, the authority's responses, what is published.

Visitors send feedback through the public forms (``directory.web.feedback``); editors read it,
respond and publish with ``local-offer feedback``, and ``/you-said-we-did`` shows what is
published (SEND Regulations 2014 reg. 56). These functions take the caller's session and never
commit.

A feedback item is in one of four states, derived from its columns:

- ``open``: no response yet;
- ``answered``: a response, not published;
- ``published``: a response, on the public page;
- ``dismissed``: set aside by an editor (spam, abuse, a duplicate); never published. Responding
  to it later makes it answered again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import ColumnElement, String, and_, cast, func, not_, select
from sqlalchemy.orm import Session

from directory.errors import BadRequest, DirectoryError, NotFound
from directory.models import Feedback, Service

SERVICE_CATEGORIES = (
    ("wrong_information", "Some of the information is wrong or out of date"),
    ("service_closed", "The service has closed or moved"),
    ("contact_details", "A phone number, e-mail address or website does not work"),
    ("accessibility", "I could not use this page"),
    ("other", "Something else"),
)
GENERAL_CATEGORIES = (
    ("content", "The information in the Local Offer"),
    ("missing_provision", "Support or services that are missing"),
    ("accessibility", "A problem using this website, including accessibility"),
    ("other", "Something else"),
)
CATEGORY_LABELS = dict(GENERAL_CATEGORIES) | dict(SERVICE_CATEGORIES)

State = Literal["open", "answered", "published", "dismissed"]
STATES: tuple[State, ...] = ("open", "answered", "published", "dismissed")
HEX_DIGITS = frozenset("0123456789abcdef")
# Control characters other than tab and newline: never meant in a response, and PostgreSQL
# refuses NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class UnknownFeedback(NotFound):
    """No feedback item has an id starting with the given characters."""


class AmbiguousFeedbackId(BadRequest):
    """More than one feedback item has an id starting with the given characters."""


class NotAnswered(DirectoryError):
    """Publishing needs a response: the public page shows only answered feedback."""

    status_code = 409
    code = "not_answered"


@dataclass(frozen=True)
class FeedbackItem:
    """One feedback item as an editor sees it."""

    feedback: Feedback
    service_name: str | None

    @property
    def state(self) -> State:
        return feedback_state(self.feedback)

    @property
    def category_label(self) -> str:
        return category_label(self.feedback.category)


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, "Other comments")


def feedback_state(feedback: Feedback) -> State:
    if feedback.status == "dismissed":
        return "dismissed"
    if not (feedback.response or "").strip():
        return "open"
    return "published" if feedback.published else "answered"


def _answered() -> ColumnElement[bool]:
    return func.coalesce(func.trim(Feedback.response), "") != ""


def in_state(state: State) -> ColumnElement[bool]:
    """The SQL condition for feedback in ``state``."""
    dismissed = Feedback.status == "dismissed"
    if state == "dismissed":
        return dismissed
    if state == "open":
        return and_(not_(dismissed), not_(_answered()))
    if state == "answered":
        return and_(not_(dismissed), _answered(), Feedback.published.is_(False))
    return and_(not_(dismissed), _answered(), Feedback.published.is_(True))


def feedback_items(
    session: Session, *, state: State | None = None, service_id: uuid.UUID | None = None
) -> list[FeedbackItem]:
    """Feedback newest first, in one state (all states when ``state`` is None) and about one
    service (any service, or none, when ``service_id`` is None)."""
    query = (
        select(Feedback, Service.name)
        .outerjoin(Service, Service.id == Feedback.service_id)
        .order_by(Feedback.created_at.desc(), Feedback.id)
    )
    if state is not None:
        query = query.where(in_state(state))
    if service_id is not None:
        query = query.where(Feedback.service_id == service_id)
    return [FeedbackItem(feedback, name) for feedback, name in session.execute(query)]


def _hex_prefix(id_prefix: str) -> str:
    prefix = id_prefix.strip().lower().replace("-", "")
    if not prefix or not set(prefix) <= HEX_DIGITS or len(prefix) > 32:
        raise UnknownFeedback(f"{id_prefix!r} is not a feedback id (ids are hexadecimal)")
    return prefix


def find_feedback(session: Session, id_prefix: str) -> Feedback:
    """The one feedback item whose id starts with ``id_prefix`` (hyphens and case ignored).

    Raises ``UnknownFeedback`` when none does and ``AmbiguousFeedbackId`` when several do.
    """
    prefix = _hex_prefix(id_prefix)
    # PostgreSQL spells a uuid with hyphens, SQLite stores 32 hex digits: compare without them.
    hex_id = func.replace(func.lower(cast(Feedback.id, String)), "-", "")
    matches = session.scalars(select(Feedback).where(hex_id.startswith(prefix)).limit(6)).all()
    if not matches:
        raise UnknownFeedback(f"no feedback has an id starting {id_prefix.strip()!r}")
    if len(matches) > 1:
        shown = ", ".join(sorted(short_id(f.id) for f in matches[:5]))
        more = " and more" if len(matches) > 5 else ""
        raise AmbiguousFeedbackId(
            f"{id_prefix.strip()!r} starts the ids of several feedback items ({shown}{more}): "
            "give more of the id"
        )
    return matches[0]


def short_id(feedback_id: uuid.UUID) -> str:
    """The first eight hex digits: enough to tell feedback items apart in practice."""
    return feedback_id.hex[:8]


def respond(feedback: Feedback, response: str, *, now: datetime | None = None) -> None:
    """Set the authority's response (and when it was given) and mark the item resolved. A
    published item stays published, so the new response is what the public page shows."""
    text = _CONTROL.sub("", response.replace("\r\n", "\n")).strip()
    if not text:
        raise BadRequest("the response is empty", parameter="response")
    feedback.response = text
    feedback.responded_at = now or datetime.now(UTC)
    # The stored workflow status; the states above are derived from response and published.
    feedback.status = "resolved"


def publish(feedback: Feedback) -> bool:
    """Show the item on /you-said-we-did; False when it already was. Needs a response."""
    state = feedback_state(feedback)
    if state in ("open", "dismissed"):
        why = "was dismissed" if state == "dismissed" else "has no response"
        raise NotAnswered(
            f"feedback {short_id(feedback.id)} {why}, and only answered feedback is published"
        )
    changed = not feedback.published
    feedback.published = True
    return changed


def unpublish(feedback: Feedback) -> bool:
    """Take the item off /you-said-we-did, keeping its response; False when it was not on it."""
    changed = feedback.published
    feedback.published = False
    return changed


def dismiss(feedback: Feedback) -> bool:
    """Set the item aside (and off the public page); False when it already was."""
    changed = feedback.status != "dismissed"
    feedback.status = "dismissed"
    feedback.published = False
    return changed
