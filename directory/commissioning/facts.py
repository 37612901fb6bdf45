"""The supply side: what each active service offers, read once per report.

Every metric of the commissioning report is computed from these facts, so the count in a cell and
the list of services behind it (``ServiceFilter``) always agree.

Definitions (docs/commissioning.md):
- active = ``status == "active"`` (what the directory publishes);
- phases come from the age range; an open end covers the remaining phases;
- sectors are the service's ``sector`` terms, or when it has none the sectors of its service types;
- a service is in the borough when a location's postcode is in it (the postcode's LA code, or
  else its district is one of the authority's districts); a service without a physical location
  uses its ``area_served``; regional and national services without a location are "wide area";
- stale = last checked (``assured_date``) more than N months before the report date, or never.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig
from directory.models import (
    Attribute,
    Location,
    Organization,
    Phone,
    Postcode,
    PriorityTag,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.vocab import vocabulary

ALL_NEEDS = "ALL"
IN_BOROUGH, OUT_OF_BOROUGH, WIDE_AREA, UNKNOWN_AREA = (
    "in_borough",
    "out_of_borough",
    "wide_area",
    "unknown",
)


@dataclass(frozen=True)
class Phase:
    code: str
    name: str
    min_age: int
    max_age: int

    def contains(self, age: int) -> bool:
        return self.min_age <= age <= self.max_age


def phases() -> tuple[Phase, ...]:
    return tuple(
        Phase(t.code, t.name, int(t.data["min_age"]), int(t.data["max_age"]))
        for t in vocabulary("age-phase").terms
    )


def phases_for_ages(
    minimum: Decimal | float | None, maximum: Decimal | float | None, among: tuple[Phase, ...]
) -> frozenset[str]:
    """The phases an age range overlaps. A service "from 10.5" serves children aged 10 in
    years, so the lower bound is taken in whole years."""
    low = -math.inf if minimum is None else math.floor(minimum)
    high = math.inf if maximum is None else float(maximum)
    return frozenset(p.code for p in among if low <= p.max_age and high >= p.min_age)


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class ServiceFacts:
    id: uuid.UUID
    name: str
    organization: str
    needs: frozenset[str]
    sectors: frozenset[str]
    service_types: frozenset[str]
    terms: frozenset[str]  # "vocabulary:code" for every term on the service
    phases: frozenset[str]
    minimum_age: Decimal | None
    maximum_age: Decimal | None
    districts: frozenset[str]
    wards: frozenset[str]
    borough: str
    area_served: str | None
    assured_date: date | None
    stale: bool
    priorities: frozenset[str]
    has_eligibility: bool
    has_url: bool
    has_phone: bool
    has_application_process: bool
    has_accreditations: bool
    text: str  # name and plain description, lower case, for keyword evidence

    @property
    def integrated(self) -> bool:
        return len(self.sectors & {"education", "health", "social_care"}) >= 2

    def serves_need(self, need: str) -> bool:
        return need in self.needs or ALL_NEEDS in self.needs


@dataclass(frozen=True)
class Supply:
    as_of: date
    stale_before: date
    services: tuple[ServiceFacts, ...]
    phases: tuple[Phase, ...]
    districts: tuple[str, ...]  # the authority's postcode districts, in its order


def load_supply(
    session: Session, config: AuthorityConfig, *, as_of: date, stale_after_months: int = 12
) -> Supply:
    """Read every active service's facts (five queries, whatever the number of services)."""
    stale_before = months_before(as_of, stale_after_months)
    among = phases()
    terms = _terms(session)
    places = _places(session, config)
    tags = _priorities(session)
    phoned = set(session.scalars(select(Phone.service_id).where(Phone.service_id.is_not(None))))
    type_sectors = {t.code: str(t.data.get("sector", "")) for t in vocabulary("service-type").terms}
    rows = session.execute(
        select(Service, Organization.name)
        .join(Organization, Service.organization_id == Organization.id)
        .where(Service.status == "active")
        .order_by(Service.name, Service.id)
    )
    services = []
    for service, organization in rows:
        codes = terms.get(service.id, {})
        types = frozenset(codes.get("service-type", ()))
        sectors = frozenset(codes.get("sector", ())) or frozenset(
            type_sectors[t] for t in types if type_sectors.get(t)
        )
        districts, wards, located_in = places.get(service.id, (frozenset(), frozenset(), None))
        services.append(
            ServiceFacts(
                id=service.id,
                name=service.name,
                organization=organization,
                needs=frozenset(codes.get("send-need", ())),
                sectors=sectors,
                service_types=types,
                terms=frozenset(f"{v}:{c}" for v, cs in codes.items() for c in cs),
                phases=phases_for_ages(service.minimum_age, service.maximum_age, among),
                minimum_age=service.minimum_age,
                maximum_age=service.maximum_age,
                districts=districts,
                wards=wards,
                borough=_borough(located_in, service.area_served),
                area_served=service.area_served,
                assured_date=service.assured_date,
                stale=service.assured_date is None or service.assured_date < stale_before,
                priorities=tags.get(service.id, frozenset()),
                has_eligibility=bool((service.eligibility_description or "").strip()),
                has_url=bool((service.url or "").strip()),
                has_phone=service.id in phoned,
                has_application_process=bool((service.application_process or "").strip()),
                has_accreditations=bool((service.accreditations or "").strip()),
                text=f"{service.name} {service.description_text}".lower(),
            )
        )
    return Supply(as_of, stale_before, tuple(services), among, config.authority.postcode_districts)


