"""The commissioning report's JSON routes (``directory.web.commissioning.api``), described for
the OpenAPI document. Their validation lives with them; these definitions mirror it and the
OpenAPI tests send every documented parameter to check the two agree."""

from __future__ import annotations

from typing import Any

from directory.commissioning import SECTIONS
from directory.commissioning.coverage import rules
from directory.vocab import vocabulary
from directory.web.commissioning import api as commissioning
from directory.web.commissioning.params import BOROUGH_VALUES
from directory.web.spec.operations import Operation
from directory.web.spec.params import Param

TAGS = ("Commissioning",)
_PERIOD = Param(
    "period",
    "DfE statistics period, such as 202425 (SEN2) or 2024; the latest by default.",
    {"type": "string", "pattern": "^[0-9]{4}([0-9]{2})?$"},
    str,
    example="202425",
)
_FLAG = {"type": "string", "enum": ["true", "false"]}


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _filters() -> tuple[Param, ...]:
    needs = (*vocabulary("send-need").codes, "none")
    return (
        Param(
            "need",
            "Need code, or comma-separated codes; `none` for no need.",
            _enum(needs),
            str,
            example="ASD",
        ),
        Param(
            "specific",
            "true: only services for the need itself, not for all needs.",
            _FLAG,
            str,
            example="true",
        ),
        Param("phase", "Age phase.", _enum(vocabulary("age-phase").codes), str, example="primary"),
        Param("sector", "Sector.", _enum(vocabulary("sector").codes), str, example="health"),
        Param(
            "district",
            "Postcode district (N3), or `outside` / `none`.",
            {"type": "string", "pattern": "^([A-Z]{1,2}[0-9][0-9A-Z]?|outside|none)$"},
            str,
            example="N3",
        ),
        Param(
            "ward",
            "ONS ward code.",
            {"type": "string", "pattern": "^[EWSN][0-9]{8}$"},
            str,
            example="E05013628",
        ),
        Param("priority", "Strategic priority id.", {"type": "string"}, str, example="P1"),
        Param("integrated", "true: only integrated services.", _FLAG, str, example="true"),
        Param("borough", "Where the service is.", _enum(BOROUGH_VALUES), str, example="in_borough"),
        Param("stale", "true: only records not checked within a year.", _FLAG, str, example="true"),
        Param(
            "coverage",
            "Statutory checklist item.",
            _enum(r.code for r in rules()),
            str,
            example="LO-01",
        ),
        _PERIOD,
    )


SECTION = Param(
    "section",
    "A report section, or `report` for all of them.",
    _enum((*SECTIONS, "report")),
    str,
    example="gaps",
    location="path",
)

COMMISSIONING_OPERATIONS = (
    Operation(
        "/api/v1/commissioning",
        commissioning.index,
        "commissioning_api",
        "The commissioning report's sections and where to find them",
        tags=TAGS,
    ),
    Operation(
        "/api/v1/commissioning/services",
        commissioning.services,
        "commissioning_api_services",
        "The services behind a cell of the report (a drill-down)",
        params=_filters(),
        tags=TAGS,
    ),
    Operation(
        "/api/v1/commissioning/{section}",
        commissioning.section_json,
        "commissioning_api_section",
        "One section of the commissioning report (supply against demand, gaps, integration, ...)",
        params=(SECTION, _PERIOD),
        errors=(400, 404),
        tags=TAGS,
    ),
)
