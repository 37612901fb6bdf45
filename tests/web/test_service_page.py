"""The service page: every field a record holds, in words, and nothing an import can inject."""

import uuid
from datetime import date, timedelta

import pytest

from directory.models import Contact, Phone, PriorityTag, Schedule
from tests.factories import create_location, create_service
from tests.web.conftest import get_page
from tests.web.html import parse
from tests.web.records import create_rich_service


def summary(page, key):
    """The value shown against ``key`` in the page's summary lists (first match)."""
    keys = page.all("dt")
    values = page.all("dd")
    for dt, dd in zip(keys, values, strict=True):
        if dt.text.strip() == key:
            return " ".join(dd.text.split())
    raise AssertionError(f"no summary row {key!r}: {[k.text for k in keys]}")


def test_a_fully_described_service_shows_every_part(page_client, session):
    service = create_rich_service(session)
    page = get_page(page_client, f"/services/{service.id}")
    assert page.title == "Speech and Language Drop-in – Barnet Local Offer"
    text = page.text
    assert "Barnet Speech Therapy Trust Speech and Language Drop-in" in text
    assert "Also known as SALT drop-in" in text
    assert "Advice for families of children with speech needs." in text
    assert summary(page, "Ages") == "Birth to 11 years"
    assert summary(page, "Needs") == (
        "Speech, language and communication needs Autistic spectrum disorder"
    )
    assert summary(page, "EHC plan needed") == "No, an EHC plan is not needed"
    assert summary(page, "Eligibility").startswith("Children living in Barnet")
    assert summary(page, "Area served") == "In Barnet"
    assert summary(page, "Covers") == "Finchley and Church End"
    assert "Families can contact the service directly" in text
    assert "Referral by a professional" in text
    assert "Come along to a drop-in session; no referral needed." in text
    assert "Some options are free" in text and "Group course £25 for six sessions" in text
    assert summary(page, "Opening times") == (
        "Mondays and Tuesdays, 9am to 5pm Second Saturday of the month, 10am to midday"
    )
    assert summary(page, "Address") == "1 High Street London N3 1AB"
    assert summary(page, "Getting there").startswith("Bus 82 and 460")
    assert summary(page, "Accessibility") == (
        "Wheelchair accessible Hearing loop Step-free entrance Ramp at the side door."
    )
    assert summary(page, "Online") == "meet.example.org"
    assert summary(page, "Website") == "speech.example.org/drop-in"
    assert summary(page, "Email") == "dropin@speech.example.org"
    assert summary(page, "Phone") == "020 8000 1111: Reception"
    assert "020 8000 2222 extension 12" in text
    assert "Duty therapist, Speech and language therapist duty@speech.example.org" in text
    assert summary(page, "Provided by") == "Barnet Speech Therapy Trust (NHS)"
    assert "About Barnet Speech Therapy Trust An NHS trust's children's therapy service." in text
    assert summary(page, "Legal status") == "NHS trust"
    assert summary(page, "NHS ODS code") == "RRP"
    assert summary(page, "School URN") == "101234"
    assert summary(page, "Type of service") == "Speech and language therapy"
    assert summary(page, "Sector") == "Health"
    assert summary(page, "How it is delivered") == "In person Online"
    assert summary(page, "Languages") == "English, Polish"
    assert summary(page, "Interpreters") == "Interpreters can be booked for any language."
    assert summary(page, "Accreditations").startswith("Health and Care Professions Council")
    assert summary(page, "Local inclusive provision") == (
        "To ensure sufficient and appropriate local and inclusive provision "
        "Why: Local specialist provision in the borough (set by a Local Offer editor)"
    )
    assert summary(page, "Last checked") == "1 September 2026"
    assert summary(page, "Where this came from") == (
        "Open Referral UK feed: barnet-health-feed "
        "first received 5 January 2026, last received 1 November 2026"
    )
    links = page.links()
    assert links["Report a problem with this information"] == (
        f"/services/{service.id}/report-a-problem"
    )
    assert links["dropin@speech.example.org"] == "mailto:dropin@speech.example.org"
    assert links["020 8000 2222"] == "tel:02080002222"
    assert "Add to shortlist: Speech and Language Drop-in" in text


