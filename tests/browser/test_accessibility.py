"""axe-core finds no WCAG 2.2 A/AA violations, and nothing scrolls sideways at 320 pixels."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def pages(site: Any) -> dict[str, str]:
    rich = site.ids["rich"]
    return {
        "home": "/",
        "results": "/services?q=support&need=ASD",
        "results with errors": "/services?q=support&age=old&postcode=nowhere",
        "no results": "/services?q=hydrotherapy&cost=paid",
        "service": f"/services/{rich}",
        "shortlist": "/shortlist",
        "shortlist print": "/shortlist/print",
        "report a problem": f"/services/{rich}/report-a-problem",
        "comment": "/feedback",
        "feedback sent": "/feedback/sent",
        "you said, we did": "/you-said-we-did",
        "accessibility statement": "/accessibility",
        "cookies": "/cookies",
        "not found": "/no-such-page",
    }


def add_to_shortlist(page: Any, site: Any) -> None:
    page.goto(site.url(f"/services/{site.ids['rich']}"))
    page.get_by_role("button", name="Add to shortlist").click()
    page.wait_for_url("**?shortlist=added")


def run_axe(page: Any, axe_source: str) -> dict[str, Any]:
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' '))})), passes: r.passes.length}))",
        AXE_TAGS,
    )


def test_no_axe_violations_on_any_page(axe_page: Any, site: Any, axe_source: str, javascript: bool):
    page = axe_page
    add_to_shortlist(page, site)
    results = {}
    for name, path in pages(site).items():
        page.goto(site.url(path))
        classes = page.evaluate("document.body.className")
        assert ("js-enabled" in classes) is javascript, (name, classes)
        results[name] = run_axe(page, axe_source)
    # The form after a failed submission: error summary and error messages.
    page.goto(site.url("/feedback"))
    page.get_by_role("button", name="Send").click()
    page.locator(".govuk-error-summary").wait_for(state="visible")
    results["comment with errors"] = run_axe(page, axe_source)
    print(
        "\naxe",
        "js" if javascript else "no-js",
        json.dumps({name: len(r["violations"]) for name, r in results.items()}),
    )
    failures = {name: r["violations"] for name, r in results.items() if r["violations"]}
    assert failures == {}
    assert all(r["passes"] > 10 for r in results.values())


def test_no_horizontal_scrolling_at_320_pixels(page: Any, site: Any, javascript: bool):
    page.set_viewport_size({"width": 320, "height": 640})
    add_to_shortlist(page, site)
    wide = {}
    for name, path in pages(site).items():
        page.goto(site.url(path))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    assert wide == {}
