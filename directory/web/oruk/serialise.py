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

from directory.models import Organization, PriorityTag, Service
from directory.web.oruk.records import (
    Json,
    attributes_json,
    compact,
    contact_json,
    cost_option_json,
    language_json,
    listed,
    phone_json,
    schedule_json,
    service_area_json,
    service_at_location_json,
)

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
                organization_identifiers=listed(
                    organization.identifiers,
                    lambda i: {
                        "id": str(i.id),
                        "organization_id": str(organization.id),
                        "identifier_type": i.identifier_type,
                        "identifier": i.identifier,
                        **compact(identifier_scheme=i.identifier_scheme),
                    },
                ),
                phones=listed(organization.phones, phone_json),
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
            phones=listed(service.phones, phone_json),
            schedules=listed(service.schedules, schedule_json),
            service_areas=listed(service.service_areas, service_area_json),
            service_at_locations=listed(
                service.service_at_locations, lambda s: service_at_location_json(s, vocabularies)
            ),
            languages=listed(service.languages, language_json),
            funding=_funding(service),
            cost_options=listed(service.cost_options, cost_option_json),
            contacts=listed(service.contacts, contact_json),
            attributes=attributes_json(service.attributes, vocabularies),
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
