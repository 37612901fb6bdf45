"""One Charity Commission register record as a voluntary-sector organisation and service."""

from __future__ import annotations

from typing import Any

from directory.importers import text
from directory.importers.checks import FieldReader
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

SCHEME = "GB-CHC"
_DISABILITY = {"203", "104"}


def charity_service(record: dict[str, Any], codes: set[str], reader: FieldReader) -> ServiceRecord:
    number = str(record.get("registered_charity_number") or "")
    if not number.isdigit():
        raise reader.reject("registered_charity_number", number, "is not a charity number")
    name = reader.plain("charity_name", record.get("charity_name"), required=True) or ""
    description, description_text = reader.html(
        "charity_activities", record.get("charity_activities")
    )
    website = reader.convert(
        "charity_contact_web", record.get("charity_contact_web"), text.parse_url
    )
    email = reader.convert(
        "charity_contact_email", record.get("charity_contact_email"), text.parse_email
    )
    phone = reader.convert("charity_contact_phone", record.get("charity_contact_phone"), uk_phone)
    phones = (PhoneRecord(phone),) if phone else ()
    organisation = OrganizationRecord(
        source_id=f"{SCHEME}-{number}",
        name=name,
        description=description_text,
        organization_type="charity",
        website=website,
        email=email,
        legal_status=text.clean_line(record.get("charity_type")),
        identifiers=(IdentifierRecord(number, "Registered charity number", SCHEME),),
        phones=phones,
    )
    needs = ("ALL",) if codes & _DISABILITY else ()
    return ServiceRecord(
        source_id=number,
        name=name,
        organization=organisation,
        description=description or f"<p>Registered charity {number}.</p>",
        description_text=description_text or f"Registered charity {number}.",
        url=website,
        email=email,
        terms=(TermRef("sector", "voluntary"), *(TermRef("send-need", n) for n in needs)),
        locations=_office(number, name, record, reader),
        phones=phones,
        extra={"charity_commission": _facts(record, codes)},
        fingerprint=text.fingerprint("charity", record, sorted(codes)),
    )


def _office(
    number: str, name: str, record: dict[str, Any], reader: FieldReader
) -> tuple[LocationRecord, ...]:
    """The contact address: a postal location (where to write, not necessarily a venue)."""
    raw = record.get("charity_contact_postcode")
    postcode = reader.optional_postcode("charity_contact_postcode", raw)
    lines = [
        line
        for line in (
            reader.plain(f"charity_contact_address{i}", record.get(f"charity_contact_address{i}"))
            for i in range(1, 6)
        )
        if line
    ]
    if not postcode and not lines:
        return ()
    return (
        LocationRecord(
            source_id=f"{number}#office",
            location_type="postal",
            name=name,
            postcode=postcode,
            addresses=(
                AddressRecord(
                    address_1=lines[0] if lines else name,
                    address_2=", ".join(lines[1:-1]) or None,
                    city=lines[-1] if len(lines) > 1 else "",
                    postal_code=postcode or "",
                    address_type="postal",
                ),
            ),
        ),
    )


def _facts(record: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    facts = {
        "registered_charity_number": record.get("registered_charity_number"),
        "charity_type": record.get("charity_type"),
        "date_of_registration": str(record.get("date_of_registration") or "")[:10] or None,
        "latest_income": record.get("latest_income"),
        "classification_codes": sorted(codes),
        "date_of_extract": str(record.get("date_of_extract") or "")[:10] or None,
    }
    return {k: v for k, v in facts.items() if v not in (None, "", [])}
