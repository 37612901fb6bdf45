"""Resolve a searched postcode with the postcode tables (the search engine itself has no DB)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from directory import geo
from directory.search.query import Locator, PostcodePoint


def postcode_locator(session: Session) -> Locator:
    """A unit postcode, else the centre of its district; a district alone (``N3``, which the
    pages accept) is placed at its centre."""

    def locate(postcode: str) -> PostcodePoint:
        if geo.is_district(postcode):
            found = geo.lookup_district(session, postcode)
        else:
            found = geo.lookup_postcode(session, postcode)
        return PostcodePoint(
            postcode=found.postcode,
            district=found.district,
            latitude=found.latitude,
            longitude=found.longitude,
            precision=found.precision,
        )

    return locate
