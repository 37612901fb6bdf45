"""Records to table rows (plain dicts for bulk INSERT), one function per table.

Rows are built in memory and inserted table by table in foreign-key order by the loader, which
is what makes 20,000 services a few seconds of work rather than minutes of per-row flushes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from functools import cache
from typing import Any

from directory.importers.ids import new_id
from directory.importers.records import (
    ContactRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceRecord,
)
from directory.models import utcnow
from directory.vocab import term_id

# Table name -> rows; the loader inserts them in this order.
TABLE_ORDER = (
    "organization",
    "organization_identifier",
    "location",
    "address",
    "accessibility",
    "service",
    "service_at_location",
    "contact",
    "phone",
    "schedule",
    "cost_option",
    "language",
    "service_area",
    "attribute",
    "priority_tag",
)
Rows = dict[str, list[dict[str, Any]]]
_term_id = cache(term_id)


def new_rows() -> Rows:
    return defaultdict(list)


def organization_row(org: OrganizationRecord, org_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": org_id,
        "name": org.name,
        "alternate_name": None,
        "description": org.description,
        "email": org.email,
        "website": org.website,
        "year_incorporated": org.year_incorporated,
        "legal_status": org.legal_status,
        "logo": org.logo,
        "uri": org.uri,
        "parent_organization_id": None,
        "organization_type": org.organization_type,
    }


def organization_children(rows: Rows, org: OrganizationRecord, org_id: uuid.UUID) -> None:
    for identifier in org.identifiers:
        rows["organization_identifier"].append(
            {
                "id": new_id(),
                "organization_id": org_id,
                "identifier_scheme": identifier.scheme,
                "identifier_type": identifier.identifier_type,
                "identifier": identifier.identifier[:64],
            }
        )
    _phones(rows, org.phones, organization_id=org_id)


def location_row(
    location: LocationRecord,
    location_id: uuid.UUID,
    position: tuple[float, float, str] | None,
    organization_id: uuid.UUID | None,
) -> dict[str, Any]:
    return {
        "id": location_id,
        "location_type": location.location_type,
        "url": location.url,
        "organization_id": organization_id,
        "name": location.name,
        "alternate_name": None,
        "description": location.description,
        "transportation": location.transportation,
        "latitude": position[0] if position else None,
        "longitude": position[1] if position else None,
        "external_identifier": location.external_identifier,
        "external_identifier_type": location.external_identifier_type,
        "postcode": location.postcode,
        "coordinates_precision": position[2] if position else None,
    }


def location_children(rows: Rows, location: LocationRecord, location_id: uuid.UUID) -> None:
    for address in location.addresses:
        rows["address"].append(
            {
                "id": new_id(),
                "location_id": location_id,
                "attention": address.attention,
                "address_1": address.address_1,
                "address_2": address.address_2,
                "city": address.city,
                "region": address.region,
                "state_province": address.state_province,
                "postal_code": address.postal_code,
                "country": address.country,
                "address_type": address.address_type,
            }
        )
    for description in location.accessibility:
        rows["accessibility"].append(
            {
                "id": new_id(),
                "location_id": location_id,
                "description": description,
                "details": None,
                "url": None,
            }
        )
    for code in location.features:
        _attribute(rows, "location", location_id, "accessibility-feature", code)
    _phones(rows, location.phones, location_id=location_id)
    for name in location.languages:
        _language(rows, name, location_id=location_id)


def service_row(
    record: ServiceRecord,
    service_id: uuid.UUID,
    organization_id: uuid.UUID,
    area_served: str | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": service_id,
        "organization_id": organization_id,
        "name": record.name,
        "alternate_name": record.alternate_name,
        "description": record.description,
        "description_text": record.description_text,
        "url": record.url,
        "email": record.email,
        "status": record.status,
        "interpretation_services": record.interpretation_services,
        "application_process": record.application_process,
        "fees_description": record.fees_description,
        "accreditations": record.accreditations,
        "eligibility_description": record.eligibility_description,
        "minimum_age": record.minimum_age,
        "maximum_age": record.maximum_age,
        "assured_date": record.assured_date,
        "assurer_email": record.assurer_email,
        "alert": record.alert,
        "last_modified": now,
        "ehcp_required": record.ehcp_required,
        "cost_state": record.cost_state or "unknown",
        "area_served": area_served,
        "extra": record.extra or None,
    }


def service_children(
    rows: Rows,
    record: ServiceRecord,
    service_id: uuid.UUID,
    location_ids: list[uuid.UUID],
    now: datetime,
) -> None:
    _phones(rows, record.phones, service_id=service_id)
    for contact in record.contacts:
        _contact(rows, contact, service_id)
    for schedule in record.schedules:
        _schedule(rows, schedule, service_id=service_id)
    for cost in record.cost_options:
        rows["cost_option"].append(
            {
                "id": new_id(),
                "service_id": service_id,
                "valid_from": cost.valid_from,
                "valid_to": cost.valid_to,
                "option": cost.option,
                "currency": cost.currency,
                "amount": cost.amount,
                "amount_description": cost.amount_description,
            }
        )
    for name in record.languages:
        _language(rows, name, service_id=service_id)
    for area in record.service_areas:
        rows["service_area"].append(
            {
                "id": new_id(),
                "service_id": service_id,
                "name": area.name,
                "description": area.description,
                "extent": area.extent,
                "extent_type": area.extent_type,
                "uri": area.uri,
            }
        )
    for location, location_id in zip(record.locations, location_ids, strict=True):
        sal_id = new_id()
        rows["service_at_location"].append(
            {
                "id": sal_id,
                "service_id": service_id,
                "location_id": location_id,
                "description": None,
            }
        )
        for schedule in location.schedules:
            _schedule(rows, schedule, service_at_location_id=sal_id)
    for term in record.terms:
        _attribute(rows, "service", service_id, term.vocabulary, term.code)
    for priority in record.priorities:
        rows["priority_tag"].append(
            {
                "id": new_id(),
                "service_id": service_id,
                "priority_id": priority.priority_id,
                "reason": priority.reason,
                "origin": "import",
                "created_at": now,
            }
        )


def _attribute(rows: Rows, entity: str, link_id: uuid.UUID, vocabulary: str, code: str) -> None:
    rows["attribute"].append(
        {
            "id": new_id(),
            "link_id": link_id,
            "link_entity": entity,
            "link_type": vocabulary,
            "taxonomy_term_id": _term_id(vocabulary, code),
            "value": None,
            "origin": "import",
            "created_at": utcnow(),
        }
    )


def _phones(rows: Rows, phones: tuple[PhoneRecord, ...], **link: uuid.UUID) -> None:
    for phone in phones:
        row: dict[str, Any] = dict.fromkeys(
            ("location_id", "service_id", "organization_id", "contact_id", "service_at_location_id")
        )
        row.update(link)
        row.update(
            id=new_id(),
            number=phone.number,
            extension=None,
            type=None,
            description=phone.description,
        )
        rows["phone"].append(row)


def _contact(rows: Rows, contact: ContactRecord, service_id: uuid.UUID) -> None:
    contact_id = new_id()
    rows["contact"].append(
        {
            "id": contact_id,
            "organization_id": None,
            "service_id": service_id,
            "service_at_location_id": None,
            "location_id": None,
            "name": contact.name,
            "title": contact.title,
            "department": None,
            "email": contact.email,
        }
    )
    _phones(rows, contact.phones, contact_id=contact_id)


def _schedule(rows: Rows, schedule: ScheduleRecord, **link: uuid.UUID) -> None:
    row: dict[str, Any] = dict.fromkeys(("service_id", "location_id", "service_at_location_id"))
    row.update(link)
    row.update(
        id=new_id(),
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        dtstart=schedule.dtstart,
        timezone=None,
        until=schedule.until,
        count=None,
        wkst=None,
        freq=schedule.freq,
        interval=schedule.interval,
        byday=schedule.byday,
        byweekno=None,
        bymonthday=schedule.bymonthday,
        byyearday=None,
        description=schedule.description,
        opens_at=schedule.opens_at,
        closes_at=schedule.closes_at,
        schedule_link=schedule.schedule_link,
        attending_type=schedule.attending_type,
        notes=schedule.notes,
    )
    rows["schedule"].append(row)


def _language(rows: Rows, name: str, **link: uuid.UUID) -> None:
    row: dict[str, Any] = dict.fromkeys(("service_id", "location_id", "phone_id"))
    row.update(link)
    code = name if len(name) <= 3 and name.islower() else None
    row.update(id=new_id(), name=None if code else name, code=code, note=None)
    rows["language"].append(row)
