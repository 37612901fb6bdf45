"""Where a location is: its own coordinates, its grid reference, its postcode, or a geocoder.

Precision is recorded on the location (``coordinates_precision``) so that a distance computed
from a district centroid can be labelled as approximate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from directory.geo import grid_to_latlon, lookup_many
from directory.importers.records import LocationRecord
from directory.importers.report import Problem

# (latitude, longitude, precision); precision is source, grid, unit, district or geocoded.
Position = tuple[float, float, str]
Geocoder = Callable[[str], tuple[float, float] | None]


class Locator:
    def __init__(
        self,
        session: Session,
        home_districts: Sequence[str] = (),
        geocode: Geocoder | None = None,
    ) -> None:
        self.session = session
        self.home_districts = set(home_districts)
        self.geocode = geocode
        self.warnings: list[Problem] = []

    def locate(self, locations: Sequence[LocationRecord]) -> dict[str, Position]:
        found: dict[str, Position] = {}
        gridded = [loc for loc in locations if loc.latitude is None and loc.easting is not None]
        if gridded:
            converted = grid_to_latlon(
                [loc.easting or 0.0 for loc in gridded], [loc.northing or 0.0 for loc in gridded]
            )
            for loc, (lat, lon) in zip(gridded, converted, strict=True):
                found[loc.source_id] = (lat, lon, "grid")
        for loc in locations:
            if loc.latitude is not None and loc.longitude is not None:
                found[loc.source_id] = (loc.latitude, loc.longitude, "source")
        pending = [loc for loc in locations if loc.source_id not in found]
        known = lookup_many(self.session, [loc.postcode for loc in pending if loc.postcode])
        for loc in pending:
            hit = known.get(loc.postcode) if loc.postcode else None
            if hit is not None:
                found[loc.source_id] = (hit.latitude, hit.longitude, hit.precision)
            elif loc.location_type != "virtual":
                self._geocode(loc, found)
        return found

    def _geocode(self, loc: LocationRecord, found: dict[str, Position]) -> None:
        address = ", ".join(
            part
            for a in loc.addresses[:1]
            for part in (a.address_1, a.address_2, a.city, a.postal_code)
            if part
        )
        position = self.geocode(address) if self.geocode and address else None
        if position is not None:
            found[loc.source_id] = (position[0], position[1], "geocoded")
            return
        if loc.postcode:
            self.warnings.append(
                Problem(
                    f"location {loc.name or loc.source_id!r}",
                    f"postcode {loc.postcode} and its district are not in the postcode tables, "
                    "so the location has no coordinates (load the postcodes first)",
                    "postcode",
                    loc.postcode,
                    "warning",
                )
            )

    def area_served(self, locations: Sequence[LocationRecord]) -> str | None:
        """in_borough when a venue is in the authority's districts, out_of_borough when none is."""
        districts = [loc.postcode.split(" ")[0] for loc in locations if loc.postcode]
        if not districts:
            return None
        if any(d in self.home_districts for d in districts):
            return "in_borough"
        return "out_of_borough"
