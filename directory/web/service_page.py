"""``GET /services/{id}``: everything the Local Offer knows about one service."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directory.errors import NotFound
from directory.models import Service
from directory.web.service_view import (
    LISTED_STATUSES,
    load_service,
    parse_service_id,
    service_details,
)
from directory.web.shortlist_cookie import read_shortlist
from directory.web.templating import render

SHORTLIST_MESSAGES = ("added", "removed", "full")


def listed_service(session: Session, raw_id: str) -> Service:
    """The listed service with this id, or ``NotFound`` (malformed, unknown or withdrawn)."""
    service_id = parse_service_id(raw_id)
    service = load_service(session, service_id) if service_id else None
    if service is None or service.status not in LISTED_STATUSES:
        raise NotFound("There is no service at this address.", service_id=raw_id[:64])
    return service


def service_page(request: Request) -> Response:
    with request.app.state.sessions() as session:
        service = listed_service(session, request.path_params["service_id"])
        details = service_details(
            session,
            service,
            request.app.state.config,
            date.today(),  # noqa: DTZ011 - "checked over a year ago" is a calendar question
        )
        message = request.query_params.get("shortlist")
        return render(
            request,
            "service.html",
            {
                "details": details,
                "service": service,
                "in_shortlist": service.id in read_shortlist(request),
                "shortlist_message": message if message in SHORTLIST_MESSAGES else None,
            },
        )


routes = [Route("/services/{service_id}", service_page, methods=["GET"], name="service")]
