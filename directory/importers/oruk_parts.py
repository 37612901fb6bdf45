"""The nested parts of an Open Referral UK service: places, contacts, times, costs, languages."""

from __future__ import annotations

from typing import Any

import pycountry

from directory.importers import text, vocabmatch
from directory.importers.checks import FieldReader
from directory.importers.records import (
    AddressRecord,
    ContactRecord,
    CostRecord,
    LocationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceAreaRecord,
)

_WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
_RRULE_DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
# v1 feeds name the country ("England"); HSDS 3.0 wants the ISO 3166-1 code, which is GB for all.
_UK_COUNTRY_NAMES = {
    "england", "scotland", "wales", "northernireland", "unitedkingdom", "uk", "greatbritain", "gbr",
}  # fmt: skip


def _items(value: Any) -> list[dict[str, Any]]:
    return (
        [item for item in value or [] if isinstance(item, dict)] if isinstance(value, list) else []
    )


def locations(raw: dict[str, Any], reader: FieldReader) -> tuple[LocationRecord, ...]:
    """3.0 ``service_at_locations[].location`` and v1 ``locations[]``."""
    found: list[LocationRecord] = []
    for index, sal in enumerate(_items(raw.get("service_at_locations"))):
        location = sal.get("location") if isinstance(sal.get("location"), dict) else None
        if location is None:
            reader.warn(f"service_at_locations[{index}]", None, "has no location; left out")
            continue
        field = f"service_at_locations[{index}].location"
        found.append(location_record(location, reader, field, extra_schedules=sal.get("schedules")))
    for index, location in enumerate(_items(raw.get("locations"))):
        found.append(location_record(location, reader, f"locations[{index}]"))
    return tuple(found)


def location_record(
    raw: dict[str, Any], reader: FieldReader, field: str, extra_schedules: Any = None
) -> LocationRecord:
    addresses = tuple(
        _address(item, reader, f"{field}.addresses[{n}]")
        for n, item in enumerate(_items(raw.get("addresses") or raw.get("physical_addresses")))
    )
    postcode = next((a.postal_code for a in addresses if a.postal_code), None)
    name = reader.line(f"{field}.name", raw.get("name"))
    default_type = "virtual" if not addresses and raw.get("url") and not postcode else "physical"
    source_id = text.clean(raw.get("id")) or "|".join(
        [name or "", postcode or "", addresses[0].address_1 if addresses else ""]
    )
    return LocationRecord(
        source_id=source_id,
        location_type=reader.enum(
            f"{field}.location_type", raw.get("location_type"), "location-type", default_type
        )
        or default_type,
        name=name,
        description=text.html_to_text(reader.text(f"{field}.description", raw.get("description"))),
        postcode=postcode,
        latitude=reader.coordinate(f"{field}.latitude", raw.get("latitude"), 90),
        longitude=reader.coordinate(f"{field}.longitude", raw.get("longitude"), 180),
        url=reader.convert(f"{field}.url", raw.get("url"), text.parse_url),
        transportation=reader.text(f"{field}.transportation", raw.get("transportation")),
        external_identifier=text.clean_line(raw.get("external_identifier")),
        external_identifier_type=text.clean_line(raw.get("external_identifier_type")),
        addresses=addresses,
        accessibility=_accessibility(raw),
        features=_features(raw, reader, field),
        schedules=schedules(raw.get("schedules") or raw.get("regular_schedules"), reader)
        + schedules(extra_schedules, reader),
        phones=phones(raw.get("phones"), reader, f"{field}.phones"),
        languages=languages(raw.get("languages")),
        publisher_id=text.parse_uuid(raw.get("id")),
        fingerprint=text.fingerprint(raw, extra_schedules),
    )


def _address(raw: dict[str, Any], reader: FieldReader, field: str) -> AddressRecord:
    postcode = reader.postcode(f"{field}.postal_code", raw.get("postal_code"))
    return AddressRecord(
        address_1=text.clean_line(raw.get("address_1")) or "",
        address_2=text.clean_line(raw.get("address_2")),
        city=text.clean_line(raw.get("city")) or "",
        region=text.clean_line(raw.get("region")),
        state_province=text.clean_line(raw.get("state_province")) or "",
        postal_code=postcode or "",
        country=country_code(raw.get("country")),
        address_type=vocabmatch.try_match("location-type", str(raw.get("address_type") or ""))
        or "physical",
        attention=text.clean_line(raw.get("attention")),
    )


def country_code(value: Any) -> str:
    """ISO 3166-1 alpha-2 from a code or a name ("Ireland" is IE, not the IR its first two
    letters would say). A value no register knows is taken as the UK's: these are English
    local authorities' feeds, and the address's postcode says more than a garbled country."""
    name = text.clean_line(value)
    if name is None or text.key(name) in _UK_COUNTRY_NAMES:
        return "GB"
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return "GB"


def _accessibility(raw: dict[str, Any]) -> tuple[str, ...]:
    items = _items(raw.get("accessibility") or raw.get("accessibility_for_disabilities"))
    found = (
        text.clean_line(item.get("description") or item.get("accessibility") or item.get("details"))
        for item in items
    )
    return tuple(f for f in found if f)


