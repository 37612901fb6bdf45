"""Render the demo content as fully nested Open Referral UK 3.0 service objects.

The shape is ``GET /services/{id}`` of the ORUK 3.0 API, with the conventions of
``docs/oruk-profile.md``: classification as ``attributes`` carrying our vocabulary keys and stable
term ids, and the ``local_offer`` extension object. A few HSDS 3.0 fields the UK profile leaves
out (service ``phones``, ``eligibility_description``, cost ``currency``) are kept because
importers of full HSDS read them and ORUK validators accept extra properties.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta
from typing import Any

from directory.demo.build.content import Content, Hours, Organisation, Service, Venue
from directory.demo.build.geography import PostcodeIndex
from directory.vocab import taxonomy_id, term_id, vocabulary

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:local-offer:demo:barnet")
ASSURER_EMAIL = "local-offer-editors@example.org"
LANGUAGES = {
    "en": "English",
    "bfi": "British Sign Language",
    "ar": "Arabic",
    "fa": "Persian (Farsi)",
    "gu": "Gujarati",
    "he": "Hebrew",
    "pl": "Polish",
    "ro": "Romanian",
    "so": "Somali",
    "ta": "Tamil",
    "tr": "Turkish",
    "yi": "Yiddish",
}
AREA_NAMES = {
    "in_borough": "London Borough of Barnet",
    "regional": "North Central London (Barnet, Camden, Enfield, Haringey and Islington)",
    "national": "England",
    "out_of_borough": "Outside Barnet: places for Barnet children and young people by agreement",
}
Json = dict[str, Any]


def demo_id(*parts: str) -> str:
    """Stable ids: the same slug gives the same UUID on every build and every machine."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def service_id(slug: str) -> str:
    return demo_id("service", slug)


def _digest(slug: str) -> int:
    return int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big")


def drama_numbers(services: tuple[Service, ...]) -> dict[str, str]:
    """Ofcom's drama range 020 7946 0000-0999 for invented numbers, one per service."""
    taken: set[int] = set()
    numbers = {}
    for service in sorted(services, key=lambda s: s.slug):
        if service.phone != "drama":
            continue
        number = _digest(service.slug) % 1000
        while number in taken:
            number = (number + 1) % 1000
        taken.add(number)
        numbers[service.slug] = f"020 7946 {number:04d}"
    return numbers


