"""Page tests: the in-process client asks for HTML, as a browser does."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.web.html import Page, parse


@pytest.fixture
def page_client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, headers={"Accept": "text/html"}) as client:
        yield client


def get_page(client: TestClient, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def post_form(
    client: TestClient, form_url: str, action: str, data: dict[str, str]
) -> httpx.Response:
    """Open the page holding the form (which sets the CSRF cookie), then send the form."""
    token = get_page(client, form_url).form_value("csrf_token")
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


# The results page's small directory and its search index (tests/web/results_data.py).
from tests.web.results_data import build_index, directory  # noqa: E402, F401
