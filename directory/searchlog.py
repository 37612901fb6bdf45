"""The privacy-safe search log: what was searched for and how much was found, never who searched.

Each search (page 1 of it: paging is the same search) becomes one ``SearchLog`` row for the
commissioners' "unmet search demand" report (``directory/commissioning/searches.py``):

- the words, lower case, with every token that holds a digit (postcodes, phone numbers, house
  numbers, dates, NHS numbers, ages), an ``@`` (e-mail addresses) or a web address removed;
- the postcode district only (``N3``), never the full postcode;
- the need codes asked for: the need filter (broad areas expanded to their needs) and the needs
  the words name through the synonym list ("autism" is ``ASD``), so demand typed in words
  counts as well as demand ticked in the filters;
- the ages (the age filter, else the ages the words imply), the other filters and the count.

Names typed into the search box cannot be recognised reliably; the report therefore publishes a
search's words only when enough separate searches used the same ones.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from directory.models import SearchLog
from directory.search import FILTERS, SearchQuery, SearchResult
from directory.search.facets import broad_areas

MAX_TEXT = 200
_DROPPED_TOKEN = re.compile(r"[0-9@]|://|^www\.", re.IGNORECASE)
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def scrub_text(text: str) -> str:
    """The words of a search without personal details: lower case, tokens holding a digit, an
    ``@`` or a web address removed, whitespace collapsed, at most ``MAX_TEXT`` characters."""
    kept = [token for token in text.lower().split() if not _DROPPED_TOKEN.search(token)]
    # Brackets and dashes left alone once their number went ("(0)20" -> nothing, "- " -> "").
    kept = [token for token in kept if re.search(r"\w", token)]
    return " ".join(kept)[:MAX_TEXT].strip()


def district_of(query: SearchQuery, result: SearchResult) -> str | None:
    """The outward code of the searched postcode, as located, else as typed."""
    point = result.interpretation.postcode
    district = point.district if point else (query.postcode or "").split(" ")[0].upper()
    return district if _DISTRICT.match(district) else None


def need_codes(query: SearchQuery, result: SearchResult) -> list[str]:
    areas = broad_areas()
    asked = [code for need in query.need for code in areas.get(need, (need,))]
    named = [need for use in result.interpretation.synonyms for need in use.needs]
    return sorted({code for code in [*asked, *named] if code != "ALL"})


def _ages(query: SearchQuery, result: SearchResult) -> tuple[Decimal | None, Decimal | None]:
    if query.min_age is not None or query.max_age is not None:
        return query.min_age, query.max_age
    implied = result.interpretation.ages_from_text
    return implied if implied is not None else (None, None)


def search_log_entry(query: SearchQuery, result: SearchResult, channel: str) -> SearchLog:
    """The log row for a search answered on ``channel`` (``web`` or ``api``)."""
    filters: dict[str, Any] = {
        name: list(query.filter_codes(name))
        for name in FILTERS
        if name != "need" and query.filter_codes(name)
    }
    if query.radius_km is not None:
        filters["radius_km"] = query.radius_km
    low, high = _ages(query, result)
    return SearchLog(
        channel=channel,
        query_text=scrub_text(query.text),
        need_codes=need_codes(query, result),
        min_age=low,
        max_age=high,
        filters=filters,
        postcode_district=district_of(query, result),
        result_count=result.total,
    )


def record_search(session: Session, query: SearchQuery, result: SearchResult, channel: str) -> None:
    """Add the search's log row to ``session`` (the caller commits); later pages are skipped."""
    if query.page == 1:
        session.add(search_log_entry(query, result, channel))
