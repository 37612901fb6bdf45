"""Read Open Referral UK 3.0 service objects into ``ServiceFacts``, without a database.

Classification travels as HSDS ``attributes`` (``docs/oruk-profile.md``): a term is ours when the
attribute's ``link_type`` or its term's ``taxonomy`` is one of our vocabulary keys and the term's
``code`` is one of its codes, or when the term id is one of our stable UUID v5 term ids. Other
attributes (another council's taxonomy, the examples' placeholders) are ignored. The
``local_offer`` extension gives the area served and priorities set by an import or editor.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from directory.tagging.facts import GivenPriority, ServiceFacts
from directory.tagging.text import html_to_text, postcode_district
from directory.vocab import term_id, vocabularies

CLASSIFYING = ("send-need", "sector", "service-type")
KEPT_ORIGINS = ("import", "editor")
NOT_PLACES = ("postal", "virtual")


@dataclass
class ReadService:
    facts: ServiceFacts
    source_id: Any  # the service's id as given (may be missing)
    warnings: list[str] = field(default_factory=list)


def service_objects(document: Any) -> Iterator[tuple[int, Any]]:
    """Services from a JSON array, one service object, or an ORUK page (``contents``)."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        document = document["contents"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise ValueError("expected a JSON array of service objects")
    yield from enumerate(document, start=1)


def read_service(item: Any, number: int) -> ReadService:
    """One ORUK service object; problems with single fields become warnings, not failures."""
    if not isinstance(item, dict):
        raise ValueError(f"item {number} is not a service object")
    warnings: list[str] = []
    where = f"item {number}"
    organization = _object(item.get("organization"))
    extension = _object(item.get("local_offer"))
    terms = _terms(item.get("attributes"))
    facts = ServiceFacts(
        id=str(item.get("id") or f"#{number}"),
        name=_text(item.get("name")),
        description=_text(item.get("description")),
        eligibility=_text(item.get("eligibility_description") or item.get("eligibility")),
        organization_name=_text(organization.get("name")),
        organization_type=_optional(organization.get("organization_type")),
        sectors=terms["sector"],
        service_types=terms["service-type"],
        needs=terms["send-need"],
        minimum_age=_age(item, "minimum_age", where, warnings),
        maximum_age=_age(item, "maximum_age", where, warnings),
        area_served=_optional(extension.get("area_served")),
        postcode_districts=frozenset(_districts(item)),
        priorities=tuple(_given_priorities(extension.get("priorities"))),
    )
    return ReadService(facts=facts, source_id=item.get("id"), warnings=warnings)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return html_to_text(value) if isinstance(value, str) else ""


def _optional(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _age(item: dict[str, Any], key: str, where: str, warnings: list[str]) -> float | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    try:
        age = float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        warnings.append(f"{where}: {key} {value!r} is not a number; ignored")
        return None
    if not 0 <= age <= 120:
        warnings.append(f"{where}: {key} {value!r} is not an age; ignored")
        return None
    return age


@cache
def _terms_by_id() -> dict[uuid.UUID, tuple[str, str]]:
    return {
        term_id(key, term.code): (key, term.code)
        for key in CLASSIFYING
        for term in vocabularies()[key].terms
    }


def _terms(attributes: Any) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {key: set() for key in CLASSIFYING}
    for attribute in attributes if isinstance(attributes, list) else []:
        if isinstance(attribute, dict) and (hit := _our_term(attribute)) is not None:
            found[hit[0]].add(hit[1])
    return {key: frozenset(codes) for key, codes in found.items()}


def _our_term(attribute: dict[str, Any]) -> tuple[str, str] | None:
    term = attribute.get("taxonomy_term")
    term = term if isinstance(term, dict) else {}
    code = term.get("code")
    for key in (attribute.get("link_type"), term.get("taxonomy")):
        if key in CLASSIFYING and code in vocabularies()[str(key)]:
            return str(key), str(code)
    for candidate in (attribute.get("taxonomy_term_id"), term.get("id")):
        try:
            hit = _terms_by_id().get(uuid.UUID(str(candidate)))
        except ValueError:
            continue
        if hit is not None:
            return hit
    return None


def _districts(item: dict[str, Any]) -> Iterator[str]:
    links = item.get("service_at_locations")
    for link in links if isinstance(links, list) else []:
        location = link.get("location") if isinstance(link, dict) else None
        # Only places where the service is delivered say whether it is local.
        if not isinstance(location, dict) or location.get("location_type") in NOT_PLACES:
            continue
        postcodes = [location.get("postcode")]
        addresses = location.get("addresses")
        for address in addresses if isinstance(addresses, list) else []:
            if isinstance(address, dict) and address.get("address_type") not in NOT_PLACES:
                postcodes.append(address.get("postal_code"))
        for postcode in postcodes:
            district = postcode_district(postcode if isinstance(postcode, str) else None)
            if district:
                yield district


def _given_priorities(items: Any) -> Iterator[GivenPriority]:
    for item in items if isinstance(items, list) else []:
        if (
            isinstance(item, dict)
            and item.get("origin") in KEPT_ORIGINS
            and isinstance(item.get("id"), str)
        ):
            reason = item.get("reason") if isinstance(item.get("reason"), str) else ""
            yield GivenPriority(
                item["id"], reason or f"{item['id']}: set by {item['origin']}", item["origin"]
            )
