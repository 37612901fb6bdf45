"""Parser for the Care Quality Commission's registers of health and social care locations.

Two published files, recognised by their header:

- the weekly care directory (``DD_Month_YYYY_CQC_directory.csv``): title lines above the header
  ("This data was produced on ..."), pipe-separated ``Service types`` and
  ``Specialisms/services``, addresses joined with bare commas, telephone numbers that lost their
  leading zero, and inspection dates as ``09/Jan/2018 - 00:00`` or ``14/07/2016 - 00:00``;
- the care directory with filters (``HSCA_Active_Locations``, published as .ods, earlier
  .xlsx, or saved as CSV): one ``Y``/blank column per service user band, regulated activity
  and service type, and coordinates.

A location of the authority (its ``register_names``; every one with ``Scope.everywhere``) whose
specialisms or user bands include children, learning disability or autism, physical or sensory
impairment or mental health, or everyone, becomes a health or social care service with those
needs and the age range of its bands. Older people's care, dormant locations and GP practices
(the NHS ODS file lists those with their commissioner) are left out and counted in a note.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from directory.importers import spreadsheet, text
from directory.importers import table as tables
from directory.importers.checks import FieldReader, Rejected
from directory.importers.cqc_columns import (
    ACTIVITY_PREFIX,
    AGES,
    BAND_PREFIX,
    DIRECTORY,
    DIRECTORY_OPTIONAL,
    FILTERS,
    FILTERS_OPTIONAL,
    GP_TYPES,
    NEEDS,
    SEND_BANDS,
    SERVICE_TYPES,
    SOCIAL_CARE,
    TYPE_PREFIX,
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

FORMAT = "cqc"
_PRODUCED = re.compile(r"produced on (\d{1,2} [A-Za-z]+ \d{4})")
_AS_AT = re.compile(r"as at (\d{1,2} [A-Za-z]+ \d{4})")


@dataclass
class Tally:
    """Locations of the authority the file lists but a Local Offer does not."""

    in_area: int = 0
    older_people: int = 0
    gp_practices: int = 0
    dormant: int = 0
    first_seen: dict[str, int] = field(default_factory=dict)


def parse(documents: Sequence[Document], scope: Scope) -> Parsed:
    parsed = Parsed()
    for document in documents:
        _parse_document(document, scope, parsed)
    return parsed


def _parse_document(document: Document, scope: Scope, parsed: Parsed) -> None:
    if spreadsheet.is_spreadsheet(document.data):
        content = spreadsheet.sheet_as_csv(document, ("Location ID", "Name"))
    else:
        content = tables.decode(document)
    head = content[:20_000]
    filters = "location id" in head.lower() and "location name" in head.lower()
    find = "Location ID" if filters else "Name"
    table = tables.read_table(document.name, content, find=find)
    if filters:
        table.require(FILTERS)
        table.optional(FILTERS_OPTIONAL)
        _flag_columns(table)
    else:
        table.require(DIRECTORY)
        table.optional(DIRECTORY_OPTIONAL)
    dated = _PRODUCED.search(head) or _AS_AT.search(head)
    if dated:
        parsed.notes.append(f"{document.name}: CQC data as at {dated.group(1)}")
    names = {n.lower() for n in scope.register_names}
    tally = Tally()
    for line, row, wrong_width in table.records():
        if not scope.everywhere and row["local_authority"].lower() not in names:
            continue
        tally.in_area += 1
        where = f"{document.name} line {line}"
        if wrong_width:
            parsed.total += 1
            parsed.problems.append(Problem(where, wrong_width))
            continue
        place = _from_filters(row) if filters else _from_directory(row)
        if not _wanted(place, tally):
            continue
        parsed.total += 1
        _add(place, where, line, parsed, tally)
    _note_left_out(document.name, tally, parsed, scope)
    if not tally.in_area:
        where = "any local authority" if scope.everywhere else " or ".join(scope.register_names)
        raise ImportFailed(
            f"{document.name}: no locations in {where} in the file, so nothing was loaded "
            "(are the register_names right in the configuration?)"
        )


def _flag_columns(table: tables.Table) -> None:
    """The Y/blank columns: every "Service user band - ...", "Service type - ...", activity."""
    for i, heading in enumerate(table.header):
        lowered = heading.strip().lower()
        for prefix in (BAND_PREFIX, TYPE_PREFIX, ACTIVITY_PREFIX):
            if lowered.startswith(prefix):
                table.positions[f"{prefix}{lowered.removeprefix(prefix)}"] = i
    if not any(k.startswith(BAND_PREFIX) for k in table.positions):
        raise ImportFailed(
            f"{table.name}: missing the 'Service user band - ...' columns of the care directory "
            "with filters"
        )


@dataclass
class Place:
    """One CQC location in the form both files can give."""

    row: dict[str, str]
    bands: set[str]
    types: set[str]
    activities: set[str]
    address: list[str]
    extra: dict[str, Any]


def _from_directory(row: dict[str, str]) -> Place:
    bands = {v.strip().lower() for v in row["specialisms"].split("|") if v.strip()}
    types = {v.strip().lower() for v in row["service_types"].split("|") if v.strip()}
    address = [part.strip() for part in row["address"].split(",") if part.strip()]
    extra = {"last_checked": _check_date(row.get("checked", "")), "url": row.get("url") or None}
    return Place(row, bands, types, set(), address, extra)


def _from_filters(row: dict[str, str]) -> Place:
    def flagged(prefix: str) -> set[str]:
        return {
            k.removeprefix(prefix)
            for k, v in row.items()
            if k.startswith(prefix) and v.upper() == "Y"
        }

    address = [row.get(k, "") for k in ("street", "line2")]
    extra = {
        "care_home": row.get("care_home") == "Y",
        "beds": int(row["beds"]) if row.get("beds", "").isdigit() else None,
        "rating": row.get("rating") or None,
        "inspection_category": row.get("category") or None,
    }
    place = Place(row, flagged(BAND_PREFIX), flagged(TYPE_PREFIX), set(), [], extra)
    place.activities = flagged(ACTIVITY_PREFIX)
    place.address = [a for a in address if a]
    return place


def _wanted(place: Place, tally: Tally) -> bool:
    row = place.row
    if row.get("dormant", "").upper() == "Y":
        tally.dormant += 1
        return False
    category = (row.get("category") or "").lower()
    if (place.types and place.types <= GP_TYPES) or category in GP_TYPES:
        tally.gp_practices += 1
        return False
    if not place.bands & SEND_BANDS:
        tally.older_people += 1
        return False
    return True


def _add(place: Place, where: str, line: int, parsed: Parsed, tally: Tally) -> None:
    location_id = place.row["location_id"]
    if location_id in tally.first_seen:
        first = tally.first_seen[location_id]
        reason = f"location {location_id} appears again (first on line {first}); left out"
        parsed.problems.append(Problem(where, reason, "Location ID", location_id))
        return
    tally.first_seen[location_id] = line
    reader = FieldReader(where)
    try:
        parsed.records.append(care_location(place, reader))
        parsed.seen_ids.add(location_id)
    except Rejected as rejected:
        parsed.problems.append(rejected.problem)
    parsed.problems.extend(reader.warnings)


def care_location(place: Place, reader: FieldReader) -> ServiceRecord:
    row = place.row
    location_id = reader.required("Location ID", row["location_id"])
    if not re.fullmatch(r"1-\d{6,12}", location_id):
        raise reader.reject("Location ID", location_id, "is not a CQC location id (1-...)")
    name = reader.plain("Name", row["name"], required=True) or ""
    needs = sorted({code for band in place.bands for code in NEEDS.get(band, ())})
    low, high = _ages(place.bands)
    kinds = sorted({SERVICE_TYPES[t] for t in place.types if t in SERVICE_TYPES})
    sectors = {"social_care" if k in SOCIAL_CARE else "health" for k in kinds} or {"health"}
    phone = reader.convert("Phone number", row.get("phone"), uk_phone)
    phones = (PhoneRecord(phone),) if phone else ()
    website = reader.convert("website", row.get("website"), text.parse_url)
    description = _description(name, place)
    return ServiceRecord(
        source_id=location_id,
        name=name,
        alternate_name=reader.plain("Also known as", row.get("also_known_as")),
        organization=_provider(row, reader),
        description=f"<p>{html.escape(description)}</p>",
        description_text=description,
        url=website,
        minimum_age=low,
        maximum_age=high,
        terms=(
            *(TermRef("sector", s) for s in sorted(sectors)),
            *(TermRef("service-type", k) for k in kinds),
            *(TermRef("send-need", n) for n in (["ALL"] if "ALL" in needs else needs)),
        ),
        locations=(_location(location_id, name, place, reader),),
        phones=phones,
        extra={"cqc": {k: v for k, v in place.extra.items() if v not in (None, False)}},
        fingerprint=text.fingerprint(FORMAT, row),
    )


def _provider(row: dict[str, str], reader: FieldReader) -> OrganizationRecord:
    name = reader.plain("Provider name", row["provider"], required=True) or ""
    provider_id = row.get("provider_id", "")
    identifiers = [IdentifierRecord(provider_id, "CQC provider ID")] if provider_id else []
    charity = row.get("charity_number", "")
    if charity.isdigit():
        identifiers.append(IdentifierRecord(charity, "Charity number", "GB-CHC"))
    company = row.get("company_number", "")
    if company and company != "-":
        identifiers.append(IdentifierRecord(company, "Company number", "GB-COH"))
    sector = row.get("provider_sector", "").lower()
    kind = "nhs" if "nhs" in sector or " nhs " in f" {name.lower()} " else None
    kind = "council" if "local authority" in sector else kind
    return OrganizationRecord(
        source_id=f"cqc-provider:{provider_id}" if provider_id else f"name:{text.key(name)}",
        name=name,
        organization_type=kind or ("charity" if charity.isdigit() else "private"),
        identifiers=tuple(identifiers),
    )


def _location(location_id: str, name: str, place: Place, reader: FieldReader) -> LocationRecord:
    row = place.row
    postcode = reader.postcode("Postcode", row["postcode"])
    lines = [v for v in (reader.plain("Address", part) for part in place.address) if v]
    if postcode and lines and text.key(lines[-1]) == text.key(postcode):
        lines.pop()
    city = reader.plain("Location City", row.get("city", "")) or ""
    if not city and len(lines) > 1:
        city = lines.pop()
    return LocationRecord(
        source_id=f"{location_id}#site",
        name=name,
        postcode=postcode,
        latitude=reader.coordinate("Location Latitude", row.get("latitude") or None, 90),
        longitude=reader.coordinate("Location Longitude", row.get("longitude") or None, 180),
        external_identifier=location_id,
        external_identifier_type="CQC location ID",
        addresses=(
            AddressRecord(
                address_1=lines[0] if lines else name,
                address_2=", ".join(lines[1:]) or None,
                city=city,
                state_province=row.get("county", ""),
                postal_code=postcode or "",
            ),
        ),
    )


def _ages(bands: set[str]) -> tuple[Any, Any]:
    ranges = [AGES[b] for b in bands if b in AGES]
    if not ranges:
        return None, None
    low = min(r[0] for r in ranges)
    high = None if any(r[1] is None for r in ranges) else max(r[1] or 0 for r in ranges)
    return text.parse_age(low), text.parse_age(high)


def _check_date(value: str) -> str | None:
    """``09/Jan/2018 - 00:00`` or ``14/07/2016 - 00:00`` as ISO; None when never inspected."""
    day = value.split(" - ")[0].strip()
    for pattern in ("%d/%b/%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(day, pattern).date().isoformat()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _description(name: str, place: Place) -> str:
    kinds = sorted(place.types) or ["care service"]
    who = sorted(place.bands)
    parts = [f"Registered with the Care Quality Commission: {'; '.join(kinds)}."]
    if who:
        parts.append(f"Specialisms and people it cares for: {'; '.join(who)}.")
    return " ".join(parts)


def _note_left_out(name: str, tally: Tally, parsed: Parsed, scope: Scope) -> None:
    left = [
        (tally.older_people, "only for older people or without a SEND-relevant specialism"),
        (tally.gp_practices, "GP practices (imported from the NHS ODS file, epraccur)"),
        (tally.dormant, "dormant"),
    ]
    said = "; ".join(f"{n:,} {why}" for n, why in left if n)
    if said:
        parsed.notes.append(f"{name}: locations left out: {said}")
