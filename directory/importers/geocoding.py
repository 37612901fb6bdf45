"""An optional online geocoder for locations that have an address but no postcode position.

Off by default: nothing in the product needs the network. Setting ``LOCAL_OFFER_GEOCODER`` to
a geopy service name (for example ``nominatim``) switches it on for imports; calls are rate
limited to one a second, as the public services ask, and a failure just leaves the location
without coordinates.
"""

from __future__ import annotations

import logging

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from directory.importers.locate import Geocoder

log = logging.getLogger(__name__)
USER_AGENT = "local-offer-directory"


def make_geocoder(service: str | None) -> Geocoder | None:
    if not service:
        return None
    geocoder = get_geocoder_for_service(service)(user_agent=USER_AGENT, timeout=10)
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=1.0, max_retries=1)

    def geocode(address: str) -> tuple[float, float] | None:
        try:
            found = limited(address, country_codes="gb")
        except GeopyError as exc:
            log.warning("geocoding %r failed: %s", address, exc)
            return None
        return (float(found.latitude), float(found.longitude)) if found else None

    return geocode
