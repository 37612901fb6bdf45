"""Index documents built from the database: what search needs of each published service.

Loading is done in batches with one query per related table, so building 300,000 documents
costs a few dozen queries per batch rather than several per service.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig
from directory.models import (
    Attribute,
    Location,
    Organization,
    PriorityTag,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.search.schema import (
    AGE_OPEN_HIGH,
    AGE_OPEN_LOW,
    DAYS,
    LOCATION,
    MASK_COLUMNS,
)
from directory.vocab import vocabulary

BATCH = 2000
_BYDAY = re.compile(r"(MO|TU|WE|TH|FR|SA|SU)")


@dataclass
class IndexDocument:
    service_id: uuid.UUID
    name: str
    organisation: str = ""
    keywords: str = ""
    description: str = ""
    last_modified: datetime | None = None
    min_age: Decimal | None = None
    max_age: Decimal | None = None
    masks: dict[str, int] = field(default_factory=dict)
    # (location id, latitude, longitude) of each physical location with coordinates
    locations: list[tuple[uuid.UUID, float, float]] = field(default_factory=list)

    def text_fields(self) -> dict[str, str]:
        return {
            "name": self.name,
            "organisation": self.organisation,
            "keywords": self.keywords,
            "description": self.description,
        }

    def column_values(self) -> dict[str, object]:
        values: dict[str, object] = {
            "uid": self.service_id.bytes,
            "modified": modified_key(self.last_modified),
            "min_age": age_to_column(self.min_age, AGE_OPEN_LOW),
            "max_age": age_to_column(self.max_age, AGE_OPEN_HIGH),
            "locations": b"".join(
                LOCATION.pack(location_id.bytes, lat, lon)
                for location_id, lat, lon in self.locations
            ),
            "sort_name": sort_key(self.name).encode("utf-8"),
        }
        values.update({name: self.masks.get(name, 0) for name, _v, _c in MASK_COLUMNS})
        return values


def modified_key(moment: datetime | None) -> int:
    """A timestamp as whole microseconds since 1970, as stored in the index."""
    if moment is None:
        return 0
    return int(moment.timestamp() * 1_000_000)


def age_to_column(age: Decimal | None, open_value: int) -> int:
    if age is None:
        return open_value
    return max(0, min(AGE_OPEN_HIGH - 1, round(age * 100)))


def sort_key(name: str) -> str:
    """Case- and punctuation-insensitive key for sorting by name ("The" is kept: it is read)."""
    return " ".join(re.findall(r"\w+", name.casefold()))


class MaskBuilder:
    """Turns vocabulary codes into bit masks; unknown codes are ignored, not fatal."""

    def __init__(self, config: AuthorityConfig) -> None:
        self.bits: dict[str, dict[str, int]] = {}
        for name, vocab_key, _code in MASK_COLUMNS:
            if vocab_key is not None:
                codes = vocabulary(vocab_key).codes
            elif name == "priorities":
                codes = tuple(p.id for p in config.priorities)
            else:
                codes = DAYS
            if len(codes) > 64:
                raise ValueError(f"{name} has {len(codes)} values; a mask holds 64")
            self.bits[name] = {code: 1 << i for i, code in enumerate(codes)}

    def mask(self, column: str, codes: Iterable[str]) -> int:
        bits = self.bits[column]
        value = 0
        for code in codes:
            value |= bits.get(code, 0)
        return value

    def codes(self, column: str, mask: int) -> list[str]:
        return [code for code, bit in self.bits[column].items() if mask & bit]


# Attribute vocabulary -> index column
_ATTRIBUTE_COLUMNS = {
    "send-need": "needs",
    "sector": "sectors",
    "service-type": "service_types",
    "delivery-method": "delivery",
    "referral-route": "referral",
    "cost-state": "cost",
}
_KEYWORD_VOCABULARIES = ("service-type", "send-need", "sector", "pfa-outcome")


def published_ids(session: Session) -> list[uuid.UUID]:
    """Ids of every service the index should hold: the active ones."""
    return list(session.scalars(select(Service.id).where(Service.status == "active")))


def load_documents(
    session: Session, config: AuthorityConfig, service_ids: Sequence[uuid.UUID]
) -> Iterator[IndexDocument]:
    """Documents for the given services that are published, in batches."""
    masks = MaskBuilder(config)
    for start in range(0, len(service_ids), BATCH):
        yield from _load_batch(session, masks, list(service_ids[start : start + BATCH]))


def _load_batch(
    session: Session, masks: MaskBuilder, ids: list[uuid.UUID]
) -> Iterator[IndexDocument]:
    rows = session.execute(
        select(
            Service.id,
            Service.name,
            Service.description_text,
            Service.eligibility_description,
            Service.minimum_age,
            Service.maximum_age,
            Service.cost_state,
            Service.last_modified,
            Organization.name,
        )
        .join(Organization, Service.organization_id == Organization.id)
        .where(Service.id.in_(ids), Service.status == "active")
    ).all()
    codes = _attribute_codes(session, ids)
    priorities = _priorities(session, ids)
    locations, location_ids = _locations(session, ids)
    features = _location_features(session, location_ids)
    days = _days(session, ids)
    for sid, name, description, eligibility, min_age, max_age, cost_state, modified, org in rows:
        service_codes = codes[sid]
        if not service_codes["cost-state"]:
            service_codes["cost-state"].add(cost_state)
        doc_masks = {
            column: masks.mask(column, service_codes[vocab])
            for vocab, column in _ATTRIBUTE_COLUMNS.items()
        }
        doc_masks["priorities"] = masks.mask("priorities", priorities[sid])
        doc_masks["days"] = masks.mask("days", days[sid])
        doc_masks["accessibility"] = masks.mask(
            "accessibility",
            {code for loc_id, *_ in locations[sid] for code in features[loc_id]},
        )
        yield IndexDocument(
            service_id=sid,
            name=name,
            organisation=org,
            keywords=_keywords(service_codes),
            description=" ".join(part for part in (description, eligibility) if part),
            last_modified=modified,
            min_age=min_age,
            max_age=max_age,
            masks=doc_masks,
            locations=locations[sid],
        )


def _attribute_codes(
    session: Session, ids: list[uuid.UUID]
) -> dict[uuid.UUID, dict[str, set[str]]]:
    result: dict[uuid.UUID, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows = session.execute(
        select(Attribute.link_id, Attribute.link_type, TaxonomyTerm.code)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_entity == "service", Attribute.link_id.in_(ids))
    )
    for link_id, link_type, code in rows:
        result[link_id][link_type or ""].add(code)
    return result


@cache
def _term_names() -> dict[tuple[str, str], str]:
    return {
        (key, term.code): term.name
        for key in _KEYWORD_VOCABULARIES
        for term in vocabulary(key).terms
    }


def _keywords(codes: dict[str, set[str]]) -> str:
    """Names of the service's types, needs, sectors and outcomes, for the keywords field."""
    names = _term_names()
    found = {
        names[key, code]
        for key in _KEYWORD_VOCABULARIES
        for code in codes.get(key, ())
        if (key, code) in names
    }
    return " ".join(sorted(found))


