"""What the DfE publishes in its "Education, health and care plans" (SEN2) release: the files we
read, their columns, the symbols and the breakdowns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

ENGLAND = "E92000001"

# The symbols of the DfE's explore-education-statistics convention (see data-guidance.txt).
SYMBOLS = frozenset({"x", "z", "c", "low", "u", ":", "~", ".."})

ID_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "la_name",
    "breakdown_topic",
    "breakdown",
)

# Identifiers we do not store (the old three-digit LA code travels in the config instead).
IGNORED = frozenset({"old_la_code", ""})

LEVELS = {"national": "national", "regional": "regional", "local authority": "local_authority"}

# Primary-need columns of the two "by type of need" files, as send-need codes. Down syndrome is
# counted under OTH in 2025 and has its own column from the 2026 release.
NEED_COLUMNS = {
    "asd": "ASD",
    "hi": "HI",
    "mld": "MLD",
    "msi": "MSI",
    "oth": "OTH",
    "pd": "PD",
    "pmld": "PMLD",
    "semh": "SEMH",
    "slcn": "SLCN",
    "sld": "SLD",
    "spld": "SPLD",
    "vi": "VI",
}
OPTIONAL_NEED_COLUMNS = {"ds": "DS"}

TOPICS = {
    "all ehc plans": "total",
    "all ehc plans issued": "total",
    "all requests for ehc needs assessments": "total",
    "all work based placements": "total",
    "child or young persons age": "age",
    "young persons age": "age",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "type of placement": "placement",
    "years ehc plan in place": "years_in_place",
}

_AGE_ONE = re.compile(r"^(?:aged?\s+)?(\d{1,2})$")
_AGE_UNDER = re.compile(r"^(?:aged?\s+)?(\d{1,2}) and under$|^under (\d{1,2})$")
_AGE_OVER = re.compile(r"^(?:aged?\s+)?(\d{1,2}) (?:and|or) over$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class DatasetSpec:
    key: str
    filename: str
    title: str
    value_columns: tuple[str, ...]
    by_need: bool = False
    optional_columns: tuple[str, ...] = ()


def _need_columns(total: str) -> tuple[str, ...]:
    return (
        total,
        *(f"number_{n}" for n in NEED_COLUMNS),
        "number_need_unknown",
        *(f"{n}_pc" for n in NEED_COLUMNS),
        "unknown_pc",
    )


_OPTIONAL_NEED = tuple(f"number_{n}" for n in OPTIONAL_NEED_COLUMNS) + tuple(
    f"{n}_pc" for n in OPTIONAL_NEED_COLUMNS
)

DATASETS: dict[str, DatasetSpec] = {
    spec.key: spec
    for spec in (
        DatasetSpec(
            "sen2_all_plans",
            "sen_needs_all_plans.csv",
            "EHC plans at January by primary need",
            _need_columns("ehc_plans"),
            by_need=True,
            optional_columns=_OPTIONAL_NEED,
        ),
        DatasetSpec(
            "sen2_new_plans",
            "sen_need_newplans.csv",
            "New EHC plans in the calendar year by primary need",
            _need_columns("ehc_plans"),
            by_need=True,
            optional_columns=_OPTIONAL_NEED,
        ),
        DatasetSpec(
            "sen2_requests",
            "requests.csv",
            "Requests for an EHC needs assessment",
            (
                "requests_received_in_year",
                "requests_decided_to_assess",
                "requests_decided_not_to_assess",
                "request_outcome_six_weeks",
                "request_outcome_six_weeks_pc",
            ),
        ),
        DatasetSpec(
            "sen2_timeliness",
            "timeliness_20_week.csv",
            "EHC plans issued within 20 weeks",
            (
                "plans_issued_den",
                "plans_issued_den_ex",
                "plans_issued_within_20_weeks",
                "plans_issued_20_weeks_ex",
                "pc_plans_issued_within_20_weeks",
                "pc_plans_issued_20_weeks_ex",
            ),
        ),
        DatasetSpec(
            "sen2_work_placements",
            "work_based_placements.csv",
            "Work-based placements: supported internships, apprenticeships, traineeships",
            ("open_supp_intern", "open_apprentice", "open_trainee", "open_wbp"),
        ),
    )
}


def normalise_age(text: str) -> str:
    """``age 10``/``Aged 10`` -> ``10``; ``age 2 and under``/``under 3`` -> ``0-2``;
    ``age 20 and over`` -> ``20+``; anything else (``Age unknown``) -> ``unknown``."""
    lowered = " ".join(text.lower().split())
    if match := _AGE_ONE.match(lowered):
        return str(int(match.group(1)))
    if match := _AGE_UNDER.match(lowered):
        upper = int(match.group(1)) if match.group(1) else int(match.group(2)) - 1
        return f"0-{upper}"
    if match := _AGE_OVER.match(lowered):
        return f"{int(match.group(1))}+"
    return "unknown"


def age_range(breakdown: str) -> tuple[int, int | None] | None:
    """The ages an ``age`` breakdown covers: ``10`` -> (10, 10), ``0-2`` -> (0, 2),
    ``20+`` -> (20, None); None for ``unknown``."""
    if breakdown.isdigit():
        return int(breakdown), int(breakdown)
    if breakdown.endswith("+") and breakdown[:-1].isdigit():
        return int(breakdown[:-1]), None
    low, _, high = breakdown.partition("-")
    if low.isdigit() and high.isdigit():
        return int(low), int(high)
    return None


def period_label(period: str) -> str:
    """``202425`` -> ``2024/25``; a calendar year stays as it is."""
    if len(period) == 6 and period.isdigit():
        return f"{period[:4]}/{period[4:]}"
    return period


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"
