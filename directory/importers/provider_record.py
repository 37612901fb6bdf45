"""One provider-spreadsheet row to a ``ServiceRecord``; every cell checked against its column."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from directory.importers import text, vocabmatch
from directory.importers.checks import FieldReader
from directory.importers.oruk_parts import derive_cost_state
from directory.importers.provider_columns import BY_KEY, WEEKDAYS
from directory.importers.records import (
    AddressRecord,
    ContactRecord,
    IdentifierRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceRecord,
    TermRef,
)

_RRULE = {day.lower()[:3]: day[:2].upper() for day in WEEKDAYS}
_TERM_COLUMNS = (
    ("sectors", "sector"),
    ("service_types", "service-type"),
    ("needs", "send-need"),
    ("referral_routes", "referral-route"),
    ("delivery", "delivery-method"),
    ("pfa_outcomes", "pfa-outcome"),
)


def service_from_row(values: dict[str, Any], reader: FieldReader) -> ServiceRecord:
    def cell(key: str) -> Any:
        value = values.get(key)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # Excel stores 5 as 5.0 and phone numbers as numbers
        return value

    name = reader.required("service_name", cell("service_name"))
    organisation = _organisation(cell, reader)
    reference = text.clean_line(cell("reference"))
    source_id = reference or f"name:{text.key(organisation.name)}/{text.key(name)}"
    description, description_text = reader.html("description", cell("description"))
    if not description_text:
        raise reader.reject(
            "description", cell("description"), "the value is required and is missing"
        )
    low, high = reader.ages(cell("minimum_age"), cell("maximum_age"))
    terms = tuple(
        TermRef(vocabulary, code)
        for key, vocabulary in _TERM_COLUMNS
        for code in _codes(reader, key, vocabulary, cell(key))
    )
    location = _location(source_id, cell, reader)
    schedule = _schedule(cell, reader)
    phone = (PhoneRecord(p),) if (p := text.clean_line(cell("phone"))) else ()
    email = reader.convert("email", cell("email"), text.parse_email, strict=True)
    contact_name = text.clean_line(cell("contact_name"))
    cost = reader.enum("cost", cell("cost"), "cost-state")
    return ServiceRecord(
        source_id=source_id,
        name=name,
        organization=organisation,
        description=description,
        description_text=description_text,
        status=reader.enum("status", cell("status"), "status", default="active") or "active",
        url=reader.convert("website", cell("website"), text.parse_url, strict=True),
        email=email,
        minimum_age=low,
        maximum_age=high,
        eligibility_description=reader.text("eligibility", cell("eligibility")),
        application_process=reader.text("how_to_access", cell("how_to_access")),
        fees_description=reader.text("cost_details", cell("cost_details")),
        assured_date=reader.convert(
            "last_reviewed", _date(cell("last_reviewed")), text.parse_date, strict=True
        ),
        assurer_email=reader.convert(
            "reviewed_by", cell("reviewed_by"), text.parse_email, strict=True
        ),
        ehcp_required=reader.convert(
            "ehcp_required", cell("ehcp_required"), text.parse_bool, strict=True
        ),
        cost_state=cost or derive_cost_state(()),
        area_served=reader.enum("area_served", cell("area_served"), "area-served"),
        terms=tuple(dict.fromkeys(terms)),
        locations=(replace(location, schedules=(schedule,) if schedule else ()),)
        if location
        else (),
        contacts=(ContactRecord(name=contact_name, email=email, phones=phone),)
        if contact_name
        else (),
        phones=phone,
        schedules=(schedule,) if schedule and not location else (),
        languages=tuple(split_values(None, cell("languages"))),
        fingerprint=text.fingerprint(values),
    )


def _organisation(cell: Any, reader: FieldReader) -> OrganizationRecord:
    name = reader.required("organisation", cell("organisation"))
    charity = text.clean_line(cell("charity_number"))
    identifiers = (IdentifierRecord(charity, "Charity number", "GB-CHC"),) if charity else ()
    return OrganizationRecord(
        source_id=f"GB-CHC-{charity}" if charity else f"name:{text.key(name)}",
        name=name,
        organization_type=reader.enum(
            "organisation_type", cell("organisation_type"), "organization-type"
        ),
        website=reader.convert(
            "organisation_website", cell("organisation_website"), text.parse_url, strict=True
        ),
        identifiers=identifiers,
    )


def _codes(reader: FieldReader, key: str, vocabulary: str, raw: Any) -> list[str]:
    codes = []
    for value in split_values(vocabulary, raw):
        try:
            codes.append(vocabmatch.match(vocabulary, value))
        except ValueError as exc:
            header = BY_KEY[key].header
            raise reader.reject(
                key,
                raw,
                f"{value!r} is not a known {header.lower()} value ({str(exc).split('(')[-1]}",
            ) from None
    return codes


def _location(source_id: str, cell: Any, reader: FieldReader) -> LocationRecord | None:
    venue = text.clean_line(cell("venue_name"))
    line_1 = text.clean_line(cell("address_line_1"))
    postcode = reader.postcode("postcode", cell("postcode"))
    if not (venue or line_1 or postcode):
        return None
    features = tuple(
        _codes(reader, "accessibility", "accessibility-feature", cell("accessibility"))
    )
    notes = text.clean_line(cell("accessibility_notes"))
    return LocationRecord(
        source_id=f"{source_id}#venue",
        name=venue,
        postcode=postcode,
        addresses=(
            AddressRecord(
                address_1=line_1 or venue or "",
                address_2=text.clean_line(cell("address_line_2")),
                city=text.clean_line(cell("town")) or "",
                postal_code=postcode or "",
            ),
        ),
        accessibility=(notes,) if notes else (),
        features=features,
    )


def _schedule(cell: Any, reader: FieldReader) -> ScheduleRecord | None:
    days = []
    for value in split_values("weekday", cell("days")):
        code = _RRULE.get(text.key(value)[:3])
        if code is None:
            raise reader.reject("days", cell("days"), f"{value!r} is not a day of the week")
        days.append(code)
    opens = reader.convert("opens_at", _time(cell("opens_at")), text.parse_time, strict=True)
    closes = reader.convert("closes_at", _time(cell("closes_at")), text.parse_time, strict=True)
    notes = text.clean(cell("opening_notes"))
    if not (days or opens or closes or notes):
        return None
    return ScheduleRecord(
        description=notes, freq="WEEKLY" if days else None, byday=",".join(days) or None,
        opens_at=opens, closes_at=closes,
    )  # fmt: skip


def _date(value: Any) -> Any:
    return (
        value.date().isoformat()
        if isinstance(value, datetime)
        else value.isoformat()
        if isinstance(value, date)
        else value
    )


def _time(value: Any) -> Any:
    return value.strftime("%H:%M") if hasattr(value, "strftime") else value


def split_values(vocabulary: str | None, raw: Any) -> list[str]:
    """Values separated by ";" or new lines; "," too when every part is then a known value."""
    value = text.clean(raw if raw is None or isinstance(raw, str) else str(raw))
    if value is None:
        return []
    parts = [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]
    result: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        if vocabulary and len(pieces) > 1 and all(_known(vocabulary, p) for p in pieces):
            result.extend(pieces)
        else:
            result.append(part)
    return result


def _known(vocabulary: str, value: str) -> bool:
    if vocabulary == "weekday":
        return text.key(value)[:3] in _RRULE
    return vocabmatch.try_match(vocabulary, value) is not None
