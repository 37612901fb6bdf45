"""Load and check an authority's TOML configuration.

Every error names the file and, where it can be found, the line, because the person fixing it is
an officer editing a text file, not a developer reading a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from directory.errors import ConfigurationError
from directory.localoffer.rules import Rule, parse_rules
from directory.tomlfile import TomlReader as _Reader
from directory.tomlfile import parse_toml

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


@dataclass(frozen=True)
class Authority:
    name: str
    short_name: str
    service_name: str
    la_code: str
    gss_code: str
    iso_code: str
    region_code: str
    region_name: str
    centre_latitude: float
    centre_longitude: float
    postcode_districts: tuple[str, ...]
    ods_commissioner_codes: tuple[str, ...]
    register_names: tuple[str, ...]


@dataclass(frozen=True)
class Contact:
    phone: str
    email: str
    hours: str
    website: str


@dataclass(frozen=True)
class Branding:
    primary_colour: str


@dataclass(frozen=True)
class Priority:
    id: str
    label: str
    title: str


@dataclass(frozen=True)
class AuthorityConfig:
    path: Path
    authority: Authority
    contact: Contact
    branding: Branding
    priorities: tuple[Priority, ...]
    # The whole parsed document, for sections owned by other modules.
    raw: dict[str, Any]
    # Priority tagging rules ([[rules]]), checked against the priorities and the vocabularies.
    rules: tuple[Rule, ...] = ()

    def priority(self, priority_id: str) -> Priority:
        for priority in self.priorities:
            if priority.id == priority_id:
                return priority
        raise KeyError(priority_id)

    def rules_for(self, priority_id: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.priority == priority_id)

    def in_borough(self, postcode_district: str | None) -> bool:
        return postcode_district in self.authority.postcode_districts


def load_config(path: Path) -> AuthorityConfig:
    """Parse and check ``path``; raise ``ConfigurationError`` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            f"{path}: cannot read the configuration file: {exc.strerror}", file=str(path)
        ) from exc
    data = parse_toml(path, text)
    reader = _Reader(path, text)
    priorities = _priorities(reader, data.get("priorities"))
    return AuthorityConfig(
        path=path,
        authority=_authority(reader, reader.table(data, "authority")),
        contact=_contact(reader, reader.table(data, "contact")),
        branding=_branding(reader, reader.table(data, "branding")),
        priorities=priorities,
        raw=data,
        rules=parse_rules(reader, data.get("rules"), tuple(p.id for p in priorities)),
    )


def _authority(reader: _Reader, data: dict[str, Any]) -> Authority:
    centre = data.get("centre")
    if not isinstance(centre, dict) or not all(
        isinstance(centre.get(k), int | float) for k in ("latitude", "longitude")
    ):
        raise reader.fail("[authority] centre needs a latitude and a longitude", near="centre")
    districts = reader.strings(data, "postcode_districts", "authority")
    for district in districts:
        if not _DISTRICT.match(district):
            raise reader.fail(f"{district!r} is not a postcode district", near=f'"{district}"')
        if districts.count(district) > 1:
            raise reader.fail(
                f"postcode district {district!r} is listed twice", near=f'"{district}"'
            )

    def s(key: str) -> str:
        return reader.string(data, key, "authority")

    return Authority(
        name=s("name"),
        short_name=s("short_name"),
        service_name=s("service_name"),
        la_code=s("la_code"),
        gss_code=s("gss_code"),
        iso_code=s("iso_code"),
        region_code=s("region_code"),
        region_name=s("region_name"),
        centre_latitude=float(centre["latitude"]),
        centre_longitude=float(centre["longitude"]),
        postcode_districts=districts,
        ods_commissioner_codes=reader.strings(data, "ods_commissioner_codes", "authority"),
        register_names=reader.strings(data, "register_names", "authority"),
    )


def _contact(reader: _Reader, data: dict[str, Any]) -> Contact:
    return Contact(
        phone=reader.string(data, "phone", "contact"),
        email=reader.string(data, "email", "contact"),
        hours=reader.string(data, "hours", "contact"),
        website=reader.string(data, "website", "contact"),
    )


def _branding(reader: _Reader, data: dict[str, Any]) -> Branding:
    colour = reader.string(data, "primary_colour", "branding")
    if not _COLOUR.match(colour):
        raise reader.fail(f"primary_colour {colour!r} must look like #1d5a8e", near=colour)
    return Branding(primary_colour=colour)


def _priorities(reader: _Reader, items: Any) -> tuple[Priority, ...]:
    if not isinstance(items, list) or not items:
        raise reader.fail("needs at least one [[priorities]] table")
    seen: set[str] = set()
    result = []
    for item in items:
        priority = Priority(
            id=reader.string(item, "id", "[priorities"),
            label=reader.string(item, "label", "[priorities"),
            title=reader.string(item, "title", "[priorities"),
        )
        if priority.id in seen:
            raise reader.fail(
                f"priority id {priority.id!r} is used twice",
                near=f'id = "{priority.id}"',
                occurrence=2,
            )
        seen.add(priority.id)
        result.append(priority)
    return tuple(result)
