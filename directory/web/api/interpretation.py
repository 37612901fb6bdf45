"""How a search was understood, and its facet counts, as JSON (the pages render the same)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from directory.search import FILTERS, SearchResult


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def facets_json(result: SearchResult) -> list[dict[str, Any]]:
    return [
        {
            "name": facet.name,
            "label": facet.label,
            "values": [
                {"code": v.code, "label": v.label, "count": v.count, "selected": v.selected}
                for v in facet.values
            ],
        }
        for facet in result.facets
    ]


def interpretation_json(result: SearchResult) -> dict[str, Any]:
    """What was searched for: the words after synonyms and spelling, the age read from the text,
    where the postcode is and how precisely, and the filters applied."""
    seen = result.interpretation
    query = result.query
    point = seen.postcode
    return {
        "text": seen.text,
        "corrected_text": seen.corrected_text,
        "words": list(seen.words),
        "synonyms": [
            {
                "said": use.said,
                "searched": list(use.searched),
                "needs": list(use.needs),
                "service_types": list(use.service_types),
            }
            for use in seen.synonyms
        ],
        "age_from_text": _number(seen.age_from_text),
        # An age or an age group read from the words ("teenager"): fitting services rank higher.
        "ages_from_text": None
        if seen.ages_from_text is None
        else [_number(seen.ages_from_text[0]), _number(seen.ages_from_text[1])],
        "min_age": _number(query.min_age),
        "max_age": _number(query.max_age),
        "postcode": None
        if point is None
        else {
            "postcode": point.postcode,
            "district": point.district,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "precision": point.precision,
        },
        "radius_km": seen.radius_km,
        "needs": list(seen.needs),
        "filters": {
            name: list(query.filter_codes(name)) for name in FILTERS if query.filter_codes(name)
        },
        "sort": query.sort,
    }
