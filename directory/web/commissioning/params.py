"""Query parameters of the commissioning routes, checked at the edge: anything unknown,
malformed or out of range is a 400 that names the parameter."""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.datastructures import QueryParams

from directory.commissioning.coverage import rules as coverage_rules
from directory.commissioning.facts import IN_BOROUGH, OUT_OF_BOROUGH, UNKNOWN_AREA, WIDE_AREA
from directory.commissioning.matrix import NO_LOCATION, NO_NEED, OUTSIDE, ServiceFilter
from directory.errors import BadRequest
from directory.localoffer import AuthorityConfig
from directory.vocab import vocabulary

_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_WARD = re.compile(r"^[EWSN][0-9]{8}$")
_PERIOD = re.compile(r"^[0-9]{4}([0-9]{2})?$")
BOROUGH_VALUES = (IN_BOROUGH, OUT_OF_BOROUGH, WIDE_AREA, UNKNOWN_AREA)
FILTER_PARAMS = (
    "need",
    "specific",
    "phase",
    "sector",
    "district",
    "ward",
    "priority",
    "integrated",
    "borough",
    "stale",
    "coverage",
)


def check_known(params: QueryParams, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name in params:
        if name not in allowed:
            raise BadRequest(
                f"unknown parameter {name!r}; this address takes: "
                + (", ".join(sorted(allowed)) or "no parameters"),
                parameter=name,
            )
    for name in set(params):
        if len(params.getlist(name)) > 1:
            raise BadRequest(f"give {name!r} once", parameter=name)


def period(params: QueryParams) -> str | None:
    value = params.get("period")
    if value is None:
        return None
    if not _PERIOD.match(value):
        raise BadRequest("period must be a DfE period such as 202425 or 2024", parameter="period")
    return value


def limit(params: QueryParams, default: int, maximum: int) -> int:
    value = params.get("limit")
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise BadRequest(f"limit must be a whole number from 1 to {maximum}", parameter="limit")
    return int(value)


def _choice(params: QueryParams, name: str, allowed: Iterable[str]) -> str:
    value = params.get(name, "")
    allowed = tuple(allowed)
    if value and value not in allowed:
        raise BadRequest(f"{name} must be one of: {', '.join(allowed)}", parameter=name)
    return value


def _flag(params: QueryParams, name: str) -> bool:
    value = params.get(name, "")
    if value not in ("", "true", "false"):
        raise BadRequest(f"{name} must be true or false", parameter=name)
    return value == "true"


def _needs(params: QueryParams) -> tuple[str, ...]:
    value = params.get("need", "")
    if not value:
        return ()
    codes = tuple(value.split(","))
    known = (*vocabulary("send-need").codes, NO_NEED)
    for code in codes:
        if code not in known:
            raise BadRequest(
                f"need {code!r} is not a need code; use {', '.join(known)}", parameter="need"
            )
    if len(codes) > 1 and ({"ALL", NO_NEED} & set(codes)):
        raise BadRequest("ALL and none cannot be combined with other needs", parameter="need")
    return codes


def _district(params: QueryParams) -> str:
    value = params.get("district", "")
    if value and value not in (OUTSIDE, NO_LOCATION) and not _DISTRICT.match(value):
        raise BadRequest(
            "district must be a postcode district such as N3, or 'outside' or 'none'",
            parameter="district",
        )
    return value


def service_filter(params: QueryParams, config: AuthorityConfig) -> tuple[ServiceFilter, str]:
    """The drill-down filter and the checklist item (``coverage``), both validated."""
    ward = params.get("ward", "")
    if ward and not _WARD.match(ward):
        raise BadRequest("ward must be an ONS ward code such as E05013628", parameter="ward")
    chosen = ServiceFilter(
        need=_needs(params),
        specific=_flag(params, "specific"),
        phase=_choice(params, "phase", vocabulary("age-phase").codes),
        sector=_choice(params, "sector", vocabulary("sector").codes),
        district=_district(params),
        ward=ward,
        priority=_choice(params, "priority", (p.id for p in config.priorities)),
        integrated=_flag(params, "integrated"),
        borough=_choice(params, "borough", BOROUGH_VALUES),
        stale=_flag(params, "stale"),
    )
    coverage = _choice(params, "coverage", (r.code for r in coverage_rules()))
    return chosen, coverage
