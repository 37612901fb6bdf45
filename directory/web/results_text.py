"""The words of the results page: how the search was understood, in plain English, and the lines
of each result summary. Everything here comes from the ``SearchResult`` and its ``Listing``
objects, the same ones the JSON API renders."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from directory.listing import Listing
from directory.search import SearchResult, SynonymUse
from directory.web.formatting import age_range, long_date
from directory.web.results_params import PageRequest
from directory.web.results_state import SearchState
from directory.web.results_view import miles_text

SMALL_WORDS = frozenset({"and", "of", "the", "for", "with", "to", "in", "on"})
SHOWN_SYNONYMS = 3
SHOWN_NEEDS = 4
REMOTE_LABELS = {"online": "online", "phone": "by phone", "home_visit": "home visits"}


def _initials(words: Sequence[str]) -> str:
    return "".join(word[0] for word in words if word)


def display_term(term: str, group: Sequence[str]) -> str:
    """A term as people write it: an acronym in capitals. The synonym list is lower case, so
    a short word is taken for an acronym when it is the initials of another term in its group
    ("asd": "autistic spectrum disorder", "salt": "speech and language therapy")."""
    if " " in term or not 2 <= len(term) <= 6 or not term.isalpha():
        return term
    for other in group:
        words = re.findall(r"[a-z]+", other.lower())
        if len(words) < 2:
            continue
        content = [w for w in words if w not in SMALL_WORDS]
        if term in (_initials(words), _initials(content)):
            return term.upper()
    return term


def synonym_phrase(use: SynonymUse) -> str:
    """'autism (including autistic, ASD, ASC)': what was typed and what else it found."""
    said = display_term(use.said, use.terms)
    others = [t for t in use.terms if t != use.said.lower()][:SHOWN_SYNONYMS]
    if not others:
        return said
    return f"{said} (including {', '.join(display_term(t, use.terms) for t in others)})"


@dataclass(frozen=True)
class Understood:
    phrases: tuple[str, ...]  # words with synonyms, in plain English
    corrected: str | None  # "Showing results for ..."
    original: str | None  # "... Search instead for ..."
    original_href: str | None
    suggestion: str | None  # "Did you mean ...?"
    suggestion_href: str | None
    age_note: str | None
    place_note: str | None


def understood(request: PageRequest, result: SearchResult, state: SearchState) -> Understood:
    seen = result.interpretation
    query = request.query
    corrected = seen.corrected_text if query.spelling else None
    suggestion = result.suggestion if not query.spelling else None
    return Understood(
        phrases=tuple(synonym_phrase(use) for use in seen.synonyms),
        corrected=corrected,
        original=query.text if corrected else None,
        original_href=state.replacing("spelling", "off") if corrected else None,
        suggestion=suggestion,
        suggestion_href=(
            state.url(
                [("q", suggestion), *((k, v) for k, v in state.pairs if k not in ("q", "spelling"))]
            )
            if suggestion
            else None
        ),
        age_note=_age_note(request, result),
        place_note=_place_note(request, result),
    )


def _age_note(request: PageRequest, result: SearchResult) -> str | None:
    implied = result.interpretation.ages_from_text
    query = request.query
    if implied is None or query.min_age is not None or query.max_age is not None:
        return None
    low, high = implied
    ages = f"age {low.normalize():f}" if low == high else f"ages {age_range(low, high)}"
    return f"Services for {ages} are shown first."


def _place_note(request: PageRequest, result: SearchResult) -> str | None:
    point = result.interpretation.postcode
    if point is None or point.precision != "district":
        return None
    if " " not in (request.query.postcode or ""):
        return f"Distances are measured from the middle of the {point.district} area."
    return (
        f"We do not know exactly where {request.query.postcode} is, so distances are measured "
        f"from the middle of the {point.district} area."
    )


@dataclass(frozen=True)
class ResultItem:
    listing: Listing
    ages: str
    needs: str | None
    where: str | None
    checked: str
    priorities: str | None
    in_shortlist: bool


def _needs(listing: Listing) -> str | None:
    labels = [
        "All needs" if c.code == "ALL" else c.label for c in listing.classified.get("needs", ())
    ]
    if not labels:
        return None
    if len(labels) > SHOWN_NEEDS:
        return f"{', '.join(labels[:SHOWN_NEEDS])} and {len(labels) - SHOWN_NEEDS} more"
    return ", ".join(labels)


def _where(listing: Listing) -> str | None:
    ways = ", ".join(REMOTE_LABELS.get(r, r) for r in listing.remote)
    if listing.distance_km is not None:
        away = f"{miles_text(listing.distance_km)} away".capitalize()
        return f"{away}; also {ways}" if ways else away
    return f"No venue: {ways}" if ways else None


def result_items(listings: Sequence[Listing], shortlist: Sequence[uuid.UUID]) -> list[ResultItem]:
    saved = set(shortlist)
    return [
        ResultItem(
            listing=item,
            ages=age_range(item.minimum_age, item.maximum_age),
            needs=_needs(item),
            where=_where(item),
            checked=long_date(item.last_checked) or "Not recorded",
            priorities=", ".join(p.label for p in item.priorities) or None,
            in_shortlist=item.id in saved,
        )
        for item in listings
    ]
