"""Report a problem, comments on the Local Offer, rate limit, and "You said, we did"."""

from datetime import UTC, datetime

from sqlalchemy import select

from directory.models import Feedback
from directory.web.ratelimit import FEEDBACK_PER_CLIENT
from tests.factories import create_service
from tests.web.conftest import get_page, post_form
from tests.web.html import parse


def stored(session):
    return session.scalars(select(Feedback).order_by(Feedback.created_at)).all()


def report(client, service, **data):
    url = f"/services/{service.id}/report-a-problem"
    return post_form(client, url, url, data)


def test_report_a_problem_form_asks_for_no_personal_data(page_client, session):
    service = create_service(session, name="Holiday Club")
    page = get_page(page_client, f"/services/{service.id}/report-a-problem")
    assert page.title == "Report a problem with Holiday Club – Barnet Local Offer"
    assert "Do not include personal information" in page.text
    names = {e.attrs.get("name") for e in page.all("input") + page.all("textarea")}
    assert names == {"csrf_token", "category", "message"}
    assert page.links()["Back to Holiday Club"] == f"/services/{service.id}"


def test_a_report_is_stored_for_editors(page_client, session):
    service = create_service(session, name="Holiday Club")
    response = report(
        page_client,
        service,
        category="wrong_information",
        message="  The phone number has changed.\r\n\r\nIt is now 020 8000 0000.  ",
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/services/{service.id}/report-a-problem/sent"
    [feedback] = stored(session)
    assert feedback.service_id == service.id
    assert feedback.category == "wrong_information"
    assert feedback.message == "The phone number has changed.\n\nIt is now 020 8000 0000."
    assert (feedback.status, feedback.published, feedback.response) == ("new", False, None)
    page = get_page(page_client, response.headers["location"])
    assert "Thank you We have sent your comment to the Local Offer team" in page.text
    assert page.links()["Go back to Holiday Club"] == f"/services/{service.id}"


def test_validation_errors_use_the_gov_uk_error_summary(page_client, session):
    service = create_service(session)
    response = report(page_client, service, category="nonsense", message="")
    assert response.status_code == 400
    page = parse(response.text)
    assert page.title.startswith("Error: Report a problem")
    assert "There is a problem Select what your comment is about Enter your comment" in page.text
    summary_links = page.links()
    assert summary_links["Select what your comment is about"] == "#category"
    assert summary_links["Enter your comment"] == "#message"
    assert stored(session) == []

    response = report(page_client, service, category="other", message="x" * 1001)
    assert response.status_code == 400
    page = parse(response.text)
    assert "Your comment must be 1000 characters or less" in page.text
    checked = [e for e in page.all("input") if "checked" in e.attrs]
    assert [e.attrs["value"] for e in checked] == ["other"]  # the answer is kept
    assert [e.text for e in page.all("textarea")] == ["x" * 1001]


def test_reports_need_a_valid_csrf_token(page_client, session):
    service = create_service(session)
    url = f"/services/{service.id}/report-a-problem"
    get_page(page_client, url)
    response = page_client.post(
        url,
        data={"category": "other", "message": "Hello", "csrf_token": "x"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert stored(session) == []


def test_reports_are_rate_limited_per_client(page_client, session):
    service = create_service(session)
    for n in range(FEEDBACK_PER_CLIENT):
        assert (
            report(page_client, service, category="other", message=f"Note {n}").status_code == 303
        )
    response = report(page_client, service, category="other", message="One too many")
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    page = parse(response.text)
    assert "You have sent too many comments" in page.text
    assert "Wait 10 minutes and try again" in page.text
    assert len(stored(session)) == FEEDBACK_PER_CLIENT
    # The general form shares the limit: the same person cannot switch forms to flood.
    response = post_form(
        page_client, "/feedback", "/feedback", {"category": "content", "message": "Another"}
    )
    assert response.status_code == 429


def test_invalid_forms_do_not_count_towards_the_limit(page_client, session):
    service = create_service(session)
    for _ in range(FEEDBACK_PER_CLIENT + 2):
        assert report(page_client, service, category="other", message="").status_code == 400
    assert report(page_client, service, category="other", message="Real").status_code == 303


def test_reports_for_unknown_services_are_not_found(page_client):
    get_page(page_client, "/services/not-a-uuid/report-a-problem", status=404)


def test_general_comments_on_the_local_offer(page_client, session):
    page = get_page(page_client, "/feedback?category=missing_provision")
    [checked] = [e for e in page.all("input") if "checked" in e.attrs]
    assert checked.attrs["value"] == "missing_provision"
    labels = [e.content for e in page.all("label")]
    assert "Support or services that are missing" in labels
    assert "A problem using this website, including accessibility" in labels
    response = post_form(
        page_client,
        "/feedback",
        "/feedback",
        {"category": "missing_provision", "message": "No autism groups in Edgware."},
    )
    assert response.headers["location"] == "/feedback/sent"
    [feedback] = stored(session)
    assert (feedback.service_id, feedback.category) == (None, "missing_provision")
    page = get_page(page_client, "/feedback/sent")
    assert page.links()["you said, we did"] == "/you-said-we-did"


def test_you_said_we_did_publishes_only_answered_published_comments(page_client, session):
    service = create_service(session, name="Holiday Club")
    withdrawn = create_service(session, name="Closed Club", status="defunct")
    rows = [
        Feedback(
            service_id=service.id,
            category="wrong_information",
            message="Opening times wrong <script>alert(1)</script>",
            response="We corrected them.",
            published=True,
            created_at=datetime(2026, 10, 2, tzinfo=UTC),
            responded_at=datetime(2026, 10, 9, tzinfo=UTC),
        ),
        Feedback(
            service_id=None,
            category="missing_provision",
            message="More SALT please",
            response="We are commissioning a new service.",
            published=True,
            created_at=datetime(2026, 5, 2, tzinfo=UTC),
        ),
        Feedback(
            service_id=withdrawn.id,
            category="other",
            message="Old club comment",
            response="Noted.",
            published=True,
            created_at=datetime(2026, 4, 1, tzinfo=UTC),
        ),
        Feedback(
            category="content", message="Not published yet", response="Draft", published=False
        ),
        Feedback(category="content", message="Published without answer", published=True),
    ]
    session.add_all(rows)
    session.flush()
    page = get_page(page_client, "/you-said-we-did")
    assert [e.content for e in page.all("h2")][:2] == [
        "October to December 2026",
        "April to June 2026",
    ]
    text = page.text
    assert [e.content for e in page.all("h3")] == [
        "Holiday Club",
        "The Local Offer",
        "A service no longer in the Local Offer",
    ]
    assert (
        "Holiday Club You said Some of the information is wrong or out of date "
        "We did We corrected them. Answered 9 October 2026"
    ) in text
    assert (
        "The Local Offer You said Support or services that are missing "
        "We did We are commissioning a new service."
    ) in text
    assert "A service no longer in the Local Offer You said Something else We did Noted." in text
    # Only the summary: a visitor's own words may identify them, so they are never published.
    html = page_client.get("/you-said-we-did").text
    for message in ("Opening times wrong", "More SALT please", "Old club comment", "alert(1)"):
        assert message not in html
    assert "Not published yet" not in text and "Published without answer" not in text
    links = page.links()
    assert links["Holiday Club"] == f"/services/{service.id}"
    assert "Closed Club" not in links
    assert len(page.all("script")) == 2


def test_you_said_we_did_when_nothing_is_published(page_client):
    assert (
        "We have not published any comments yet." in get_page(page_client, "/you-said-we-did").text
    )
