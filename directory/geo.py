"""Postcodes and distances: normalising, looking up, converting grid references, measuring.

The search engine and the importers both call this module. Lookups read the ``postcode`` and
``postcode_district`` tables, which ship with the package (see ``directory.importers.bundled``),
so everything here works offline.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from geopy.distance import geodesic
from pyproj import Transformer
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.errors import BadRequest, NotFound
from directory.models import Postcode, PostcodeDistrict

Precision = Literal["unit", "district"]

# The Royal Mail format (BS 7666): outward code = area letters, district digit, optional
# digit or letter; inward code = sector digit and two unit letters (never C I K M O V).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][ABD-HJLNP-UW-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
# The Girobank and overseas-territory codes that break the pattern but are real.
_SPECIAL = {"GIR0AA": "GIR 0AA"}


def _compact(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", text).upper()


def is_postcode(text: str) -> bool:
    """True when ``text`` is a well-formed UK unit postcode (any spacing or case)."""
    compact = _compact(text)
    return compact in _SPECIAL or bool(_POSTCODE.match(compact))


def normalise_postcode(text: str) -> str:
    """``"n31ab"`` -> ``"N3 1AB"``. Raises ``BadRequest`` naming the value when malformed."""
    compact = _compact(text)
    if compact in _SPECIAL:
        return _SPECIAL[compact]
    match = _POSTCODE.match(compact)
    if not match:
        raise BadRequest(
            f"{text.strip()!r} is not a valid UK postcode (expected something like N3 1AB)",
            parameter="postcode",
        )
    return f"{match.group(1)} {match.group(2)}"


def normalise_district(text: str) -> str:
    """``"nw 4"`` -> ``"NW4"``. Raises ``BadRequest`` when it is not a postcode district."""
    compact = _compact(text)
    if not _DISTRICT.match(compact):
        raise BadRequest(f"{text.strip()!r} is not a postcode district (like N3 or NW11)")
    return compact


def is_district(text: str) -> bool:
    """True when ``text`` is a postcode district alone (``N3``, ``nw 11``)."""
    return bool(_DISTRICT.match(_compact(text)))


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode: ``"N3 1AB"`` -> ``"N3"`` (normalises first)."""
    return normalise_postcode(postcode).split(" ")[0]


@dataclass(frozen=True)
class PostcodeLookup:
    postcode: str
    district: str
    latitude: float
    longitude: float
    precision: Precision


def lookup_postcode(session: Session, text: str) -> PostcodeLookup:
    """Where a postcode is: its own position, else its district's centroid (``precision`` says).

    Raises ``BadRequest`` for a malformed postcode and ``NotFound`` when neither the postcode
    nor its district is known.
    """
    postcode = normalise_postcode(text)
    district = postcode.split(" ")[0]
    unit = session.get(Postcode, postcode)
    if unit is not None:
        return PostcodeLookup(postcode, district, unit.latitude, unit.longitude, "unit")
    centroid = session.get(PostcodeDistrict, district)
    if centroid is not None:
        return PostcodeLookup(postcode, district, centroid.latitude, centroid.longitude, "district")
    raise NotFound(
        f"we do not know where {postcode} is: neither the postcode nor its district {district} "
        "is in the postcode tables",
        parameter="postcode",
    )


def lookup_district(session: Session, text: str) -> PostcodeLookup:
    """The centroid of a postcode district (``precision`` "district"); ``NotFound`` if unknown."""
    district = normalise_district(text)
    centroid = session.get(PostcodeDistrict, district)
    if centroid is None:
        raise NotFound(
            f"we do not know where the postcode area {district} is", parameter="postcode"
        )
    return PostcodeLookup(district, district, centroid.latitude, centroid.longitude, "district")


@dataclass(frozen=True)
class NearbyDistrict:
    district: str
    area_name: str | None
    distance_km: float


def nearby_districts(
    session: Session, latitude: float, longitude: float, *, within_km: float = 10.0, limit: int = 6
) -> list[NearbyDistrict]:
    """The districts where people live (a population is known: no retired or business-only
    districts) whose centres are nearest the point, nearest first."""
    # A box around the point keeps the exact distances to a few dozen districts.
    dlat = within_km / 111.0
    dlon = within_km / (111.32 * max(0.1, math.cos(math.radians(latitude))))
    rows = session.execute(
        select(
            PostcodeDistrict.district,
            PostcodeDistrict.area_name,
            PostcodeDistrict.latitude,
            PostcodeDistrict.longitude,
        ).where(
            PostcodeDistrict.latitude.between(latitude - dlat, latitude + dlat),
            PostcodeDistrict.longitude.between(longitude - dlon, longitude + dlon),
            PostcodeDistrict.population.is_not(None),
        )
    )
    found = [
        NearbyDistrict(district, area, distance_km(latitude, longitude, lat, lon))
        for district, area, lat, lon in rows
    ]
    found = [d for d in found if d.distance_km <= within_km]
    return sorted(found, key=lambda d: (d.distance_km, d.district))[:limit]


def lookup_many(session: Session, postcodes: Sequence[str]) -> dict[str, PostcodeLookup]:
    """Positions of many normalised postcodes in two queries per 500; unknown ones are left out."""
    wanted = sorted(set(postcodes))
    found: dict[str, PostcodeLookup] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(Postcode.postcode, Postcode.latitude, Postcode.longitude).where(
                Postcode.postcode.in_(chunk)
            )
        )
        for code, lat, lon in rows:
            found[code] = PostcodeLookup(code, code.split(" ")[0], lat, lon, "unit")
    missing = [p for p in wanted if p not in found]
    districts = sorted({p.split(" ")[0] for p in missing})
    centroids: dict[str, tuple[float, float]] = {}
    for start in range(0, len(districts), 500):
        rows = session.execute(
            select(
                PostcodeDistrict.district, PostcodeDistrict.latitude, PostcodeDistrict.longitude
            ).where(PostcodeDistrict.district.in_(districts[start : start + 500]))
        )
        centroids.update({d: (lat, lon) for d, lat, lon in rows})
    for postcode in missing:
        district = postcode.split(" ")[0]
        if district in centroids:
            lat, lon = centroids[district]
            found[postcode] = PostcodeLookup(postcode, district, lat, lon, "district")
    return found


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on the WGS84 ellipsoid (geopy): exact, about 0.1 ms a pair."""
    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


@cache
def _osgb36_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def grid_to_latlon(
    eastings: Sequence[float], northings: Sequence[float]
) -> list[tuple[float, float]]:
    """British National Grid (OSGB36) eastings/northings to WGS84 (latitude, longitude).

    A proper datum transformation with pyproj (Helmert without the OSTN15 grid file: a few
    metres, plenty for "services near you"), vectorised for whole files.
    """
    lons, lats = _osgb36_to_wgs84().transform(list(eastings), list(northings))
    return [
        (round(float(lat), 6), round(float(lon), 6)) for lat, lon in zip(lats, lons, strict=True)
    ]
