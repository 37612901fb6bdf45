"""Rows to Open Referral UK 3.0 (HSDS 3.0) JSON, following ``docs/oruk-profile.md``.

Optional fields without a value are left out (never ``null``, ``""`` or ``[]``), as the ORUK
compliance rules ask; required ones are always present. Classification travels as HSDS
``attributes`` whose ``taxonomy_term.taxonomy`` is our vocabulary key, and the Local Offer fields
HSDS lacks travel in the ``local_offer`` object, so our own ``oruk`` importer reads this output
back into the same services.
"""

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
    Organization,
    Phone,
    PriorityTag,
    Schedule,
    Service,
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


def _listed(items: Iterable[Any], render: Any) -> list[Json]:
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


def _attributes(items: Iterable[Attribute], vocabularies: Mapping[uuid.UUID, str]) -> list[Json]:
    ordered = sorted(
        items,
        key=lambda a: (vocabularies.get(a.taxonomy_term.taxonomy_id, ""), a.taxonomy_term.position),
    )
    return [attribute_json(a, vocabularies) for a in ordered]


# Organisations and services ------------------------------------------------------------------


def organization_json(organization: Organization, *, full: bool = False) -> Json:
    body = {
        "id": str(organization.id),
        "name": organization.name,
        # HSDS requires a description; the name is the honest fallback when a source gave none.
        "description": organization.description or organization.name,
        **compact(
            alternate_name=organization.alternate_name,
            email=organization.email,
            website=organization.website,
            year_incorporated=organization.year_incorporated,
            legal_status=organization.legal_status,
            logo=organization.logo,
            uri=organization.uri,
            parent_organization_id=organization.parent_organization_id,
            organization_type=organization.organization_type,
        ),
    }
    if full:
        body.update(
            compact(
                organization_identifiers=_listed(
                    organization.identifiers,
                    lambda i: {
                        "id": str(i.id),
                        "organization_id": str(organization.id),
                        "identifier_type": i.identifier_type,
                        "identifier": i.identifier,
                        **compact(identifier_scheme=i.identifier_scheme),
                    },
                ),
                phones=_listed(organization.phones, phone_json),
            )
        )
    return body


def service_list_json(service: Service) -> Json:
    """One-to-one fields plus the nested organisation (``compiled/service_list.json``)."""
    return {
        "id": str(service.id),
        "organization_id": str(service.organization_id),
        "name": service.name,
        "status": service.status,
        **compact(
            alternate_name=service.alternate_name,
            description=service.description,
            url=service.url,
            email=service.email,
            interpretation_services=service.interpretation_services,
            application_process=service.application_process,
            fees_description=service.fees_description,
            accreditations=service.accreditations,
            eligibility_description=service.eligibility_description,
            minimum_age=service.minimum_age,
            maximum_age=service.maximum_age,
            assured_date=service.assured_date,
            assurer_email=service.assurer_email,
            alert=service.alert,
            last_modified=service.last_modified,
        ),
        "organization": organization_json(service.organization),
    }


def service_full_json(service: Service, vocabularies: Mapping[uuid.UUID, str]) -> Json:
    """The fully nested service (``compiled/service.json``) with our ``local_offer`` object."""
    body = service_list_json(service)
    body["organization"] = organization_json(service.organization, full=True)
    body.update(
        compact(
            phones=_listed(service.phones, phone_json),
            schedules=_listed(service.schedules, schedule_json),
            service_areas=_listed(service.service_areas, service_area_json),
            service_at_locations=_listed(
                service.service_at_locations, lambda s: service_at_location_json(s, vocabularies)
            ),
            languages=_listed(service.languages, language_json),
            funding=_funding(service),
            cost_options=_listed(service.cost_options, cost_option_json),
            contacts=_listed(service.contacts, contact_json),
            attributes=_attributes(service.attributes, vocabularies),
        )
    )
    body["local_offer"] = local_offer_json(service)
    body.update(_kept_fields(service, body))
    return body


# Source fields kept in ``service.extra`` that are rendered above or only made sense to the
# importer (LGA strings it mapped to our terms; foreign taxonomy attributes, not re-published
# because they need not be valid HSDS).
_NOT_REPUBLISHED = {
    "local_offer",
    "funding",
    "unmapped_terms",
    "attending_type",
    "attending_access",
}


def _kept_fields(service: Service, body: Json) -> Json:
    """What a source said that we do not model (a register's ``gias`` or ``ods`` details),
    passed on as extra properties, which HSDS allows."""
    extra = service.extra or {}
    return {
        key: value
        for key, value in extra.items()
        if key not in _NOT_REPUBLISHED and key not in body and value not in (None, "", [], {})
    }


def local_offer_json(service: Service) -> Json:
    extra = service.extra or {}
    kept = extra.get("local_offer") if isinstance(extra.get("local_offer"), dict) else {}
    assert isinstance(kept, dict)
    return {
        **kept,  # e.g. {"demo": true}: the demonstration marker travels with the record
        "cost_state": service.cost_state,
        **compact(
            ehcp_required=service.ehcp_required,
            area_served=service.area_served,
            priorities=[priority_json(tag) for tag in _by_priority(service.priority_tags)],
        ),
    }


def _by_priority(tags: Iterable[PriorityTag]) -> list[PriorityTag]:
    return sorted(tags, key=lambda t: t.priority_id)


def priority_json(tag: PriorityTag) -> Json:
    return {"id": tag.priority_id, "reason": tag.reason, "origin": tag.origin}


def _funding(service: Service) -> list[Json]:
    """HSDS funding kept from the source (we do not model it), when it is well formed."""
    raw = (service.extra or {}).get("funding")
    found = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("source"), str) and item["source"]:
            try:
                item_id = str(uuid.UUID(str(item.get("id"))))
            except ValueError:
                item_id = str(uuid.uuid5(service.id, item["source"]))
            found.append({"id": item_id, "service_id": str(service.id), "source": item["source"]})
    return found


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
            contacts=_listed(link.contacts, contact_json),
            phones=_listed(link.phones, phone_json),
            schedules=_listed(link.schedules, schedule_json),
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
            addresses=_listed(location.addresses, address_json),
            accessibility=_listed(location.accessibility, accessibility_json),
            phones=_listed(location.phones, phone_json),
            schedules=_listed(location.schedules, schedule_json),
            languages=_listed(location.languages, language_json),
            attributes=_attributes(location.attributes, vocabularies),
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
            phones=_listed(contact.phones, phone_json),
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
