from datetime import date
from decimal import Decimal

import pytest

from directory.web.formatting import (
    age_range,
    long_date,
    mailto,
    money,
    paragraphs,
    safe_url,
    sanitise_html,
    tel,
)


def test_sanitise_keeps_the_allowed_structure():
    html = '<p>Hello <strong>there</strong></p><ul><li>One</li></ul><a href="https://a.example/x">A</a>'
    assert sanitise_html(html) == (
        "<p>Hello <strong>there</strong></p><ul><li>One</li></ul>"
        '<a href="https://a.example/x" rel="noopener noreferrer nofollow">A</a>'
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<p onclick="alert(1)">x</p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<h1 style="color:red">Big</h1>',
    ],
)
def test_sanitise_removes_scripts_handlers_and_dangerous_links(hostile):
    cleaned = str(sanitise_html(hostile)).lower()
    for danger in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "data:",
        "<style",
        "<iframe",
        "style=",
        "<h1",
        "<img",
    ):
        assert danger not in cleaned


def test_safe_url_accepts_only_absolute_web_addresses():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url(" http://example.org ") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "/relative",
        "https://",
        'https://x.example/"onmouseover="x',
        "",
        None,
    ):
        assert safe_url(bad) is None


def test_mailto_and_tel_only_for_plausible_values():
    assert mailto("team@barnet.gov.uk") == "mailto:team@barnet.gov.uk"
    assert mailto('"><script>@x.com') is None
    assert mailto("not an email") is None
    assert tel("020 8359 7007") == "tel:02083597007"
    assert tel("+44 (0)20 8359-7007") == "tel:+4402083597007"
    assert tel("javascript:alert(1)") is None
    assert tel("call us") is None


def test_age_range_in_words():
    assert age_range(None, None) == "All ages"
    assert age_range(Decimal(0), Decimal(25)) == "Birth to 25 years"
    assert age_range(Decimal(5), Decimal(11)) == "5 to 11 years"
    assert age_range(Decimal(16), None) == "16 years and over"
    assert age_range(None, Decimal(18)) == "Up to 18 years"
    assert age_range(Decimal("0.5"), Decimal(5)) == "6 months to 5 years"
    assert age_range(Decimal(1), Decimal(1)) == "1 year"


def test_money_dates_and_paragraphs():
    assert money(Decimal("25"), "GBP") == "£25"
    assert money(Decimal("12.5"), None) == "£12.50"
    assert money(Decimal("1000"), "GBP") == "£1,000"
    assert money(Decimal("3"), "CHF") == "3 CHF"
    assert money(None, "GBP") == ""
    assert long_date(date(2026, 10, 1)) == "1 October 2026"
    assert paragraphs("One\r\n\r\nTwo\n  \nThree") == ["One", "Two", "Three"]
