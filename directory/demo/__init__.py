"""Demonstration data for the Barnet Local Offer, and the list of files ``local-offer demo`` loads.

``barnet_services.json`` is a plain JSON array of Open Referral UK 3.0 services (fully nested, the
shape ``GET /services/{id}`` returns), so any ORUK importer can load it. It is rebuilt from the
readable content in ``build/content`` by ``python -m directory.demo.build``; see ``README.md``
beside this file for what is real and what is invented.

``barnet_providers.csv`` holds small providers' services (voluntary groups, clubs, a school, a
health team) in the provider spreadsheet format (``local-offer template``).

Every service loaded from here is demonstration data: its provenance ``source`` starts with
``demo:`` (``is_demo_source``), which is what pages and APIs test to label it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

DEMO_SERVICES_FILE = "barnet_services.json"
DEMO_PROVIDERS_FILE = "barnet_providers.csv"
DEMO_SCHOOLS_FILE = "barnet_schools_gias.csv"
DEMO_GP_FILE = "barnet_gp_practices_epraccur.csv"
DEMO_SEN2_FOLDER = "dfe_ehcp_2025"
DEMO_PREFIX = "demo:"
_FORMATS = {".json": "oruk", ".ndjson": "oruk", ".csv": "provider-csv", ".xlsx": "provider-csv"}
# Register extracts are named, not guessed from their extension.
_NAMED = {DEMO_SCHOOLS_FILE: "gias", DEMO_GP_FILE: "epraccur", DEMO_SEN2_FOLDER: "sen2"}
# Loaded in this order when present: the ORUK services and the small providers first, so that
# the registers after them only fill gaps (``importers.overlap``), then the statistics.
EXPECTED = (DEMO_SERVICES_FILE, DEMO_PROVIDERS_FILE, DEMO_SCHOOLS_FILE, DEMO_GP_FILE,
            DEMO_SEN2_FOLDER)  # fmt: skip


def demo_services() -> Traversable:
    """The bundled demonstration feed, readable with ``.read_bytes()`` or ``.open()``."""
    return resources.files(__package__).joinpath(DEMO_SERVICES_FILE)


@dataclass(frozen=True)
class DemoFile:
    path: Path
    format: str

    @property
    def source(self) -> str:
        return DEMO_PREFIX + self.path.name.split(".")[0]


def is_demo_source(source: str) -> bool:
    return source.startswith(DEMO_PREFIX)


def demo_folder() -> Path:
    return Path(str(resources.files(__package__)))


def demo_files(
    folder: Path | None = None, missing: Callable[[str], None] | None = None
) -> list[DemoFile]:
    """The data files in ``folder``, expected ones first; ``missing`` hears of absent ones."""
    folder = folder or demo_folder()
    found = {p.name: p for p in folder.iterdir() if p.suffix in _FORMATS or p.name in _NAMED}
    for name in EXPECTED:
        if name not in found and missing is not None:
            missing(name)
    ordered = [found[n] for n in EXPECTED if n in found]
    ordered += sorted(p for name, p in found.items() if name not in EXPECTED)
    return [DemoFile(p, _NAMED.get(p.name) or _FORMATS[p.suffix]) for p in ordered]