def _priorities(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    result: dict[uuid.UUID, set[str]] = defaultdict(set)
    rows = session.execute(
        select(PriorityTag.service_id, PriorityTag.priority_id).where(
            PriorityTag.service_id.in_(ids)
        )
    )
    for service_id, priority_id in rows:
        result[service_id].add(priority_id)
    return result


def _locations(
    session: Session, ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[tuple[uuid.UUID, float, float]]], list[uuid.UUID]]:
    result: dict[uuid.UUID, list[tuple[uuid.UUID, float, float]]] = defaultdict(list)
    all_ids = []
    rows = session.execute(
        select(ServiceAtLocation.service_id, Location.id, Location.latitude, Location.longitude)
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id.in_(ids), Location.location_type != "virtual")
        .order_by(ServiceAtLocation.service_id, Location.id)
    )
    for service_id, location_id, lat, lon in rows:
        all_ids.append(location_id)
        if lat is not None and lon is not None:
            result[service_id].append((location_id, float(lat), float(lon)))
    return result, all_ids


def _location_features(
    session: Session, location_ids: list[uuid.UUID]
) -> dict[uuid.UUID, set[str]]:
    result: dict[uuid.UUID, set[str]] = defaultdict(set)
    for start in range(0, len(location_ids), BATCH):
        rows = session.execute(
            select(Attribute.link_id, TaxonomyTerm.code)
            .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
            .where(
                Attribute.link_entity == "location",
                Attribute.link_type == "accessibility-feature",
                Attribute.link_id.in_(location_ids[start : start + BATCH]),
            )
        )
        for link_id, code in rows:
            result[link_id].add(code)
    return result


def _days(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    """Days of the week a service runs, from its own and its service-at-location schedules."""
    result: dict[uuid.UUID, set[str]] = defaultdict(set)
    own = select(Schedule.service_id, Schedule.byday).where(
        Schedule.service_id.in_(ids), Schedule.byday.is_not(None)
    )
    at_location = (
        select(ServiceAtLocation.service_id, Schedule.byday)
        .join(Schedule, Schedule.service_at_location_id == ServiceAtLocation.id)
        .where(ServiceAtLocation.service_id.in_(ids), Schedule.byday.is_not(None))
    )
    for query in (own, at_location):
        for service_id, byday in session.execute(query):
            if service_id is not None and byday:
                result[service_id].update(_BYDAY.findall(byday.upper()))
    return result
