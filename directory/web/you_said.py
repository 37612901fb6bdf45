"""``GET /you-said-we-did``: published comments and the authority's responses (reg. 56).

Only rows an editor has answered and published (``local-offer feedback``) appear, grouped by the
quarter in which the comment arrived, newest first. Each shows what the comment was about (the
service, and the form's category) and the authority's response; never the visitor's own words,
which may name a child or a family despite the form's warning.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directory.feedback import category_label, in_state
from directory.models import Feedback, Service
from directory.web.service_view import LISTED_STATUSES
from directory.web.templating import render

PAGE_LIMIT = 200  # the most recent published responses; older ones stay in the database
QUARTERS = ("January to March", "April to June", "July to September", "October to December")


@dataclass(frozen=True)
class Published:
    category: str  # what was reported: the form's category, as the visitor chose it
    response: str
    responded_at: datetime | None
    about_a_service: bool
    service_id: uuid.UUID | None  # only while the service is listed
    service_name: str | None


@dataclass(frozen=True)
class Quarter:
    title: str
    items: tuple[Published, ...]


def quarter_title(when: datetime) -> str:
    return f"{QUARTERS[(when.month - 1) // 3]} {when.year}"


def published_feedback(session: Session, limit: int = PAGE_LIMIT) -> list[Quarter]:
    """Published, answered feedback grouped by quarter, newest first."""
    rows = session.execute(
        select(Feedback, Service.name, Service.status)
        .outerjoin(Service, Service.id == Feedback.service_id)
        .where(in_state("published"))
        .order_by(Feedback.created_at.desc())
        .limit(limit)
    )
    quarters: dict[str, list[Published]] = {}
    for feedback, service_name, status in rows:
        listed = status in LISTED_STATUSES
        quarters.setdefault(quarter_title(feedback.created_at), []).append(
            Published(
                category=category_label(feedback.category),
                response=(feedback.response or "").strip(),
                responded_at=feedback.responded_at,
                about_a_service=feedback.service_id is not None,
                service_id=feedback.service_id if listed else None,
                service_name=service_name if listed else None,
            )
        )
    return [Quarter(title, tuple(items)) for title, items in quarters.items()]


def you_said_we_did(request: Request) -> Response:
    with request.app.state.sessions() as session:
        quarters = published_feedback(session)
    return render(request, "you_said_we_did.html", {"quarters": quarters})


routes = [Route("/you-said-we-did", you_said_we_did, methods=["GET"], name="you_said_we_did")]
