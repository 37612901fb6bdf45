"""Security headers, the one hashed inline script, and the 500 page."""

import base64
import hashlib

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.web.html import parse


def test_pages_carry_a_strict_content_security_policy(page_client):
    response = page_client.get("/")
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert "geolocation=()" in response.headers["permissions-policy"]


def test_the_only_inline_script_is_allowed_by_its_hash(page_client):
    response = page_client.get("/")
    scripts = parse(response.text).all("script")
    inline = [s for s in scripts if "src" not in s.attrs]
    external = [s.attrs["src"] for s in scripts if "src" in s.attrs]
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].text.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["content-security-policy"]
    assert len(external) == 1 and external[0].startswith("/static/app.js?v=")
    assert [s.attrs.get("type") for s in scripts if "src" in s.attrs] == ["module"]


def test_json_responses_get_the_headers_but_no_page_policy(client):
    response = client.get("/healthz")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers


def test_https_requests_get_strict_transport_security(app):
    with TestClient(app, base_url="https://testserver", headers={"Accept": "text/html"}) as c:
        assert c.get("/").headers["strict-transport-security"].startswith("max-age=31536000")
    with TestClient(app) as c:
        assert "strict-transport-security" not in c.get("/").headers


@pytest.fixture
def failing_app(app):
    def broken(request):
        raise RuntimeError("database exploded: password=hunter2")

    app.router.routes.append(Route("/broken", broken))
    return app


def test_an_unexpected_error_is_a_friendly_page_without_details(failing_app):
    with TestClient(failing_app, raise_server_exceptions=False) as c:
        page = c.get("/broken", headers={"Accept": "text/html"})
        api = c.get("/broken")
    assert page.status_code == 500
    text = parse(page.text).text
    assert "Sorry, there is a problem with the service" in text
    assert "hunter2" not in page.text and "Traceback" not in page.text
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert api.status_code == 500
    assert api.json()["error"]["message"] == "something went wrong on our side"
    assert api.headers["x-content-type-options"] == "nosniff"


def test_static_assets_are_served_compressed(page_client):
    response = page_client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, "front-end assets not built: run `make assets`"
    assert response.headers["content-encoding"] == "gzip"
    assert "--govuk-brand-colour" in response.text
    assert "GDS Transport" not in response.text
