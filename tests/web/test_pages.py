"""Home, accessibility statement, cookies, brand colour, demonstration banner, error pages."""

from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from directory.localoffer import Branding, load_config
from directory.models import Provenance
from directory.web.pages import brand_colour, contrast_with_white
from tests.factories import create_service
from tests.web.conftest import get_page


def test_home_has_search_browse_and_explanation(page_client):
    page = get_page(page_client, "/")
    assert page.title == (
        "Find services for children and young people with SEND – Barnet Local Offer"
    )
    [form] = [f for f in page.all("form") if f.attrs.get("action") == "/services"]
    assert form.attrs["method"] == "get"
    assert page.form_value("q") == ""
    links = page.links()
    assert links["Autistic spectrum disorder"] == "/services?need=ASD"
    assert parse_qs(urlsplit(links["Communication and interaction"]).query) == {
        "need": ["SLCN", "ASD"]
    }
    assert links["Primary (5 to 10)"] == "/services?phase=primary"
    assert "All needs" not in links
    assert "Every council in England must publish a Local Offer" in page.text


def test_every_page_has_the_layout_help_and_links(page_client):
    page = get_page(page_client, "/cookies")
    assert page.all("a")[0].attrs == {
        "href": "#main-content",
        "class": "govuk-skip-link",
        "data-module": "govuk-skip-link",
    }
    assert "Barnet Local Offer" in page.text
    assert "Get help from the Local Offer team" in page.text
    assert "020 8359 7007" in page.text and "Monday to Friday, 9am to 5pm" in page.text
    links = page.links()
    assert links["Accessibility statement"] == "/accessibility"
    assert links["Cookies"] == "/cookies"
    assert links["localoffer@barnet.gov.uk"] == "mailto:localoffer@barnet.gov.uk"
    stylesheets = [e.attrs["href"] for e in page.all("link") if e.attrs.get("rel") == "stylesheet"]
    assert stylesheets[0].startswith("/static/app.css?v=") and stylesheets[1] == "/brand.css"
    # No GOV.UK crown, logo or font anywhere.
    assert not page.all("svg")
    assert "GOV.UK" not in page.text


def test_brand_colour_comes_from_the_configuration(page_client):
    response = page_client.get("/brand.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.text == ":root{--govuk-brand-colour:#1d5a8e}\n"


def test_a_brand_colour_too_light_for_white_text_falls_back(settings):
    config = load_config(settings.config_path)
    assert round(contrast_with_white("#1d5a8e"), 1) == 7.2
    assert brand_colour(config) == "#1d5a8e"
    light = replace(config, branding=Branding(primary_colour="#FFDD00"))
    assert round(contrast_with_white("#ffdd00"), 2) == 1.35
    assert brand_colour(light) == "#1d70b8"


def test_cookies_page_lists_only_strictly_necessary_cookies(page_client):
    page = get_page(page_client, "/cookies")
    cells = [e.content for e in page.all("td")]
    assert cells[0::3] == ["lo_csrf", "lo_shortlist"]
    assert "only cookies that are strictly necessary" in page.text


def test_accessibility_statement_follows_the_model(page_client):
    page = get_page(page_client, "/accessibility")
    headings = [e.content for e in page.all("h2")]
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website’s accessibility",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in headings
    assert "partially compliant" in page.text
    assert page.links()["tell us about the problem"] == "/feedback?category=accessibility"


def test_demo_banner_only_when_demonstration_data_is_listed(page_client, session):
    assert "demonstration data" not in get_page(page_client, "/").text


def test_demo_banner_shows_for_demo_provenance(app, session):
    from starlette.testclient import TestClient

    service = create_service(session)
    session.add(
        Provenance(
            entity_type="service",
            entity_id=service.id,
            source="demo-barnet",
            source_system="demo",
            source_id="1",
            content_hash="x",
            first_seen=datetime.now(UTC),
            last_seen=datetime.now(UTC),
        )
    )
    session.flush()
    with TestClient(app, headers={"Accept": "text/html"}) as client:
        page = get_page(client, "/")
        assert "This site shows demonstration data" in page.text
        assert "demonstration data" in get_page(client, f"/services/{service.id}").text


def test_unknown_page_is_a_friendly_404_for_browsers(page_client):
    page = get_page(page_client, "/no-such-page", status=404)
    assert page.title == "Page not found – Barnet Local Offer"
    assert "If you typed the web address, check it is correct." in page.text
    assert "020 8359 7007" in page.text


def test_api_clients_keep_the_json_error_shape(client, page_client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not Found"}
    }
    response = page_client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"


def test_wrong_method_is_a_page_too(page_client):
    response = page_client.delete("/")
    assert response.status_code == 405
    assert "Page not found" in response.text


def test_demo_banner_shows_for_services_the_importer_marked_as_demo(app, session):
    from starlette.testclient import TestClient

    service = create_service(session, extra={"local_offer": {"demo": True}, "pc_x": "1"})
    create_service(session, extra={"local_offer": {"demo": False}})
    with TestClient(app, headers={"Accept": "text/html"}) as client:
        assert "This site shows demonstration data" in get_page(client, "/").text
        page = get_page(client, f"/services/{service.id}")
        assert "This record is demonstration data" in page.text


def test_no_demo_banner_for_real_records_or_withdrawn_demo_ones(page_client, session):
    create_service(session, extra={"local_offer": {"demo": False}})
    create_service(session, extra={"local_offer": {"demo": True}}, status="defunct")
    create_service(session, extra=None)
    assert "demonstration data" not in get_page(page_client, "/").text
