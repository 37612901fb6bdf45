"""``/oruk/service_at_locations``: services at their venues, optionally near a postcode.

``postcode`` orders the places by distance from the postcode's centroid (the district's when the
unit postcode is not known); ``proximity`` (metres) keeps only places that close. Places without
coordinates cannot be near anything, so a proximity search leaves them out.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from directory import geo
from directory.errors import BadRequest, NotFound
from directory.models import Contact, Location, Service, ServiceAtLocation
from directory.web.api.common import SEARCH_MAX_AGE, read_session
from directory.web.oruk import queries
from directory.web.oruk.records import Json, location_json, service_at_location_json
from directory.web.oruk.serialise import service_list_json

EARTH_RADIUS_M = 6_371_008.8
CHUNK = 100


@dataclass(frozen=True)
class Found:
    link_id: uuid.UUID
    distance_m: float | None


def matching_links(
    session: Session, service_ids: Sequence[uuid.UUID], values: dict[str, Any]
) -> list[Found]:
    """The places of ``service_ids``, in the services' order or by distance from a postcode."""
    rank = {sid: n for n, sid in enumerate(service_ids)}
    rows = [
        row
        for row in session.execute(
            select(
                ServiceAtLocation.id,
                ServiceAtLocation.service_id,
                Location.name,
                Location.latitude,
                Location.longitude,
            )
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .join(Service, Service.id == ServiceAtLocation.service_id)
            .where(Service.status.in_(queries.PUBLISHED))
        )
        if row.service_id in rank
    ]
    if "proximity" in values and "postcode" not in values:
        raise BadRequest("proximity needs a postcode", parameter="proximity")
    if "postcode" not in values:
        rows.sort(key=lambda r: (rank[r.service_id], r.name or "", str(r.id)))
        return [Found(r.id, None) for r in rows]
    return _by_distance(session, rows, values["postcode"], values.get("proximity"))


def _by_distance(session: Session, rows: list[Any], postcode: str, proximity: Any) -> list[Found]:
    try:
        point = geo.lookup_postcode(session, postcode)
    except NotFound as exc:
        raise BadRequest(exc.message, parameter="postcode") from None
    placed = [r for r in rows if r.latitude is not None and r.longitude is not None]
    metres = _haversine_m(
        point.latitude,
        point.longitude,
        np.array([r.latitude for r in placed], dtype=float),
        np.array([r.longitude for r in placed], dtype=float),
    )
    found = [Found(r.id, round(float(m), 1)) for r, m in zip(placed, metres, strict=True)]
    if proximity is not None:
        found = [f for f in found if f.distance_m is not None and f.distance_m <= float(proximity)]
    else:
        found += [Found(r.id, None) for r in rows if r.latitude is None or r.longitude is None]
    found.sort(key=lambda f: (f.distance_m is None, f.distance_m or 0.0, str(f.link_id)))
    return found


def _haversine_m(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    phi1, phi2 = np.radians(lat), np.radians(lats)
    dphi, dlmb = phi2 - phi1, np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    result: np.ndarray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))
    return result


def _load(session: Session, ids: Sequence[uuid.UUID], *, full: bool) -> list[ServiceAtLocation]:
    location = selectinload(ServiceAtLocation.location)
    options: list[Any] = [
        location,
        selectinload(ServiceAtLocation.service).joinedload(Service.organization),
    ]
    if full:
        options += [
            selectinload(ServiceAtLocation.schedules),
            selectinload(ServiceAtLocation.phones),
            selectinload(ServiceAtLocation.contacts).selectinload(Contact.phones),
            location.selectinload(Location.addresses),
            location.selectinload(Location.accessibility),
            location.selectinload(Location.phones),
            location.selectinload(Location.schedules),
            location.selectinload(Location.languages),
            location.selectinload(Location.attributes),
        ]
    rows = {
        link.id: link
        for link in session.scalars(
            select(ServiceAtLocation).where(ServiceAtLocation.id.in_(ids)).options(*options)
        )
    }
    return [rows[i] for i in ids if i in rows]


def _list_json(link: ServiceAtLocation) -> Json:
    """One-to-one fields with the location and service (``compiled/service_at_location_list``)."""
    location = {
        k: v for k, v in location_json(link.location, {}).items() if not isinstance(v, list)
    }
    body: Json = {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location,
        "service": service_list_json(link.service),
    }
    if link.description:
        body["description"] = link.description
    return body


def render(session: Session, found: Sequence[Found], *, full: bool) -> list[Json]:
    links = _load(session, [f.link_id for f in found], full=full)
    if not full:
        return [_list_json(link) for link in links]
    vocab = queries.vocabularies(session)
    return [
        service_at_location_json(link, vocab, service=service_list_json(link.service))
        for link in links
    ]


def detail(session: Session, link_id: uuid.UUID) -> Json | None:
    links = _load(session, [link_id], full=True)
    if not links or links[0].service.status not in queries.PUBLISHED:
        return None
    link = links[0]
    return service_at_location_json(
        link, queries.vocabularies(session), service=service_list_json(link.service)
    )


def ndjson(request: Request, found: Sequence[Found], *, full: bool) -> Response:
    def lines() -> Iterator[bytes]:
        with read_session(request) as session:
            for start in range(0, len(found), CHUNK):
                for item in render(session, found[start : start + CHUNK], full=full):
                    yield (json.dumps(item, ensure_ascii=False) + "\n").encode()
                session.expunge_all()

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Cache-Control": f"public, max-age={SEARCH_MAX_AGE}"},
    )