def test_stale_and_unchecked_records_warn(page_client, session):
    old = create_service(session, assured_date=date.today() - timedelta(days=400))
    never = create_service(session, assured_date=None)
    fresh = create_service(session, assured_date=date.today() - timedelta(days=30))
    assert (
        "last checked more than 12 months ago" in get_page(page_client, f"/services/{old.id}").text
    )
    page = get_page(page_client, f"/services/{never.id}")
    assert "We do not know when this information was last checked" in page.text
    assert summary(page, "Last checked") == "Not recorded"
    assert (
        "Contact the service to make sure"
        not in get_page(page_client, f"/services/{fresh.id}").text
    )


def test_alerts_closures_and_unknowns_are_said_plainly(page_client, session):
    service = create_service(
        session,
        status="temporarily closed",
        alert="Closed for refurbishment until January.",
        cost_state="unknown",
        ehcp_required=True,
        minimum_age=None,
        maximum_age=None,
    )
    service.priority_tags = [PriorityTag(priority_id="P99", reason="From an old strategy")]
    session.flush()
    page = get_page(page_client, f"/services/{service.id}")
    text = page.text
    assert "Important Closed for refurbishment until January." in text
    assert "This service is temporarily closed." in text
    assert "The cost is not stated: ask the service" in text
    assert summary(page, "EHC plan needed").startswith("Yes, only for children")
    assert summary(page, "Ages") == "All ages"
    assert summary(page, "P99") == "Why: From an old strategy (matched by the Local Offer's rules)"
    assert "No contact details are listed." in text


@pytest.mark.parametrize("status", ["inactive", "defunct"])
def test_withdrawn_services_are_not_found(page_client, session, status):
    service = create_service(session, status=status)
    page = get_page(page_client, f"/services/{service.id}", status=404)
    assert "Page not found" in page.text


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "%00", "x" * 300])
def test_malformed_ids_are_not_found(page_client, bad_id):
    get_page(page_client, f"/services/{bad_id}", status=404)


def test_unknown_id_is_not_found(page_client):
    get_page(page_client, f"/services/{uuid.uuid4()}", status=404)


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_imported_text_renders_inert(page_client, session):
    location = create_location(
        session,
        name=HOSTILE,
        transportation=HOSTILE,
        url="javascript:alert(1)",
        location_type="virtual",
    )
    location.schedules = [Schedule(description=HOSTILE, schedule_link="javascript:alert(1)")]
    service = create_service(
        session,
        locations=[location],
        name=f"Club {HOSTILE}",
        alternate_name=HOSTILE,
        description='<p onclick="alert(1)">Hi<img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">link</a><script>alert(2)</script>'
        '<a href="https://ok.example/" onmouseover="alert(3)">fine</a></p>',
        url="javascript:alert(1)",
        email='"><script>alert(1)</script>@x.example',
        eligibility_description=HOSTILE,
        application_process=HOSTILE,
        alert=HOSTILE,
    )
    service.contacts = [
        Contact(
            name=HOSTILE,
            email="javascript:alert(1)//@x.example",
            phones=[Phone(number="javascript:alert(1)", description=HOSTILE)],
        )
    ]
    session.flush()
    response = page_client.get(f"/services/{service.id}")
    assert response.status_code == 200
    page = parse(response.text)
    scripts = page.all("script")
    assert len(scripts) == 2  # the layout's own: the hashed js-enabled line and app.js
    assert all("alert" not in s.text for s in scripts)
    for element in page.elements:
        assert element.tag not in ("img", "iframe", "object", "embed")
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            if name in ("href", "src", "action"):
                assert not (value or "").lower().startswith(("javascript:", "data:")), value
    # People still see the text, as text.
    assert '<script>alert("x")</script>' in page.text
    assert page.links()["fine"] == "https://ok.example/"
    assert page.title.startswith('Club <script>alert("x")</script>')
