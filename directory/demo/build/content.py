"""The demo content as typed records, read from the TOML files in ``content/`` and checked.

Every problem names the file and the record (service slug, venue or organisation key), so an
editor can fix the source without reading this code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from directory.errors import DirectoryError

CONTENT_DIR = Path(__file__).with_name("content")
AREAS = ("in_borough", "out_of_borough", "regional", "national")
STATUSES = ("active", "temporarily closed")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ContentError(DirectoryError):
    """The demo content breaks a rule; the message names the file and the record."""

    code = "content_error"


@dataclass(frozen=True)
class Identifier:
    scheme: str
    type: str
    value: str


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    description: str
    legal_status: str
    website: str | None = None
    email: str | None = None
    parent: str | None = None
    identifiers: tuple[Identifier, ...] = ()


@dataclass(frozen=True)
class Venue:
    key: str
    name: str
    address: str
    city: str
    county: str
    postcode: str
    access: tuple[str, ...] = ()
    access_note: str | None = None


@dataclass(frozen=True)
class Hours:
    days: tuple[str, ...]
    opens: str
    closes: str
    note: str | None = None


@dataclass(frozen=True)
class Cost:
    option: str
    amount: float
    per: str | None = None


@dataclass(frozen=True)
class Service:
    slug: str
    source: str  # the content file, for messages
    name: str
    org: str
    description: str
    types: tuple[str, ...]
    sectors: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    delivery: tuple[str, ...]
    cost: str
    referral: tuple[str, ...]
    area: str
    needs: tuple[str, ...] = ()  # empty: left for need inference from the text
    pfa: tuple[str, ...] = ()
    ehcp: bool | None = None
    status: str = "active"
    stale: bool = False
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    contact: tuple[str, str] | None = None
    venues: tuple[str, ...] = ()
    hours: tuple[Hours, ...] = ()
    costs: tuple[Cost, ...] = ()
    fees: str | None = None
    eligibility: str | None = None
    alert: str | None = None
    languages: tuple[str, ...] = ("en",)
    area_name: str | None = None
    funding: str | None = None


HOURS_PRESETS: dict[str, tuple[Hours, ...]] = {
    "office": (Hours(DAYS[:5], "09:00", "17:00", "Monday to Friday, 9am to 5pm"),),
    "school": (Hours(DAYS[:5], "08:45", "15:30", "School days, term time only"),),
    "always": (Hours(DAYS, "00:00", "23:59", "24 hours a day, every day"),),
}

_SERVICE_FIELDS = set(Service.__dataclass_fields__) - {"source", "min_age", "max_age"} | {"ages"}


@dataclass(frozen=True)
class Content:
    organisations: dict[str, Organisation]
    venues: dict[str, Venue]
    services: tuple[Service, ...]


def load_content(content_dir: Path = CONTENT_DIR) -> Content:
    """Read all content; ``checks.check_content`` then enforces the rules."""
    organisations = _load_organisations(content_dir / "organisations.toml")
    venues = _load_venues(content_dir / "venues.toml")
    services: list[Service] = []
    for path in sorted(content_dir.glob("services_*.toml")):
        raw = tomllib.loads(path.read_text("utf-8"))
        services.extend(_service(path.name, item) for item in raw.get("service", []))
    return Content(organisations, venues, tuple(services))


def _load_organisations(path: Path) -> dict[str, Organisation]:
    raw = tomllib.loads(path.read_text("utf-8"))
    result = {}
    for key, body in raw.items():
        identifiers = tuple(Identifier(**item) for item in body.pop("identifiers", []))
        result[key] = Organisation(key=key, identifiers=identifiers, **body)
    return result


def _load_venues(path: Path) -> dict[str, Venue]:
    raw = tomllib.loads(path.read_text("utf-8"))
    venues = {}
    for key, body in raw.items():
        access = tuple(body.pop("access", ()))
        venues[key] = Venue(key=key, access=access, **body)
    return venues


def _service(source: str, item: dict[str, Any]) -> Service:
    slug = item.get("slug", "?")
    unknown = set(item) - _SERVICE_FIELDS
    if unknown:
        raise ContentError(f"{source}: service {slug!r} has unknown fields {sorted(unknown)}")
    fields = dict(item)
    ages = fields.pop("ages", [])
    hours = fields.pop("hours", ())
    contact = fields.pop("contact", None)
    fields["costs"] = tuple(Cost(**cost) for cost in fields.pop("costs", ()))
    fields["hours"] = _hours(source, slug, hours)
    fields["contact"] = (contact["name"], contact["title"]) if contact else None
    for name in ("types", "sectors", "needs", "delivery", "referral", "pfa", "venues", "languages"):
        if name in fields:
            fields[name] = tuple(fields[name])
    try:
        return Service(
            source=source,
            min_age=ages[0] if ages else None,
            max_age=ages[1] if len(ages) > 1 else None,
            **fields,
        )
    except TypeError as error:
        raise ContentError(f"{source}: service {slug!r}: {error}") from error


def _hours(source: str, slug: str, hours: str | list[dict[str, Any]]) -> tuple[Hours, ...]:
    if isinstance(hours, str):
        if hours not in HOURS_PRESETS:
            raise ContentError(f"{source}: service {slug!r}: unknown hours preset {hours!r}")
        return HOURS_PRESETS[hours]
    return tuple(
        Hours(tuple(h["days"].split(",")), h["opens"], h["closes"], h.get("note")) for h in hours
    )
