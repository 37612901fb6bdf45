"""Index documents built from the database: what search needs of each published service.

An update loads its services a batch at a time, one query per related table; a full rebuild
streams every table once in service id order and merges them (``load_all_documents``).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, select
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
STREAM_ROWS = 5000
AnySelect = Select[*tuple[Any, ...]]
AnyRow = Row[*tuple[Any, ...]]
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
    """Documents for the given services that are published, loaded a batch at a time."""
    masks = MaskBuilder(config)
    for start in range(0, len(service_ids), BATCH):
        ids = list(service_ids[start : start + BATCH])
        related = {name: _grouped(session.execute(query(ids))) for name, query in _RELATED.items()}
        for row in session.execute(_services(ids)):
            rows = {name: grouped.get(row[0], []) for name, grouped in related.items()}
            yield _document(row, rows, masks)


def load_all_documents(session: Session, config: AuthorityConfig) -> Iterator[IndexDocument]:
    """Every published service, for a full rebuild, streaming in service id order.

    Each related table is read once in id order and merged with the services as it goes (a
    merge join), instead of being looked up a batch of ids at a time: on a national database
    the lookups become scattered reads of large tables, while ordered scans stay sequential.
    """
    masks = MaskBuilder(config)
    streams = {
        name: _Stream(session.execute(query(None).execution_options(yield_per=STREAM_ROWS)))
        for name, query in _RELATED.items()
    }
    services = session.execute(_services(None).execution_options(yield_per=STREAM_ROWS))
    for row in services:
        yield _document(row, {name: s.rows_for(row[0]) for name, s in streams.items()}, masks)


class _Stream:
    """Rows ordered by service id, handed out one service at a time."""

    def __init__(self, rows: Iterable[AnyRow]) -> None:
        self._rows = iter(rows)
        self._next: AnyRow | None = next(self._rows, None)

    def rows_for(self, service_id: uuid.UUID) -> list[AnyRow]:
        found = []
        # Rows of services that are not published (withdrawn, closed) are skipped over.
        while self._next is not None and self._next[0] <= service_id:
            if self._next[0] == service_id:
                found.append(self._next)
            self._next = next(self._rows, None)
        return found


def _grouped(rows: Iterable[AnyRow]) -> dict[uuid.UUID, list[AnyRow]]:
    grouped: dict[uuid.UUID, list[AnyRow]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return grouped


def _restrict(query: AnySelect, column: Any, ids: list[uuid.UUID] | None) -> AnySelect:
    """``column IN ids`` for a batch; for a stream, everything in ``column`` order."""
    return query.where(column.in_(ids)) if ids is not None else query.order_by(column)


def _services(ids: list[uuid.UUID] | None) -> AnySelect:
    query = (
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
        .where(Service.status == "active")
    )
    return _restrict(query, Service.id, ids)


def _attributes(ids: list[uuid.UUID] | None) -> AnySelect:
    query = (
        select(Attribute.link_id, Attribute.link_type, TaxonomyTerm.code)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_entity == "service")
    )
    return _restrict(query, Attribute.link_id, ids)


def _priorities(ids: list[uuid.UUID] | None) -> AnySelect:
    query = select(PriorityTag.service_id, PriorityTag.priority_id)
    return _restrict(query, PriorityTag.service_id, ids)


def _locations(ids: list[uuid.UUID] | None) -> AnySelect:
    query = (
        select(ServiceAtLocation.service_id, Location.id, Location.latitude, Location.longitude)
        .join(Location, ServiceAtLocation.location_id == Location.id)
        .where(Location.location_type != "virtual")
    )
    # Venues in a stable order: the first listed is the one shown when distances tie.
    return _restrict(query, ServiceAtLocation.service_id, ids).order_by(Location.id)


def _features(ids: list[uuid.UUID] | None) -> AnySelect:
    """Accessibility features of each service's venues."""
    query = (
        select(ServiceAtLocation.service_id, TaxonomyTerm.code)
        .join(
            Attribute,
            (Attribute.link_id == ServiceAtLocation.location_id)
            & (Attribute.link_entity == "location"),
        )
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_type == "accessibility-feature")
    )
    return _restrict(query, ServiceAtLocation.service_id, ids)


def _own_days(ids: list[uuid.UUID] | None) -> AnySelect:
    query = select(Schedule.service_id, Schedule.byday).where(
        Schedule.service_id.is_not(None), Schedule.byday.is_not(None)
    )
    return _restrict(query, Schedule.service_id, ids)


def _venue_days(ids: list[uuid.UUID] | None) -> AnySelect:
    """Days from the schedules of a service at each of its venues."""
    query = (
        select(ServiceAtLocation.service_id, Schedule.byday)
        .join(Schedule, Schedule.service_at_location_id == ServiceAtLocation.id)
        .where(Schedule.byday.is_not(None))
    )
    return _restrict(query, ServiceAtLocation.service_id, ids)


_RELATED: dict[str, Callable[[list[uuid.UUID] | None], AnySelect]] = {
    "attributes": _attributes,
    "priorities": _priorities,
    "locations": _locations,
    "features": _features,
    "own_days": _own_days,
    "venue_days": _venue_days,
}


def _document(row: AnyRow, related: dict[str, list[AnyRow]], masks: MaskBuilder) -> IndexDocument:
    sid, name, description, eligibility, min_age, max_age, cost_state, modified, org = row
    codes: dict[str, set[str]] = defaultdict(set)
    for _sid, link_type, code in related["attributes"]:
        codes[link_type or ""].add(code)
    if not codes["cost-state"]:
        codes["cost-state"].add(cost_state)
    doc_masks = {
        column: masks.mask(column, codes[vocab]) for vocab, column in _ATTRIBUTE_COLUMNS.items()
    }
    doc_masks["priorities"] = masks.mask("priorities", (r[1] for r in related["priorities"]))
    days = {
        day
        for _sid, byday in related["own_days"] + related["venue_days"]
        for day in _BYDAY.findall(byday.upper())
    }
    doc_masks["days"] = masks.mask("days", days)
    doc_masks["accessibility"] = masks.mask("accessibility", (r[1] for r in related["features"]))
    return IndexDocument(
        service_id=sid,
        name=name,
        organisation=org,
        keywords=_keywords(codes),
        description=" ".join(part for part in (description, eligibility) if part),
        last_modified=modified,
        min_age=min_age,
        max_age=max_age,
        masks=doc_masks,
        locations=[
            (location_id, float(lat), float(lon))
            for _sid, location_id, lat, lon in related["locations"]
            if lat is not None and lon is not None
        ],
    )


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
