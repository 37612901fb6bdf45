"""One Open Referral UK service object (3.0 nested, or v1 list/full) to a ``ServiceRecord``.

3.0 and v1 share most names; where they differ both are read: v1 ``eligibilitys`` (ages),
``regular_schedules``, ``locations`` with ``physical_addresses``, ``service_taxonomys``,
``languages`` as ``{"language": ...}``, ``fees``, and the LGA ``attending_type`` /
``attending_access`` strings, which become our delivery-method and referral-route terms.
Fields we do not model are kept, as they came, in ``extra``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from directory.importers import text, vocabmatch
from directory.importers.checks import FieldReader
from directory.importers.oruk_parts import (
    contacts,
    cost_options,
    derive_cost_state,
    languages,
    locations,
    phones,
    schedules,
    service_areas,
)
from directory.importers.records import (
    IdentifierRecord,
    OrganizationRecord,
    PriorityRef,
    ServiceRecord,
    TermRef,
)
from directory.vocab import term_id, vocabularies

# Everything in this set is modelled; any other key is kept in ``extra``.
_KNOWN = {
    "id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "fees_description",
    "accreditations",
    "eligibility_description",
    "application_process",
    "interpretation_services",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
    "last_modified",
    "organization",
    "organization_id",
    "service_at_locations",
    "locations",
    "contacts",
    "phones",
    "schedules",
    "regular_schedules",
    "cost_options",
    "languages",
    "service_areas",
    "attributes",
    "service_taxonomys",
    "eligibilitys",
    "local_offer",
    "attending_type",
    "attending_access",
    "metadata",
}
_OFFER_FIELDS = ("ehcp_required", "area_served", "cost_state", "priorities")
_NESTED = ("organization", "service_at_locations", "locations")
_SERVICE_VOCABULARIES = {
    "send-need",
    "sector",
    "service-type",
    "delivery-method",
    "cost-state",
    "referral-route",
    "pfa-outcome",
}


@cache
def _terms_by_id() -> dict[str, TermRef]:
    return {
        str(term_id(v.key, t.code)): TermRef(v.key, t.code)
        for v in vocabularies().values()
        for t in v.terms
    }


def service_record(raw: dict[str, Any], reader: FieldReader) -> ServiceRecord:
    source_id = reader.required("id", raw.get("id"))
    name = reader.required("name", raw.get("name"))
    description, description_text = reader.html("description", raw.get("description"))
    low, high = reader.ages(*_ages(raw))
    offer = raw.get("local_offer") if isinstance(raw.get("local_offer"), dict) else {}
    assert isinstance(offer, dict)
    terms, unmapped = _terms(raw, reader)
    record_costs = cost_options(raw.get("cost_options"), reader)
    extra = {k: v for k, v in raw.items() if k not in _KNOWN and v not in ("", None, [], {})}
    if unmapped:
        extra["unmapped_terms"] = unmapped
    offer_rest = {k: v for k, v in offer.items() if k not in _OFFER_FIELDS}
    if offer_rest:
        extra["local_offer"] = offer_rest  # e.g. {"demo": true} on demonstration data
    for legacy in ("attending_type", "attending_access"):
        if text.clean(raw.get(legacy)):
            extra[legacy] = raw[legacy]
    organization = organization_record(raw.get("organization"), reader)
    places = locations(raw, reader)
    own = {k: v for k, v in raw.items() if k not in _NESTED}
    return ServiceRecord(
        source_id=source_id,
        name=name,
        organization=organization,
        description=description,
        description_text=description_text,
        status=reader.enum("status", raw.get("status"), "status", default="active") or "active",
        url=reader.convert("url", raw.get("url"), text.parse_url),
        email=reader.convert("email", raw.get("email"), text.parse_email),
        alternate_name=reader.line("alternate_name", raw.get("alternate_name")),
        minimum_age=low,
        maximum_age=high,
        eligibility_description=_eligibility_text(raw, reader),
        application_process=reader.text("application_process", raw.get("application_process")),
        fees_description=reader.text(
            "fees_description", raw.get("fees_description") or raw.get("fees")
        ),
        accreditations=reader.text("accreditations", raw.get("accreditations")),
        interpretation_services=reader.text(
            "interpretation_services", raw.get("interpretation_services")
        ),
        alert=reader.text("alert", raw.get("alert")),
        assured_date=reader.convert("assured_date", raw.get("assured_date"), text.parse_date),
        assurer_email=reader.convert("assurer_email", raw.get("assurer_email"), text.parse_email),
        ehcp_required=reader.convert(
            "local_offer.ehcp_required", offer.get("ehcp_required"), text.parse_bool, strict=True
        ),
        cost_state=reader.enum("local_offer.cost_state", offer.get("cost_state"), "cost-state")
        or _cost_from_terms(terms)
        or derive_cost_state(record_costs),
        area_served=reader.enum("local_offer.area_served", offer.get("area_served"), "area-served"),
        terms=terms,
        priorities=_priorities(offer.get("priorities"), reader),
        locations=places,
        contacts=contacts(raw.get("contacts"), reader),
        phones=phones(raw.get("phones"), reader, "phones"),
        schedules=schedules(raw.get("schedules") or raw.get("regular_schedules"), reader),
        cost_options=record_costs,
        languages=languages(raw.get("languages")),
        service_areas=service_areas(raw.get("service_areas"), reader),
        extra=extra,
        publisher_id=text.parse_uuid(source_id),
        # The nested organisation and places are fingerprinted once, by their own records.
        fingerprint=text.fingerprint(
            own, organization.fingerprint, [p.fingerprint for p in places]
        ),
    )


def organization_record(raw: Any, reader: FieldReader) -> OrganizationRecord:
    if not isinstance(raw, dict) or not text.clean(raw.get("name")):
        raise reader.reject(
            "organization", raw, "organization is missing: every service needs a provider"
        )
    name = reader.required("organization.name", raw.get("name"))
    source_id = text.clean(raw.get("id")) or "name:" + text.key(name)
    description = text.html_to_text(reader.text("organization.description", raw.get("description")))
    identifiers = tuple(
        IdentifierRecord(
            identifier=str(item["identifier"]).strip(),
            identifier_type=text.clean_line(item.get("identifier_type")) or "identifier",
            scheme=text.clean_line(item.get("identifier_scheme")),
        )
        for item in raw.get("organization_identifiers") or []
        if isinstance(item, dict) and text.clean(item.get("identifier"))
    )
    return OrganizationRecord(
        source_id=source_id,
        name=name,
        description=description,
        organization_type=reader.enum(
            "organization.organization_type", raw.get("organization_type"), "organization-type"
        ),
        email=reader.convert("organization.email", raw.get("email"), text.parse_email),
        website=reader.convert(
            "organization.website", raw.get("website") or raw.get("url"), text.parse_url
        ),
        logo=reader.convert("organization.logo", raw.get("logo"), text.parse_url),
        uri=reader.convert("organization.uri", raw.get("uri"), text.parse_url),
        legal_status=reader.line("organization.legal_status", raw.get("legal_status")),
        identifiers=identifiers,
        phones=phones(raw.get("phones"), reader, "organization.phones"),
        publisher_id=text.parse_uuid(raw.get("id")),
        fingerprint=text.fingerprint(raw),
    )


def _ages(raw: dict[str, Any]) -> tuple[Any, Any]:
    low, high = raw.get("minimum_age"), raw.get("maximum_age")
    for item in raw.get("eligibilitys") or []:
        if isinstance(item, dict):
            low = low if low is not None else item.get("minimum_age")
            high = high if high is not None else item.get("maximum_age")
    return low, high


def _eligibility_text(raw: dict[str, Any], reader: FieldReader) -> str | None:
    given = reader.text("eligibility_description", raw.get("eligibility_description"))
    if given:
        return given
    v1 = [text.clean_line(e.get("eligibility")) for e in raw.get("eligibilitys") or []]
    return "; ".join(e for e in v1 if e) or None


def _terms(raw: dict[str, Any], reader: FieldReader) -> tuple[tuple[TermRef, ...], list[Any]]:
    """Our vocabulary terms from ``attributes``, v1 ``service_taxonomys`` and LGA strings."""
    found: list[TermRef] = []
    unmapped: list[Any] = []
    for index, attribute in enumerate(raw.get("attributes") or []):
        term = _attribute_term(attribute, reader, f"attributes[{index}]")
        if term is None:
            unmapped.append(attribute)
        else:
            found.append(term)
    for item in raw.get("service_taxonomys") or []:
        unmapped.append(item.get("taxonomy", item) if isinstance(item, dict) else item)
    for field, vocabulary in (
        ("attending_type", "delivery-method"),
        ("attending_access", "referral-route"),
    ):
        value = text.clean_line(raw.get(field))
        code = vocabmatch.try_match(vocabulary, value) if value else None
        if code:
            found.append(TermRef(vocabulary, code))
    return tuple(dict.fromkeys(found)), unmapped


def _attribute_term(attribute: Any, reader: FieldReader, field: str) -> TermRef | None:
    if not isinstance(attribute, dict):
        return None
    term = (
        attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
    )
    assert isinstance(term, dict)
    by_id = _terms_by_id().get(str(attribute.get("taxonomy_term_id") or term.get("id")))
    if by_id is not None:
        return by_id if by_id.vocabulary in _SERVICE_VOCABULARIES else None
    vocabulary = term.get("taxonomy") or attribute.get("link_type")
    if vocabulary not in _SERVICE_VOCABULARIES:
        return None
    code = text.clean_line(term.get("code")) or text.clean_line(term.get("name"))
    if code is None:
        raise reader.reject(f"{field}.taxonomy_term.code", term, "the term has no code")
    try:
        return TermRef(vocabulary, vocabmatch.match(vocabulary, code))
    except ValueError as exc:
        raise reader.reject(f"{field}.taxonomy_term.code", code, f"{code!r} {exc}") from None


def _cost_from_terms(terms: tuple[TermRef, ...]) -> str | None:
    return next((t.code for t in terms if t.vocabulary == "cost-state"), None)


def _priorities(raw: Any, reader: FieldReader) -> tuple[PriorityRef, ...]:
    """Priorities the source asserted (origin import or editor); rule tags are recomputed."""
    kept = []
    for index, item in enumerate(raw or []):
        if not isinstance(item, dict) or item.get("origin") == "rule":
            continue
        priority_id = text.clean_line(item.get("id"))
        if priority_id is None:
            raise reader.reject(f"local_offer.priorities[{index}].id", item, "priority has no id")
        reason = text.clean_line(item.get("reason")) or "stated by the source"
        kept.append(PriorityRef(priority_id, reason))
    return tuple(kept)
