"""Parser for the DfE "Get Information About Schools" establishment export (``edubasealldata``).

One open establishment of the authority (every authority with ``Scope.everywhere``) becomes a
school organisation (URN under the org-id scheme ``GB-EDU``, website, telephone), its site (a
location from Easting/Northing, else its postcode) and one service: the establishment, typed
special school, alternative provision, post-16, early years or mainstream school, with the
statutory age range, the SEN provision types (SEN1..SEN13) as need codes, and resourced
provision and SEN unit places and numbers on roll (``extra["gias"]``). Closed and proposed
establishments are left out, so a school that closes is withdrawn on the next import.

The download is Windows-1252; a copy re-saved as UTF-8 is read too (stray C1 characters are
repaired). Columns are found by name; a missing one fails the file and is named.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from directory.importers import table as tables
from directory.importers import text
from directory.importers.checks import FieldReader, Rejected
from directory.importers.gias_columns import (
    AP_TYPES,
    INDEPENDENT_TYPES,
    NOT_APPLICABLE,
    NURSERY_TYPES,
    OPTIONAL,
    POST_16_TYPES,
    REQUIRED,
    SEN_CODES,
    SEN_COLUMNS,
    SKIPPED_TYPES,
    SPECIAL_TYPES,
)
from directory.importers.phones import uk_phone
from directory.importers.records import (
    AddressRecord,
    IdentifierRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ServiceRecord,
    TermRef,
)
from directory.importers.report import ImportFailed, Parsed, Problem
from directory.importers.scope import Scope
from directory.importers.sources import Document

FORMAT = "gias"
SCHEME = "GB-EDU"


def parse(documents: Sequence[Document], scope: Scope) -> Parsed:
    parsed = Parsed()
    for document in documents:
        found = _parse_document(document, scope, parsed)
        if not found:
            where = "any local authority" if scope.everywhere else f"LA {scope.la_code}"
            raise ImportFailed(
                f"{document.name}: no open establishments of {where} in the file, so nothing "
                "was loaded (is the authority's LA code right in the configuration?)"
            )
    return parsed


def _parse_document(document: Document, scope: Scope, parsed: Parsed) -> int:
    table = tables.read_table(document.name, tables.decode(document))
    table.require(REQUIRED)
    table.optional(OPTIONAL)
    first_seen: dict[str, int] = {}
    found = 0
    for line, row, wrong_width in table.records():
        if not scope.everywhere and row["la_code"].lstrip("0") != scope.la_code.lstrip("0"):
            continue
        if not row["status"].lower().startswith("open") or _type(row) in SKIPPED_TYPES:
            continue
        found += 1
        parsed.total += 1
        where = f"{document.name} line {line}"
        urn = row["urn"]
        if wrong_width:
            parsed.problems.append(Problem(where, wrong_width))
            parsed.seen_ids.add(urn)
            continue
        if urn in first_seen:
            reason = f"URN {urn} appears again (first on line {first_seen[urn]}); left out"
            parsed.problems.append(Problem(where, reason, "URN", urn))
            continue
        first_seen[urn] = line
        reader = FieldReader(where)
        try:
            parsed.records.append(establishment(row, reader))
        except Rejected as rejected:
            parsed.problems.append(rejected.problem)
        parsed.problems.extend(reader.warnings)
        if urn.isdigit():
            parsed.seen_ids.add(urn)
    return found


def _type(row: dict[str, str]) -> int | None:
    code = row["type_code"]
    return int(code) if code.isdigit() else None


def establishment(row: dict[str, str], reader: FieldReader) -> ServiceRecord:
    """One GIAS row (values by our column names) as a service with its school and site."""
    urn = row["urn"]
    if not urn.isdigit():
        raise reader.reject("URN", urn, "the URN must be a number")
    name = reader.plain("EstablishmentName", row["name"], required=True) or ""
    low, high = reader.ages(row["low_age"], row["high_age"])
    type_code = _type(row)
    needs = _needs(row)
    kinds = _service_types(row, type_code)
    facts = _facts(row, reader)
    phone = reader.convert("TelephoneNum", row.get("phone"), uk_phone)
    website = reader.convert("SchoolWebsite", row.get("website"), text.parse_url)
    phones = (PhoneRecord(phone),) if phone else ()
    special = type_code in SPECIAL_TYPES
    if not special:
        needs = ["ALL", *needs]  # every mainstream school must support any SEN (SEN support)
    description = _description(name, row, facts, needs)
    return ServiceRecord(
        source_id=urn,
        name=name,
        organization=OrganizationRecord(
            source_id=f"{SCHEME}-{urn}",
            name=name,
            organization_type="school",
            website=website,
            identifiers=(IdentifierRecord(urn, "DfE unique reference number (URN)", SCHEME),),
            phones=phones,
        ),
        description="".join(f"<p>{html.escape(p)}</p>" for p in description),
        description_text="\n\n".join(description),
        url=website,
        minimum_age=low,
        maximum_age=high,
        ehcp_required=True if special else None,
        cost_state="unknown" if type_code in INDEPENDENT_TYPES else "free",
        terms=(
            TermRef("sector", "education"),
            *(TermRef("service-type", kind) for kind in kinds),
            *(TermRef("send-need", need) for need in needs),
            *((TermRef("referral-route", "ehc_plan"),) if special else ()),
        ),
        locations=(_site(urn, name, row, reader),),
        phones=phones,
        extra={"gias": facts},
        fingerprint=text.fingerprint(FORMAT, row),
    )


def _needs(row: dict[str, str]) -> list[str]:
    """SEN1..SEN13 in order, as need codes; some rows fill SEN2.. with SEN1 "Not Applicable"."""
    needs: list[str] = []
    for column in SEN_COLUMNS:
        value = row.get(column, "")
        if value.lower() in NOT_APPLICABLE:
            continue
        code = SEN_CODES.get(value.split(" - ")[0].strip().upper())
        if code and code not in needs:
            needs.append(code)
    return needs


def _service_types(row: dict[str, str], type_code: int | None) -> list[str]:
    phase = row["phase"].lower()
    kinds: list[str] = []
    if type_code in SPECIAL_TYPES:
        kinds.append("special_school")
    elif type_code in AP_TYPES:
        kinds.append("alternative_provision")
    elif type_code in POST_16_TYPES or phase == "16 plus":
        kinds.append("post_16_education")
    elif type_code in NURSERY_TYPES or phase == "nursery":
        kinds.append("early_years_setting")
    else:
        kinds.append("mainstream_school")
    if _provision_type(row) is not None:
        kinds.append("resourced_provision")
    if row.get("nursery", "").lower().startswith("has nursery") and phase != "nursery":
        kinds.append("early_years_setting")
    if row.get("sixth_form", "").lower().startswith("has a sixth form"):
        kinds.append("post_16_education")
    return list(dict.fromkeys(kinds))


def _provision_type(row: dict[str, str]) -> str | None:
    value = row.get("rp_type", "")
    return None if value.lower() in NOT_APPLICABLE else value


def _facts(row: dict[str, str], reader: FieldReader) -> dict[str, Any]:
    """What the register says about the establishment, for pages and commissioning reports."""

    def count(field: str, label: str) -> int | None:
        value = row.get(field, "")
        return reader.convert(label, value, _count) if value else None

    facts: dict[str, Any] = {
        "urn": row["urn"],
        "la_code": row["la_code"],
        "la_name": row.get("la_name") or None,
        "establishment_type": row["type_name"] or None,
        "type_group": row.get("group_name") or None,
        "phase": row["phase"] or None,
        "gender": row.get("gender") or None,
        "capacity": count("capacity", "SchoolCapacity"),
        "pupils": count("pupils", "NumberOfPupils"),
        "pupils_with_ehc_plan": count("sen_stat", "SENStat"),
        "pupils_on_sen_support": count("sen_no_stat", "SENNoStat"),
        "sen_provision": _needs(row),
        "section41": row.get("section41") or None,
        "trust": row.get("trust") or None,
        "census_date": _date(row.get("census_date")),
        "last_changed": _date(row.get("last_changed")),
    }
    provision = _provision_type(row)
    if provision is not None:
        places = {
            "type": provision,
            "capacity": count("rp_capacity", "ResourcedProvisionCapacity"),
            "on_roll": count("rp_on_roll", "ResourcedProvisionOnRoll"),
            "sen_unit_capacity": count("unit_capacity", "SenUnitCapacity"),
            "sen_unit_on_roll": count("unit_on_roll", "SenUnitOnRoll"),
        }
        facts["resourced_provision"] = {k: v for k, v in places.items() if v is not None}
    return {
        k: v
        for k, v in facts.items()
        if v not in (None, []) and not (isinstance(v, str) and v.lower() in NOT_APPLICABLE)
    }


def _count(value: str) -> int:
    number = int(value)
    if number < 0 or number > 100_000:
        raise ValueError("is not a number of places or pupils")
    return number


def _date(value: str | None) -> str | None:
    """GIAS dates are dd-mm-yyyy; kept as ISO text in the facts."""
    try:
        parsed = text.parse_date(value)
    except ValueError:
        return None
    return parsed.isoformat() if parsed else None


def _site(urn: str, name: str, row: dict[str, str], reader: FieldReader) -> LocationRecord:
    postcode = reader.optional_postcode("Postcode", row["postcode"])
    easting = reader.convert("Easting", row.get("easting") or None, _grid)
    northing = reader.convert("Northing", row.get("northing") or None, _grid)
    if easting is None or northing is None:
        easting = northing = None
    found = [
        reader.plain(field, row.get(field, "")) for field in ("street", "locality", "address3")
    ]
    lines = [line for line in found if line]
    return LocationRecord(
        source_id=f"{urn}#site",
        name=name,
        postcode=postcode,
        easting=easting,
        northing=northing,
        external_identifier=urn,
        external_identifier_type="URN",
        addresses=(
            AddressRecord(
                address_1=lines[0] if lines else name,
                address_2=", ".join(lines[1:]) or None,
                city=reader.plain("Town", row.get("town", "")) or "",
                state_province=reader.plain("County (name)", row.get("county", "")) or "",
                postal_code=postcode or "",
            ),
        ),
    )


def _grid(value: str | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not 0 <= number <= 1_300_000:
        raise ValueError("is not a British National Grid coordinate in metres")
    return number


def _description(
    name: str, row: dict[str, str], facts: dict[str, Any], needs: list[str]
) -> list[str]:
    """Plain paragraphs built from the register's facts (no free text in GIAS)."""
    kind = row["type_name"] or "School"
    ages = ""
    if row["low_age"] and row["high_age"]:
        ages = f" for pupils aged {row['low_age']} to {row['high_age']}"
    phase = row["phase"] if row["phase"].lower() not in NOT_APPLICABLE else ""
    first = f"{kind}{ages}" + (f" ({phase.lower()} phase)" if phase else "") + "."
    paragraphs = [first]
    if facts.get("sen_provision"):
        names = ", ".join(_NEED_NAMES.get(code, code) for code in facts["sen_provision"])
        paragraphs.append(f"Types of special educational need catered for: {names}.")
    if needs[:1] == ["ALL"]:
        paragraphs.append(
            "Like every school and college, it must support children and young people with "
            "special educational needs (SEN support)."
        )
    provision = facts.get("resourced_provision")
    if provision:
        paragraphs.append(_provision_sentence(provision))
    paragraphs.append(f"Listed on Get Information About Schools (URN {facts['urn']}).")
    return paragraphs


def _provision_sentence(provision: dict[str, Any]) -> str:
    parts = []
    for label, capacity, on_roll in (
        ("resourced provision", provision.get("capacity"), provision.get("on_roll")),
        ("SEN unit", provision.get("sen_unit_capacity"), provision.get("sen_unit_on_roll")),
    ):
        if capacity is not None or on_roll is not None:
            figures = [
                f"{capacity} places" if capacity is not None else "",
                f"{on_roll} pupils on roll" if on_roll is not None else "",
            ]
            parts.append(f"{label}: {', '.join(f for f in figures if f)}")
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"Has {provision['type'].lower()}{detail}."


_NEED_NAMES = {
    "SPLD": "specific learning difficulty", "MLD": "moderate learning difficulty",
    "SLD": "severe learning difficulty", "PMLD": "profound and multiple learning difficulty",
    "SEMH": "social, emotional and mental health", "SLCN": "speech, language and communication",
    "HI": "hearing impairment", "VI": "vision impairment", "MSI": "multi-sensory impairment",
    "PD": "physical disability", "ASD": "autistic spectrum disorder",
    "OTH": "other difficulty or disability",
}  # fmt: skip
