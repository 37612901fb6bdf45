"""Feedback: "Report a problem" on a service, comments on the Local Offer, "You said, we did".

Reports are stored for editors as ``Feedback`` rows (SEND Regulations 2014 reg. 56 asks the
authority to publish comments and its responses). The forms ask for no personal data and the
rows hold none: no name, e-mail or address, and the client address only counts towards the
rate limit in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directory.errors import TooManyRequests
from directory.feedback import CATEGORY_LABELS, GENERAL_CATEGORIES, SERVICE_CATEGORIES
from directory.models import Feedback
from directory.web.forms import form_endpoint, see_other, text_field
from directory.web.service_page import listed_service
from directory.web.templating import render

MESSAGE_MAX = 1000


@dataclass
class FeedbackForm:
    categories: Sequence[tuple[str, str]]
    category: str = ""
    message: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    max_length: int = MESSAGE_MAX

    def radio_items(self) -> list[dict[str, object]]:
        """The categories as GOV.UK radios items, the chosen one checked."""
        return [
            {"value": value, "text": label, "checked": value == self.category}
            for value, label in self.categories
        ]

    def validate(self) -> bool:
        if self.category not in dict(self.categories):
            self.errors["category"] = "Select what your comment is about"
        if not self.message:
            self.errors["message"] = "Enter your comment"
        elif len(self.message) > MESSAGE_MAX:
            self.errors["message"] = f"Your comment must be {MESSAGE_MAX} characters or less"
        return not self.errors


def _read(form: FormData, categories: Sequence[tuple[str, str]]) -> FeedbackForm:
    return FeedbackForm(
        categories=categories,
        category=text_field(form, "category"),
        message=text_field(form, "message"),
    )


def _check_rate(request: Request) -> str:
    client = request.client.host if request.client else "unknown"
    wait = request.app.state.feedback_limits.retry_after(client)
    if wait is not None:
        minutes = max(1, round(wait / 60))
        raise TooManyRequests(
            "You have sent several comments in a short time. "
            f"Wait {minutes} minute{'s' if minutes != 1 else ''} and try again, "
            "or phone the Local Offer team.",
            retry_after=wait,
        )
    return client


def _store(request: Request, form: FeedbackForm, service_id: uuid.UUID | None) -> None:
    client = _check_rate(request)
    with request.app.state.sessions() as session:
        session.add(
            Feedback(
                service_id=service_id,
                category=form.category,
                message=form.message,
                status="new",
                published=False,
            )
        )
        session.commit()
    request.app.state.feedback_limits.record(client)


# Report a problem with one service ---------------------------------------------------------


def report_form(request: Request) -> Response:
    with request.app.state.sessions() as session:
        service = listed_service(session, request.path_params["service_id"])
        form = FeedbackForm(SERVICE_CATEGORIES)
        return render(request, "report_problem.html", {"service": service, "form": form})


def report_submit(request: Request, form_data: FormData) -> Response:
    with request.app.state.sessions() as session:
        service = listed_service(session, request.path_params["service_id"])
        form = _read(form_data, SERVICE_CATEGORIES)
        if not form.validate():
            context = {"service": service, "form": form}
            return render(request, "report_problem.html", context, status_code=400)
        service_id = service.id
    _store(request, form, service_id)
    return see_other(f"/services/{service_id}/report-a-problem/sent")


def report_sent(request: Request) -> Response:
    with request.app.state.sessions() as session:
        service = listed_service(session, request.path_params["service_id"])
        return render(request, "feedback_sent.html", {"service": service})


# Comments on the Local Offer as a whole ----------------------------------------------------


def comment_form(request: Request) -> Response:
    wanted = request.query_params.get("category", "")
    form = FeedbackForm(GENERAL_CATEGORIES, category=wanted if wanted in CATEGORY_LABELS else "")
    return render(request, "feedback.html", {"form": form})


def comment_submit(request: Request, form_data: FormData) -> Response:
    form = _read(form_data, GENERAL_CATEGORIES)
    if not form.validate():
        return render(request, "feedback.html", {"form": form}, status_code=400)
    _store(request, form, None)
    return see_other("/feedback/sent")


def comment_sent(request: Request) -> Response:
    return render(request, "feedback_sent.html", {"service": None})


routes = [
    Route("/services/{service_id}/report-a-problem", report_form, methods=["GET"]),
    Route(
        "/services/{service_id}/report-a-problem",
        form_endpoint(report_submit),
        methods=["POST"],
    ),
    Route("/services/{service_id}/report-a-problem/sent", report_sent, methods=["GET"]),
    Route("/feedback", comment_form, methods=["GET"], name="feedback"),
    Route("/feedback", form_endpoint(comment_submit), methods=["POST"]),
    Route("/feedback/sent", comment_sent, methods=["GET"]),
]
