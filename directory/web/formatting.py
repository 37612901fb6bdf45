"""Jinja filters that turn stored values into the words the pages show.

Everything here treats its input as untrusted imported data: links are only made from
``http``/``https`` addresses, e-mail addresses and phone numbers that look like what they claim
to be, and HTML goes through nh3 with a strict allow-list.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote, urlsplit

import nh3
from markupsafe import Markup

# What a provider's description may keep: paragraphs, lists, emphasis and links. No headings
# (they would break the page's heading order), no images, no styles, no classes.
DESCRIPTION_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "abbr"}
DESCRIPTION_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}

_EMAIL = re.compile(r"^[^@\s<>\"'()\[\]\\,;:]+@[^@\s<>\"'()\[\]\\,;:]+\.[A-Za-z]{2,}$")
_PHONE_CHARS = re.compile(r"^[0-9+()\-. \s]{6,32}$")

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def sanitise_html(value: str | None) -> Markup:
    """Sanitised provider HTML, safe to place in a page.

    The importer already cleans descriptions; this is defence in depth at render time, so a row
    written by any other route (an editor, a bug, a direct SQL fix) still cannot inject markup.
    """
    if not value:
        return Markup("")
    cleaned = nh3.clean(
        value,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 - nh3's allow-list output is the safe HTML we want


def paragraphs(value: str | None) -> list[str]:
    """Plain text split into paragraphs at blank lines (for feedback and plain fields)."""
    if not value:
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", value.replace("\r\n", "\n")) if p.strip()]


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) address, else None (no javascript:, data:...)."""
    if not value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in value for ch in "<>\"' \t\r\n"):
        return None
    return value


def display_url(value: str) -> str:
    """An address as people read it: without the scheme and a trailing slash."""
    return re.sub(r"^https?://", "", value).rstrip("/")


def mailto(value: str | None) -> str | None:
    """A ``mailto:`` link for a plausible e-mail address, else None."""
    if not value or not _EMAIL.match(value.strip()):
        return None
    return "mailto:" + quote(value.strip(), safe="@.+-_")


def tel(value: str | None) -> str | None:
    """A ``tel:`` link for something that looks like a phone number, else None."""
    if not value or not _PHONE_CHARS.match(value.strip()):
        return None
    digits = re.sub(r"[^0-9+]", "", value)
    return "tel:" + digits if len(digits) >= 6 else None


def long_date(value: date | datetime | None) -> str:
    """GOV.UK style: 1 October 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def _age_words(age: Decimal) -> str:
    if age == age.to_integral_value():
        years = int(age)
        return f"{years} year" if years == 1 else f"{years} years"
    months = round(age * 12)
    return f"{months} month" if months == 1 else f"{months} months"


def age_range(minimum: Decimal | None, maximum: Decimal | None) -> str:
    """'Birth to 25 years', '5 to 11 years', '5 years and over', 'Up to 18 years', 'All ages'."""
    if minimum is None and maximum is None:
        return "All ages"
    if maximum is None:
        assert minimum is not None
        return f"{_age_words(minimum)} and over"
    if minimum is None:
        return f"Up to {_age_words(maximum)}"
    high = _age_words(maximum)
    if minimum == 0:
        return f"Birth to {high}"
    low = _age_words(minimum)
    if low == high:
        return high
    if low.endswith(" years") and high.endswith(" years"):
        low = low.removesuffix(" years")
    return f"{low} to {high}"


def money(amount: Decimal | None, currency: str | None) -> str:
    """'£12.50', '£12' for whole pounds, or '' when there is no amount."""
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get((currency or "GBP").upper())
    number = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"
