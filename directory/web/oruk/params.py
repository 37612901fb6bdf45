"""Query parameters of the Open Referral UK 3.0 API (the UK profile's, plus HSDS ones that
aggregators use), defined once for validation and for ``/oruk/openapi.json``."""

from __future__ import annotations

from typing import Any

from directory.vocab import taxonomy_id, term_id
from directory.web.api.search_params import _postcode
from directory.web.oruk.queries import ServiceFilter
from directory.web.spec.params import (
    Invalid,
    Param,
    boolean,
    choice,
    clock,
    integer,
    number,
    text,
    timestamp,
    uuid_value,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000
MAX_PROXIMITY_M = 200_000
_DAYS = {
    "MO": "MO",
    "TU": "TU",
    "WE": "WE",
    "TH": "TH",
    "FR": "FR",
    "SA": "SA",
    "SU": "SU",
    "MONDAY": "MO",
    "TUESDAY": "TU",
    "WEDNESDAY": "WE",
    "THURSDAY": "TH",
    "FRIDAY": "FR",
    "SATURDAY": "SA",
    "SUNDAY": "SU",
}


def _day(value: str) -> str:
    try:
        return _DAYS[value.upper()]
    except KeyError:
        raise Invalid(
            "must be a day of the week: MO, TU, WE, TH, FR, SA, SU (or Monday...)"
        ) from None


AGES = {"type": "number", "minimum": 0, "maximum": 120}


PAGE = Param(
    "page",
    "Page number, from 1.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    integer(1, MAX_PAGE),
    example="1",
)
PER_PAGE = Param(
    "per_page",
    f"Items per page, 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}).",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    integer(1, MAX_PER_PAGE),
    example="50",
)
SEARCH = Param(
    "search",
    "Full-text search with the directory's own search (synonyms, acronyms, spelling).",
    {"type": "string", "maxLength": 200},
    text(),
    example="autism",
)
FORMAT = Param(
    "format",
    "json (default, paged) or ndjson: every matching item, one JSON object per line, unpaged.",
    {"type": "string", "enum": ["json", "ndjson"]},
    choice(("json", "ndjson")),
    example="json",
)
SERVICE_FILTERS = (
    Param(
        "taxonomy_term_id",
        "Services tagged with this taxonomy term (see /oruk/taxonomy_terms).",
        {"type": "string", "format": "uuid"},
        uuid_value,
        example=str(term_id("send-need", "ASD")),
    ),
    Param(
        "taxonomy_id",
        "Services tagged with any term of this taxonomy (see /oruk/taxonomies).",
        {"type": "string", "format": "uuid"},
        uuid_value,
        example=str(taxonomy_id("send-need")),
    ),
    Param(
        "organization_id",
        "Services of this organisation.",
        {"type": "string", "format": "uuid"},
        uuid_value,
        example="74c28af8-df59-5aad-bb40-d5062b524da0",
    ),
    Param(
        "minimum_age",
        "Services whose age range reaches this age or above (range overlap: a service for "
        "5-11 matches minimum_age=10; an open upper end matches any age).",
        AGES,
        number(0, 120),
        example="5",
    ),
    Param(
        "maximum_age",
        "Services whose age range starts at this age or below (range overlap).",
        AGES,
        number(0, 120),
        example="11",
    ),
    Param(
        "start_time",
        "Services with a schedule that opens at or after this time (HH:MM).",
        {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]"},
        clock,
        example="09:00",
    ),
    Param(
        "end_time",
        "Services with a schedule that closes at or before this time (HH:MM).",
        {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]"},
        clock,
        example="17:00",
    ),
    Param(
        "day",
        "Services with a schedule on this day (MO ... SU, or Monday ... Sunday).",
        {"type": "string"},
        _day,
        example="MO",
    ),
    Param(
        "modified_after",
        "Services changed on or after this date or date-time (ISO 8601; UTC when no offset).",
        {"type": "string", "format": "date-time"},
        timestamp,
        example="2026-01-01T00:00:00Z",
    ),
    Param(
        "full",
        "true: every item fully nested, as /oruk/services/{id} returns it.",
        {"type": "boolean"},
        boolean,
        example="false",
    ),
)
SERVICE_PARAMS = (SEARCH, PAGE, PER_PAGE, *SERVICE_FILTERS, FORMAT)
SAL_PARAMS = (
    *SERVICE_PARAMS,
    Param(
        "postcode",
        "A UK postcode: results are ordered by distance from it (its centroid; the district's "
        "when the postcode itself is not known).",
        {"type": "string", "maxLength": 16},
        _postcode,
        example="N3 1AB",
    ),
    Param(
        "proximity",
        f"With postcode: only places within this many metres (up to {MAX_PROXIMITY_M:,}).",
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_PROXIMITY_M},
        number(0, MAX_PROXIMITY_M, above_low=True),
        example="5000",
    ),
)
TERM_PARAMS = (
    PAGE,
    PER_PAGE,
    Param(
        "taxonomy_id",
        "Terms of this taxonomy only.",
        {"type": "string", "format": "uuid"},
        uuid_value,
        example=str(taxonomy_id("sector")),
    ),
)


def service_filter(values: dict[str, Any]) -> ServiceFilter:
    return ServiceFilter(
        **{name: values.get(name) for name in ServiceFilter.__dataclass_fields__},
    )
