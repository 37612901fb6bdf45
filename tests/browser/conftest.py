"""Browser tests: Debian's Chromium driven by Playwright against the app served by uvicorn.

They need ``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) and never
download a browser. Without it they skip, saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from directory.web.security import JS_ENABLED_SCRIPT
from tests.browser.server import running_site

CHROMIUM = Path("/usr/bin/chromium")
# As root in a container, with no network but the loopback: no sandbox, no GPU, and none of
# Chromium's background connections (which this machine refuses, many at a time).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1024, "height": 800}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@dataclass(frozen=True)
class Site:
    base: str
    ids: dict[str, str]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("browser")) as (base, ids):
        yield Site(base, ids)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def _recording_page(context: Any) -> Any:
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


@pytest.fixture
def page(browser: Any, javascript: bool) -> Iterator[Any]:
    """A fresh browser profile (no cookies), with or without JavaScript, that records every
    console error and page error, so a test can assert the page raised none (CSP included)."""
    context = browser.new_context(java_script_enabled=javascript, viewport=VIEWPORT)
    yield _recording_page(context)
    context.close()


def _as_without_javascript(route: Any) -> None:
    """Serve a page as a browser without JavaScript would render it: no js-enabled class."""
    if route.request.method != "GET" or route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch(max_redirects=0)
    body = response.text().replace(f"<script>{JS_ENABLED_SCRIPT}</script>", "")
    route.fulfill(response=response, body=body)


@pytest.fixture
def axe_page(browser: Any, javascript: bool) -> Iterator[Any]:
    """Like ``page``, but axe-core needs script to run: the no-JavaScript variant keeps the
    browser's JavaScript for axe alone and renders every page exactly as it would be without
    it (the js-enabled line removed, app.js never loaded)."""
    context = browser.new_context(viewport=VIEWPORT)
    if not javascript:
        context.route("**/static/app.js*", lambda route: route.abort())
        context.route(lambda url: "/static/" not in url, _as_without_javascript)
    yield _recording_page(context)
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.exists(), f"{AXE} is missing: run `make assets` (npm ci installs axe-core)"
    return AXE.read_text(encoding="utf-8")