def _features(raw: dict[str, Any], reader: FieldReader, field: str) -> tuple[str, ...]:
    codes = []
    for index, attribute in enumerate(_items(raw.get("attributes"))):
        term = (
            attribute.get("taxonomy_term")
            if isinstance(attribute.get("taxonomy_term"), dict)
            else {}
        )
        assert isinstance(term, dict)
        if (term.get("taxonomy") or attribute.get("link_type")) != "accessibility-feature":
            continue
        code = text.clean_line(term.get("code") or term.get("name")) or ""
        try:
            codes.append(vocabmatch.match("accessibility-feature", code))
        except ValueError as exc:
            where = f"{field}.attributes[{index}].taxonomy_term.code"
            raise reader.reject(where, code, f"{code!r} {exc}") from None
    return tuple(dict.fromkeys(codes))


def phones(raw: Any, reader: FieldReader, field: str) -> tuple[PhoneRecord, ...]:
    found = []
    for item in _items(raw):
        number = text.clean_line(item.get("number"))
        if number:
            found.append(PhoneRecord(number[:64], text.clean_line(item.get("description"))))
    return tuple(found)


def contacts(raw: Any, reader: FieldReader) -> tuple[ContactRecord, ...]:
    found = []
    for index, item in enumerate(_items(raw)):
        record = ContactRecord(
            name=text.clean_line(item.get("name")),
            title=text.clean_line(item.get("title")),
            email=reader.convert(f"contacts[{index}].email", item.get("email"), text.parse_email),
            phones=phones(item.get("phones"), reader, f"contacts[{index}].phones"),
        )
        if record.name or record.email or record.phones or record.title:
            found.append(record)
    return tuple(found)


def schedules(raw: Any, reader: FieldReader) -> tuple[ScheduleRecord, ...]:
    found = []
    for index, item in enumerate(_items(raw)):
        field = f"schedules[{index}]"
        byday = _byday(item.get("byday") or item.get("weekday"))
        record = ScheduleRecord(
            description=text.clean(item.get("description")),
            freq=(text.clean_line(item.get("freq")) or ("WEEKLY" if byday else None)),
            byday=byday,
            opens_at=reader.convert(f"{field}.opens_at", item.get("opens_at"), text.parse_time),
            closes_at=reader.convert(f"{field}.closes_at", item.get("closes_at"), text.parse_time),
            valid_from=reader.convert(
                f"{field}.valid_from", item.get("valid_from"), text.parse_date
            ),
            valid_to=reader.convert(f"{field}.valid_to", item.get("valid_to"), text.parse_date),
            dtstart=reader.convert(f"{field}.dtstart", item.get("dtstart"), text.parse_date),
            until=reader.convert(f"{field}.until", item.get("until"), text.parse_date),
            interval=_int(item.get("interval")),
            bymonthday=text.clean_line(item.get("bymonthday")),
            notes=text.clean(item.get("notes")),
            attending_type=text.clean_line(item.get("attending_type")),
            schedule_link=reader.convert(
                f"{field}.schedule_link", item.get("schedule_link"), text.parse_url
            ),
        )
        if record != ScheduleRecord():
            found.append(record)
    return tuple(found)


def _byday(value: Any) -> str | None:
    """RRULE days ("MO,TU", "2MO") from RRULE text or weekday names ("Monday")."""
    raw = text.clean_line(value)
    if raw is None:
        return None
    days = []
    for part in raw.replace(";", ",").split(","):
        token = part.strip()
        upper = token.upper()
        if upper.lstrip("-+0123456789") in _RRULE_DAYS:
            days.append(upper)
        elif token.lower() in _WEEKDAYS:
            days.append(_WEEKDAYS[token.lower()])
    return ",".join(days) or None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def cost_options(raw: Any, reader: FieldReader) -> tuple[CostRecord, ...]:
    found = []
    for index, item in enumerate(_items(raw)):
        field = f"cost_options[{index}]"
        found.append(
            CostRecord(
                option=text.clean_line(item.get("option")),
                amount=reader.convert(
                    f"{field}.amount", item.get("amount"), text.parse_amount, strict=True
                ),
                currency=(text.clean_line(item.get("currency")) or "GBP")[:3].upper(),
                amount_description=text.clean_line(item.get("amount_description")),
                valid_from=reader.convert(
                    f"{field}.valid_from", item.get("valid_from"), text.parse_date
                ),
                valid_to=reader.convert(f"{field}.valid_to", item.get("valid_to"), text.parse_date),
            )
        )
    return tuple(found)


def derive_cost_state(costs: tuple[CostRecord, ...]) -> str:
    """free / paid / some_free from priced options; "unknown" when nothing is priced."""
    amounts = [c.amount for c in costs if c.amount is not None]
    if not amounts:
        return "unknown"
    if all(a == 0 for a in amounts):
        return "free"
    return "some_free" if any(a == 0 for a in amounts) else "paid"


def languages(raw: Any) -> tuple[str, ...]:
    found = []
    for item in raw or []:
        if isinstance(item, str):
            found.append(text.clean_line(item))
        elif isinstance(item, dict):
            found.append(
                text.clean_line(item.get("name") or item.get("language") or item.get("code"))
            )
    return tuple(dict.fromkeys(f for f in found if f))


def service_areas(raw: Any, reader: FieldReader) -> tuple[ServiceAreaRecord, ...]:
    found = []
    for item in _items(raw):
        record = ServiceAreaRecord(
            name=text.clean_line(item.get("name") or item.get("service_area")),
            description=text.clean(item.get("description")),
            extent=text.clean(item.get("extent")),
            extent_type=text.clean_line(item.get("extent_type")),
            uri=text.clean_line(item.get("uri")),
        )
        if record != ServiceAreaRecord():
            found.append(record)
    return tuple(found)
