"""Plain text out of imported HTML, and postcode districts, as the tagging engine needs them."""

from __future__ import annotations

import html
import re

import nh3

# Block elements end a phrase: "<li>Deaf</li><li>blind</li>" is two items, not "deafblind".
_BLOCK = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|div|tr|td|th|table|blockquote|hr)\b[^>]*>", re.I)
_TAG_START = re.compile(r"<(?=[a-zA-Z/!])")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\s*\n\s*\n\s*")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})?$")


def html_to_text(value: str) -> str:
    """The readable text of an HTML fragment: tags and scripts removed, entities decoded,
    blocks separated by blank lines (which the phrase matcher treats as breaks)."""
    if "<" not in value and "&" not in value:
        return value.strip()
    marked = _BLOCK.sub("\n\n", value)
    # A space before each tag keeps "a<b>c</b>" from gluing words together.
    cleaned = nh3.clean(_TAG_START.sub(" <", marked), tags=set())
    text = _SPACES.sub(" ", html.unescape(cleaned).replace("\xa0", " "))
    return _BLANK_LINES.sub("\n\n", text).strip()


def in_sentence(name: str) -> str:
    """A term's name as it reads inside a sentence: "Short breaks" -> "short breaks", but
    "CAMHS and mental health" keeps its capitals."""
    return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a UK postcode or district ("n3 1ab" -> "N3"), or None."""
    if not postcode:
        return None
    match = _POSTCODE.match(postcode.strip().upper())
    if match is None:
        # "N31AB" without its space: the inward code is always digit, letter, letter.
        compact = postcode.replace(" ", "").upper()
        match = _POSTCODE.match(f"{compact[:-3]} {compact[-3:]}") if len(compact) > 4 else None
    return match.group(1) if match else None
