"""HSDS 3.0 JSON for the parts of a record: classification, places, contacts, times, costs,
languages and areas. Optional fields without a value are left out (``compact``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]
FREQUENCIES = {"WEEKLY", "MONTHLY"}
WEEKDAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def compact(**fields: Any) -> Json:
    """The fields that have a value, JSON-ready."""
    return {k: _value(v) for k, v in fields.items() if v not in (None, "", [], {})}


def timestamp(value: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as HSDS asks for ``last_modified``."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def listed(items: Iterable[Any], render: Any) -> list[Json]:
    return [render(item) for item in sorted(items, key=lambda i: str(i.id))]


# Classification ------------------------------------------------------------------------------


def term_json(term: TaxonomyTerm, vocabularies: Mapping[uuid.UUID, str]) -> Json:
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description or term.name,
        **compact(
            code=term.code,
            taxonomy=vocabularies.get(term.taxonomy_id),
            taxonomy_id=term.taxonomy_id,
            parent_id=term.parent_id,
            term_uri=term.term_uri,
            language=term.language,
        ),
    }


def taxonomy_json(taxonomy: Taxonomy) -> Json:
    return {
        "id": str(taxonomy.id),
        "name": taxonomy.name,
        "description": taxonomy.description or taxonomy.name,
        **compact(uri=taxonomy.uri, version=taxonomy.version, vocabulary=taxonomy.vocabulary),
    }


def attribute_json(attribute: Attribute, vocabularies: Mapping[uuid.UUID, str]) -> Json:
    term = attribute.taxonomy_term
    return {
        "id": str(attribute.id),
        **compact(
            link_id=attribute.link_id,
            link_entity=attribute.link_entity,
            link_type=attribute.link_type or vocabularies.get(term.taxonomy_id),
            taxonomy_term_id=attribute.taxonomy_term_id,
            value=attribute.value,
        ),
        "taxonomy_term": term_json(term, vocabularies),
    }


def attributes_json(
    items: Iterable[Attribute], vocabularies: Mapping[uuid.UUID, str]
) -> list[Json]:
    ordered = sorted(
        items,
        key=lambda a: (vocabularies.get(a.taxonomy_term.taxonomy_id, ""), a.taxonomy_term.position),
    )
    return [attribute_json(a, vocabularies) for a in ordered]


# Places --------------------------------------------------------------------------------------


def service_at_location_json(
    link: ServiceAtLocation, vocabularies: Mapping[uuid.UUID, str], *, service: Json | None = None
) -> Json:
    body = {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        **compact(
            description=link.description,
            contacts=listed(link.contacts, contact_json),
            phones=listed(link.phones, phone_json),
            schedules=listed(link.schedules, schedule_json),
        ),
        "location": location_json(link.location, vocabularies),
    }
    if service is not None:
        body["service"] = service
    return body


def location_json(location: Location, vocabularies: Mapping[uuid.UUID, str]) -> Json:
    return {
        "id": str(location.id),
        "location_type": location.location_type,
        **compact(
            url=location.url,
            organization_id=location.organization_id,
            name=location.name,
            alternate_name=location.alternate_name,
            description=location.description,
            transportation=location.transportation,
            latitude=location.latitude,
            longitude=location.longitude,
            external_identifier=location.external_identifier,
            external_identifier_type=location.external_identifier_type,
            addresses=listed(location.addresses, address_json),
            accessibility=listed(location.accessibility, accessibility_json),
            phones=listed(location.phones, phone_json),
            schedules=listed(location.schedules, schedule_json),
            languages=listed(location.languages, language_json),
            attributes=attributes_json(location.attributes, vocabularies),
        ),
    }


def address_json(address: Address) -> Json:
    # All but three fields are required by HSDS, so they are sent even when empty.
    return {
        "id": str(address.id),
        "location_id": str(address.location_id),
        "address_1": address.address_1,
        "city": address.city,
        "state_province": address.state_province,
        "postal_code": address.postal_code,
        "country": address.country,
        "address_type": address.address_type,
        **compact(attention=address.attention, address_2=address.address_2, region=address.region),
    }


def accessibility_json(item: Accessibility) -> Json:
    return {
        "id": str(item.id),
        **compact(
            location_id=item.location_id,
            description=item.description,
            details=item.details,
            url=item.url,
            # The UK schema keeps the v1 field; ORUK's own examples repeat the description.
            accessibility=item.description,
        ),
    }


# Contacts, times, costs, languages, areas ----------------------------------------------------


def phone_json(phone: Phone) -> Json:
    extension = phone.extension if phone.extension and phone.extension.isdigit() else None
    return {
        "id": str(phone.id),
        "number": phone.number,
        **compact(
            service_id=phone.service_id,
            location_id=phone.location_id,
            organization_id=phone.organization_id,
            contact_id=phone.contact_id,
            service_at_location_id=phone.service_at_location_id,
            extension=int(extension) if extension else None,
            type=phone.type,
            description=phone.description,
        ),
    }


def contact_json(contact: Contact) -> Json:
    return {
        "id": str(contact.id),
        **compact(
            service_id=contact.service_id,
            organization_id=contact.organization_id,
            service_at_location_id=contact.service_at_location_id,
            location_id=contact.location_id,
            name=contact.name,
            title=contact.title,
            department=contact.department,
            email=contact.email,
            phones=listed(contact.phones, phone_json),
        ),
    }


def schedule_json(schedule: Schedule) -> Json:
    freq = schedule.freq.upper() if schedule.freq else None
    return {
        "id": str(schedule.id),
        **compact(
            service_id=schedule.service_id,
            location_id=schedule.location_id,
            service_at_location_id=schedule.service_at_location_id,
            valid_from=schedule.valid_from,
            valid_to=schedule.valid_to,
            dtstart=schedule.dtstart,
            timezone=schedule.timezone,
            until=schedule.until,
            count=schedule.count,
            wkst=schedule.wkst if schedule.wkst in WEEKDAYS else None,
            freq=freq if freq in FREQUENCIES else None,
            interval=schedule.interval,
            byday=schedule.byday,
            byweekno=schedule.byweekno,
            bymonthday=schedule.bymonthday,
            byyearday=schedule.byyearday,
            description=schedule.description,
            opens_at=schedule.opens_at,
            closes_at=schedule.closes_at,
            schedule_link=schedule.schedule_link,
            attending_type=schedule.attending_type,
            notes=schedule.notes,
        ),
    }


def cost_option_json(cost: CostOption) -> Json:
    return {
        "id": str(cost.id),
        "service_id": str(cost.service_id),
        **compact(
            valid_from=cost.valid_from,
            valid_to=cost.valid_to,
            option=cost.option,
            currency=cost.currency,
            amount=cost.amount,
            amount_description=cost.amount_description,
        ),
    }


def language_json(language: Language) -> Json:
    return {
        "id": str(language.id),
        **compact(
            service_id=language.service_id,
            location_id=language.location_id,
            phone_id=language.phone_id,
            name=language.name,
            code=language.code,
            note=language.note,
        ),
    }


def service_area_json(area: ServiceArea) -> Json:
    return {
        "id": str(area.id),
        "service_id": str(area.service_id),
        **compact(
            name=area.name,
            description=area.description,
            extent=area.extent,
            extent_type=area.extent_type,
            uri=area.uri,
            service_area=area.name,  # the UK schema's v1 field, as in ORUK's examples
        ),
    }
