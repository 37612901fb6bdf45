"""Cleaning imported values: text, HTML, dates, ages, e-mail and web addresses.

Every function either returns a clean value or raises ``ValueError`` whose message is the reason
a person reads in the import report; parsers attach the place and the field.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import nh3

# Raw input longer than this is refused before any work is done on it (a 5 MB description is
# a mistake or an attack, never a description).
MAX_FIELD_CHARS = 200_000
# What is left after sanitising must still be a readable page, not a book.
MAX_DESCRIPTION_CHARS = 50_000

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "h2", "h3", "h4", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/li|/h[1-6]|/div|/tr|/blockquote|hr\s*/?)\s*>")
# A superset of the control and format characters (Cc, Cf): the exact filter runs only on a hit.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    "\u0890\u0891\u08e2\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001-\U000e007f]"
)
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)(?::[0-5]\d)?(?:Z|[+-]\d\d:?\d\d)?$")


def clean(value: Any) -> str | None:
    """Trimmed text with control characters removed; ``None`` for nothing, "" or whitespace."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    if len(value) > MAX_FIELD_CHARS:
        raise ValueError(f"is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}")
    if not value.isprintable() and _INVISIBLE.search(value):
        value = "".join(
            ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
        )
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    value = value.strip()
    return value or None


def clean_line(value: Any) -> str | None:
    """One-line text (names, titles): inner whitespace collapsed, entities decoded."""
    text = clean(value)
    if text is None:
        return None
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii() or "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _WHITESPACE.sub(" ", text).strip()
    return text or None


def sanitise_html(value: str | None) -> str:
    """Allow-listed HTML for display: scripts, styles, event handlers, images and styles go.

    ``ValueError`` when the result, from HTML or plain text alike, is over the length limit.
    """
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        # Quotes stay as they are, as nh3 leaves them: cleaning our own output again (another
        # installation importing our ORUK feed) must give the same text.
        cleaned = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _paragraphs(value))
    else:
        cleaned = nh3.clean(
            value,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer nofollow",
        ).strip()
    if len(cleaned) > MAX_DESCRIPTION_CHARS:
        raise ValueError(
            f"is {len(cleaned):,} characters after cleaning; the limit is {MAX_DESCRIPTION_CHARS:,}"
        )
    return cleaned


def html_to_text(value: str | None) -> str:
    """Plain text for search and listings: tags removed, entities decoded, paragraphs kept."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return _BLANK_LINES.sub("\n\n", value).strip()
    marked = _BLOCK_END.sub("\n", value)
    stripped = nh3.clean(marked, tags=set(), attributes={})
    text = html.unescape(stripped)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def parse_date(value: Any) -> date | None:
    """ISO dates ("2024-12-10", with or without a time), or UK "10/12/2024"."""
    text = clean(value)
    if text is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ValueError("is not a date (use YYYY-MM-DD, or DD/MM/YYYY)")


def parse_age(value: Any) -> Decimal | None:
    """An age in years, 0 to 120; decimals allowed for babies ("0.5")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("is not an age in years")
    try:
        age = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError("is not an age in years (a number such as 5 or 0.5)") from None
    if not age.is_finite() or age < 0 or age > 120:
        raise ValueError("is not an age between 0 and 120")
    return age.quantize(Decimal("0.01"))


def parse_amount(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip().lstrip("£"))
    except InvalidOperation:
        raise ValueError("is not an amount of money (a number such as 12.50)") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise ValueError("is not an amount between 0 and 9,999,999,999")
    return amount.quantize(Decimal("0.01"))


def parse_email(value: Any) -> str | None:
    text = clean(value)
    if text is None:
        return None
    text = text.removeprefix("mailto:")
    if not _EMAIL.match(text) or len(text) > 320:
        raise ValueError("is not an e-mail address")
    return text


def parse_url(value: Any) -> str | None:
    """A web address; "www.example.org" gains its missing "https://"."""
    text = clean(value)
    if text is None:
        return None
    if not text.lower().startswith(("https://", "http://")):
        text = re.sub(r"^(https?):/*(?=[^/])", r"\1://", text, flags=re.IGNORECASE)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) and _DOMAIN.match(text):
        text = "https://" + text  # "www.example.org" and "example.org/page" as people write them
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text, re.IGNORECASE):
        raise ValueError("is not a web address (http:// or https://)")
    return text


def parse_time(value: Any) -> str | None:
    """A time of day as "HH:MM" ("9:30", "09.30", "0930", "09:30:00Z")."""
    text = clean(value)
    if text is None:
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError("is not a time of day (use HH:MM, such as 09:30)")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    raise ValueError("is not Yes or No")


def key(value: str) -> str:
    """A loose key for matching enum variants: "Self referral" == "SELF_REFERRAL"."""
    return re.sub(r"[^a-z0-9]+", "", value.lower())


def parse_uuid(value: Any) -> uuid.UUID | None:
    """The source's id as a UUID when it is one (HSDS 3.0 ids are), else ``None``."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# Part of every fingerprint: bump it when parsing changes, so the next import updates every record.
PARSER_VERSION = "1"


def fingerprint(*raw: Any) -> str:
    """A digest of a source record as it came (JSON object, spreadsheet row)."""
    # Key order is kept as the source wrote it: a reordered record costs one needless update.
    data = json.dumps(raw, ensure_ascii=False, default=str)
    return hashlib.sha256((PARSER_VERSION + data).encode("utf-8")).hexdigest()
