"""Demonstration data for the Barnet Local Offer.

``barnet_services.json`` is a plain JSON array of Open Referral UK 3.0 services (fully nested, the
shape ``GET /services/{id}`` returns), so any ORUK importer can load it. It is rebuilt from the
readable content in ``build/content`` by ``python -m directory.demo.build``; see ``README.md``
beside this file for what is real and what is invented.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

DEMO_SERVICES_FILE = "barnet_services.json"


def demo_services() -> Traversable:
    """The bundled demonstration feed, readable with ``.read_bytes()`` or ``.open()``."""
    return resources.files(__package__).joinpath(DEMO_SERVICES_FILE)
