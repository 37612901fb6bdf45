"""Positions for the demo venues, from OS Code-Point Open and the postcode district centroids.

Code-Point Open gives OSGB36 eastings and northings; pyproj converts them to WGS84. Venues
outside the districts Code-Point covers here get their district's centroid, which is honest about
being approximate (``precision`` says which was used).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pyproj import Transformer

from directory.errors import DirectoryError

CODEPOINT_FILE = "codepoint_open_barnet_districts.csv"
DISTRICTS_FILE = "postcode_districts.csv"


class GeographyError(DirectoryError):
    """A venue's postcode cannot be placed; the message names the postcode and the file."""

    code = "geography_error"


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    precision: str  # "postcode" (unit) or "district" (centroid)


def normalise_postcode(postcode: str) -> str:
    compact = "".join(postcode.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}"


class PostcodeIndex:
    """Unit postcodes (Code-Point Open) first, district centroids second."""

    def __init__(self, geography_dir: Path) -> None:
        self._dir = geography_dir
        self._units = self._read_units(geography_dir / CODEPOINT_FILE)
        self._districts = self._read_districts(geography_dir / DISTRICTS_FILE)
        self._to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)

    @staticmethod
    def _read_units(path: Path) -> dict[str, tuple[float, float]]:
        with path.open(encoding="utf-8", newline="") as handle:
            # No header: postcode, positional quality, easting, northing.
            return {row[0]: (float(row[2]), float(row[3])) for row in csv.reader(handle)}

    @staticmethod
    def _read_districts(path: Path) -> dict[str, tuple[float, float]]:
        with path.open(encoding="utf-8", newline="") as handle:
            # Some retired districts have no centroid; they cannot place a venue.
            return {
                row["Postcode"]: (float(row["Latitude"]), float(row["Longitude"]))
                for row in csv.DictReader(handle)
                if row["Latitude"] and row["Longitude"]
            }

    def has_unit(self, postcode: str) -> bool:
        return normalise_postcode(postcode) in self._units

    def position(self, postcode: str) -> Position:
        unit = normalise_postcode(postcode)
        if unit in self._units:
            easting, northing = self._units[unit]
            longitude, latitude = self._to_wgs84.transform(easting, northing)
            return Position(round(latitude, 6), round(longitude, 6), "postcode")
        district = unit.split()[0]
        if district in self._districts:
            latitude, longitude = self._districts[district]
            return Position(latitude, longitude, "district")
        raise GeographyError(
            f"postcode {postcode!r}: neither the unit nor its district {district!r} is in "
            f"{self._dir / CODEPOINT_FILE} or {self._dir / DISTRICTS_FILE}",
            postcode=postcode,
        )