def _terms(session: Session) -> dict[uuid.UUID, dict[str, set[str]]]:
    query = (
        select(Attribute.link_id, Taxonomy.vocabulary, TaxonomyTerm.code)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .join(Taxonomy, TaxonomyTerm.taxonomy_id == Taxonomy.id)
        .join(Service, Service.id == Attribute.link_id)
        .where(Attribute.link_entity == "service", Service.status == "active")
    )
    found: dict[uuid.UUID, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for service_id, vocab, code in session.execute(query):
        found[service_id][vocab].add(code)
    return found


def _places(
    session: Session, config: AuthorityConfig
) -> dict[uuid.UUID, tuple[frozenset[str], frozenset[str], bool | None]]:
    """Per service: postcode districts, ward codes, and whether any location is in the borough
    (None when it has no physical location with a postcode)."""
    query = (
        select(
            ServiceAtLocation.service_id,
            Location.postcode,
            Postcode.district,
            Postcode.ward_code,
            Postcode.la_code,
        )
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .outerjoin(Postcode, Postcode.postcode == Location.postcode)
        .where(Location.location_type == "physical", Location.postcode.is_not(None))
    )
    districts: dict[uuid.UUID, set[str]] = defaultdict(set)
    wards: dict[uuid.UUID, set[str]] = defaultdict(set)
    inside: dict[uuid.UUID, bool] = {}
    ours = set(config.authority.postcode_districts)
    for service_id, postcode, district, ward, la_code in session.execute(query):
        district = district or str(postcode).strip().upper()[:-3].strip()
        districts[service_id].add(district)
        if ward:
            wards[service_id].add(ward)
        here = la_code == config.authority.gss_code if la_code else district in ours
        inside[service_id] = inside.get(service_id, False) or here
    return {sid: (frozenset(districts[sid]), frozenset(wards[sid]), inside[sid]) for sid in inside}


def _priorities(session: Session) -> dict[uuid.UUID, frozenset[str]]:
    found: dict[uuid.UUID, set[str]] = defaultdict(set)
    for service_id, priority in session.execute(
        select(PriorityTag.service_id, PriorityTag.priority_id)
    ):
        found[service_id].add(priority)
    return {sid: frozenset(p) for sid, p in found.items()}


def _borough(located_in: bool | None, area_served: str | None) -> str:
    if located_in is not None:
        return IN_BOROUGH if located_in else OUT_OF_BOROUGH
    if area_served in (IN_BOROUGH, OUT_OF_BOROUGH):
        return area_served
    if area_served in ("regional", "national"):
        return WIDE_AREA
    return UNKNOWN_AREA
