"""Keyboard only, with JavaScript on and off: find a service, add it to the shortlist, open the
shortlist, remove it. Every focused control must show the GOV.UK yellow focus state."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

FOCUS_YELLOW = "rgb(255, 221, 0)"


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName.toLowerCase(), text: el.innerText.trim().replace(/\\s+/g, ' '),
                    href: el.getAttribute('href') || '', background: style.backgroundColor,
                    shadow: style.boxShadow, outline: style.outlineColor};
        }"""
    )


def tab_to(page: Any, text: str, limit: int = 80) -> dict[str, str]:
    """Press Tab until the focused element's text starts with ``text``; fail if never."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        seen.append(element["text"])
        if element["text"].startswith(text):
            # WCAG 2.4.7: the GOV.UK focus state is a yellow background or outline.
            assert FOCUS_YELLOW in (element["background"], element["outline"]) or (
                FOCUS_YELLOW in element["shadow"]
            ), element
            return element
    raise AssertionError(f"never reached {text!r} with Tab; focused in turn: {seen}")


def test_keyboard_only_find_shortlist_and_remove(page: Any, site: Any, javascript: bool):
    page.goto(site.url("/"))
    first = tab_to(page, "Skip to main content")
    assert first["href"] == "#main-content"

    # From the home page to a service, through the site's own links.
    tab_to(page, "You said, we did")
    page.keyboard.press("Enter")
    page.wait_for_url("**/you-said-we-did")
    tab_to(page, "Speech and Language Drop-in")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/services/{site.ids['rich']}")
    assert page.locator("h1").inner_text() == "Speech and Language Drop-in"

    tab_to(page, "Add to shortlist")
    page.keyboard.press("Enter")
    page.wait_for_url("**?shortlist=added")
    assert "Added to your shortlist" in page.locator(".govuk-notification-banner").inner_text()

    tab_to(page, "View your shortlist (1)")
    page.keyboard.press("Enter")
    page.wait_for_url("**/shortlist")
    assert page.locator("h2 a").inner_text() == "Speech and Language Drop-in"

    tab_to(page, "Remove from shortlist")
    page.keyboard.press("Enter")
    page.wait_for_url("**/shortlist?shortlist=removed")
    assert "You have not saved any services yet." in page.locator("main").inner_text()
    assert page.errors == []


def test_javascript_enhances_and_the_policy_blocks_nothing(page: Any, site: Any, javascript: bool):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url(f"/services/{site.ids['rich']}"))
    body_classes = page.evaluate("document.body.className")
    toggle = page.locator(".govuk-service-navigation__toggle")
    menu = page.locator(".govuk-service-navigation__list")
    if javascript:
        assert "js-enabled" in body_classes and "govuk-frontend-supported" in body_classes
        # On a phone the menu collapses behind a button that JavaScript wires up.
        assert toggle.is_visible()
        assert not menu.is_visible()
        toggle.click()
        assert menu.is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
    else:
        assert "js-enabled" not in body_classes
        assert not toggle.is_visible()
        assert menu.is_visible()
    assert page.errors == []  # includes any Content-Security-Policy violation
