"""Keyboard only, with JavaScript on and off: search from the home page, filter the results,
open a service and add it to the shortlist; and add a service straight from the results."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_journey import tab_to

pytestmark = pytest.mark.browser


def tab_to_field(page: Any, label: str, limit: int = 120) -> None:
    """Press Tab until the focused form field's label starts with ``label``."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.labels && el.labels.length ? el.labels[0].innerText.trim() : ''; }"
        )
        seen.append(text)
        if text.startswith(label):
            return
    raise AssertionError(f"never reached the field {label!r} with Tab; labels in turn: {seen}")


def open_filters(page: Any) -> None:
    """The filter panel is open beside the results when JavaScript could open it; else press
    Enter on its summary, as a keyboard user would."""
    panel = page.locator("details[data-app-filters]")
    if panel.evaluate("el => el.open"):
        return
    tab_to(page, "Filter results")
    page.keyboard.press("Enter")
    assert panel.evaluate("el => el.open")


def test_search_filter_open_and_shortlist_by_keyboard(page: Any, site: Any, javascript: bool):
    page.goto(site.url("/"))
    tab_to_field(page, "Search for a service")
    page.keyboard.type("children")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services?q=children")
    assert page.title() == "Search results (page 1 of 1) – Barnet Local Offer"
    assert page.locator("#results").inner_text() == "2 services found"

    open_filters(page)
    tab_to_field(page, "Speech, language and communication needs")
    page.keyboard.press("Space")
    tab_to(page, "Apply filters")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services?q=children&need=SLCN")
    assert page.locator("#results").inner_text() == "1 service found"
    tags = page.locator(".app-filter-tag")
    assert tags.all_text_contents() == [
        "Remove filter: children",
        "Remove filter: Speech, language and communication needs",
    ]

    tab_to(page, "Speech and Language Drop-in")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/services/{site.ids['rich']}")
    tab_to(page, "Add to shortlist")
    page.keyboard.press("Enter")
    page.wait_for_url("**?shortlist=added")
    assert "Added to your shortlist" in page.locator(".govuk-notification-banner").inner_text()
    assert page.errors == []


def test_add_to_the_shortlist_from_the_results_by_keyboard(page: Any, site: Any, javascript: bool):
    page.goto(site.url("/services?q=speech"))
    tab_to(page, "Add to shortlist")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services?q=speech&shortlist=added")
    main = page.locator("main").inner_text()
    assert "Added to your shortlist. View your shortlist (1)" in main
    tab_to(page, "Remove from shortlist")
    page.keyboard.press("Enter")
    page.wait_for_url("**/services?q=speech&shortlist=removed")
    assert "View your shortlist (0)" in page.locator("main").inner_text()
    assert page.errors == []


def test_the_filters_fold_away_on_a_phone(page: Any, site: Any, javascript: bool):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url("/services?q=children"))
    panel = page.locator("details[data-app-filters]")
    assert not panel.evaluate("el => el.open")
    # The first result starts within the first two screens, below the search box and the
    # one-line filter summary.
    top = page.locator(".app-result").first.bounding_box()["y"]
    assert top < 2 * 640, top