class Renderer:
    def __init__(self, content: Content, postcodes: PostcodeIndex, as_of: date) -> None:
        self.content = content
        self.postcodes = postcodes
        self.as_of = as_of
        self.phones = drama_numbers(content.services)

    def services(self) -> list[Json]:
        return [self.service(service) for service in self.content.services]

    def service(self, s: Service) -> Json:
        sid = service_id(s.slug)
        org = self.content.organisations[s.org]
        assured, modified = self.dates(s)
        record: Json = {
            "id": sid,
            "organization_id": demo_id("organization", org.key),
            "name": s.name,
            "description": s.description.strip(),
            "url": s.url or org.website,
            "email": s.email or org.email,
            "status": s.status,
            "fees": s.fees,
            "eligibility_description": s.eligibility,
            "minimum_age": s.min_age,
            "maximum_age": s.max_age,
            "assured_date": assured.isoformat(),
            "assurer_email": ASSURER_EMAIL,
            "alert": s.alert,
            "last_modified": f"{modified.isoformat()}T09:{_digest(s.slug) % 60:02d}:00.000Z",
            "organization": organization(org),
            "phones": self.service_phones(s, sid),
            "contacts": contacts(s, sid),
            "schedules": [schedule(s, sid, i, h) for i, h in enumerate(s.hours)],
            "service_areas": [service_area(s, sid)],
            "service_at_locations": [self.service_at_location(s, sid, v) for v in s.venues],
            "languages": [language(s, sid, code) for code in s.languages],
            "funding": [{"id": demo_id("funding", s.slug), "service_id": sid, "source": s.funding}]
            if s.funding
            else [],
            "cost_options": cost_options(s, sid),
            "attributes": service_attributes(s, sid),
            "local_offer": local_offer(s),
        }
        return {key: value for key, value in record.items() if value is not None}

    def dates(self, s: Service) -> tuple[date, date]:
        """Most records were checked within the year; ``stale`` ones 13 to 27 months ago."""
        digest = _digest(s.slug)
        age = 395 + digest % 420 if s.stale else 3 + digest % 330
        assured = self.as_of - timedelta(days=age)
        modified = min(self.as_of, assured + timedelta(days=digest % 21))
        return assured, modified

    def service_phones(self, s: Service, sid: str) -> list[Json]:
        number = self.phones.get(s.slug, s.phone)
        if not number:
            return []
        phone: Json = {
            "id": demo_id("phone", s.slug),
            "service_id": sid,
            "number": number,
            "type": "voice",
        }
        if s.contact:
            phone["description"] = s.contact[0]
        return [phone]

    def service_at_location(self, s: Service, sid: str, venue_key: str) -> Json:
        venue = self.content.venues[venue_key]
        return {
            "id": demo_id("service_at_location", s.slug, venue_key),
            "service_id": sid,
            "location_id": demo_id("location", venue_key),
            "location": self.location(venue),
        }

    def location(self, venue: Venue) -> Json:
        lid = demo_id("location", venue.key)
        position = self.postcodes.position(venue.postcode)
        record: Json = {
            "id": lid,
            "location_type": "physical",
            "name": venue.name,
            "latitude": position.latitude,
            "longitude": position.longitude,
            "addresses": [
                {
                    "id": demo_id("address", venue.key),
                    "location_id": lid,
                    "address_1": venue.address,
                    "city": venue.city,
                    "state_province": venue.county,
                    "postal_code": venue.postcode,
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            "accessibility": accessibility(venue, lid),
            "attributes": [
                attribute("location", lid, "accessibility-feature", code) for code in venue.access
            ],
        }
        return record


def organization(org: Organisation) -> Json:
    oid = demo_id("organization", org.key)
    record: Json = {
        "id": oid,
        "name": org.name,
        "description": org.description.strip(),
        "email": org.email,
        "website": org.website,
        "legal_status": org.legal_status,
        "parent_organization_id": demo_id("organization", org.parent) if org.parent else None,
        "organization_identifiers": [
            {
                "id": demo_id("organization_identifier", org.key, i.scheme),
                "organization_id": oid,
                "identifier_scheme": i.scheme,
                "identifier_type": i.type,
                "identifier": i.value,
            }
            for i in org.identifiers
        ],
    }
    return {key: value for key, value in record.items() if value not in (None, [])}


def contacts(s: Service, sid: str) -> list[Json]:
    if not s.contact:
        return []
    name, title = s.contact
    return [{"id": demo_id("contact", s.slug), "service_id": sid, "name": name, "title": title}]


def schedule(s: Service, sid: str, index: int, hours: Hours) -> Json:
    record: Json = {
        "id": demo_id("schedule", s.slug, str(index)),
        "service_id": sid,
        "freq": "WEEKLY",
        "interval": 1,
        "byday": ",".join(hours.days),
        "opens_at": f"{hours.opens}:00",
        "closes_at": f"{hours.closes}:00",
        "description": hours.note,
    }
    return {key: value for key, value in record.items() if value is not None}


def service_area(s: Service, sid: str) -> Json:
    name = s.area_name or AREA_NAMES[s.area]
    return {
        "id": demo_id("service_area", s.slug),
        "service_id": sid,
        "name": name,
        "service_area": name,
    }


def language(s: Service, sid: str, code: str) -> Json:
    return {
        "id": demo_id("language", s.slug, code),
        "service_id": sid,
        "name": LANGUAGES[code],
        "code": code,
    }


def accessibility(venue: Venue, lid: str) -> list[Json]:
    if not venue.access_note:
        return []
    return [
        {
            "id": demo_id("accessibility", venue.key),
            "location_id": lid,
            "description": venue.access_note,
            "accessibility": venue.access_note,
        }
    ]


def cost_options(s: Service, sid: str) -> list[Json]:
    options = list(s.costs)
    if not options and s.cost == "free":
        return [_cost(s, sid, 0, "Free", 0, "No charge to families")]
    return [_cost(s, sid, i, c.option, c.amount, c.per) for i, c in enumerate(options)]


def _cost(s: Service, sid: str, index: int, option: str, amount: float, per: str | None) -> Json:
    record: Json = {
        "id": demo_id("cost_option", s.slug, str(index)),
        "service_id": sid,
        "option": option,
        "amount": amount,
        "currency": "GBP",
        "amount_description": per,
    }
    return {key: value for key, value in record.items() if value is not None}


def service_attributes(s: Service, sid: str) -> list[Json]:
    coded = (
        ("service-type", s.types),
        ("sector", s.sectors),
        ("send-need", s.needs),
        ("delivery-method", s.delivery),
        ("cost-state", (s.cost,)),
        ("referral-route", s.referral),
        ("pfa-outcome", s.pfa),
    )
    return [attribute("service", sid, vocab, code) for vocab, codes in coded for code in codes]


def attribute(entity: str, link_id: str, vocab: str, code: str) -> Json:
    term = vocabulary(vocab)[code]
    tid = str(term_id(vocab, code))
    return {
        "id": demo_id("attribute", link_id, vocab, code),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": vocab,
        "taxonomy_term_id": tid,
        "taxonomy_term": {
            "id": tid,
            "code": code,
            "name": term.name,
            "description": str(term.data.get("description", term.name)),
            "taxonomy": vocab,
            "taxonomy_id": str(taxonomy_id(vocab)),
        },
    }


def local_offer(s: Service) -> Json:
    record: Json = {
        "demo": True,
        "ehcp_required": s.ehcp,
        "area_served": s.area,
        "cost_state": s.cost,
    }
    return {key: value for key, value in record.items() if value is not None}
