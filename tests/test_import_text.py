"""Cleaning imported values: invisible characters, whitespace, URLs, dates, times."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers import text
from directory.models import Location
from tests.import_helpers import do_import, oruk_service, write_json


def test_clean_removes_control_and_format_characters_but_keeps_lines() -> None:
    assert (
        text.clean("  Caf\u0065\u0301 \u200bclub\x00\r\n second line\u00ad ")
        == "Café club\n second line"
    )
    assert text.clean("") is None and text.clean("   ") is None and text.clean(None) is None
    assert text.clean_line("Fish &amp; chips\n  on  Friday") == "Fish & chips on Friday"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.example.org", "https://www.example.org"),
        ("example.org/page", "https://example.org/page"),
        ("http:www.yateandsodburydc.co.uk", "http://www.yateandsodburydc.co.uk"),
        ("https://example.org", "https://example.org"),
    ],
)
def test_web_addresses_as_people_write_them(raw: str, expected: str) -> None:
    assert text.parse_url(raw) == expected


def test_dates_and_times() -> None:
    assert text.parse_date("2024-12-10T09:00:00Z") == date(2024, 12, 10)
    assert text.parse_date("10/12/2024") == date(2024, 12, 10)
    assert [text.parse_time(t) for t in ("9:30", "09.30", "0930", "09:30:00Z")] == ["09:30"] * 4
    with pytest.raises(ValueError, match="is not a date"):
        text.parse_date("next Tuesday")


def test_the_optional_geocoder_places_address_only_locations(
    session: Session, tmp_path: Path
) -> None:
    asked: list[str] = []
    location = oruk_service()["service_at_locations"][0]
    location["location"]["addresses"][0]["postal_code"] = ""

    def geocode(address: str) -> tuple[float, float]:
        asked.append(address)
        return (51.6, -0.19)

    do_import(
        session,
        "oruk",
        write_json(tmp_path / "g.json", oruk_service(service_at_locations=[location])),
        geocode=geocode,
    )

    stored = session.scalars(select(Location)).one()
    assert asked == ["24 Hendon Lane, London"]
    assert (stored.latitude, stored.longitude, stored.coordinates_precision) == (
        51.6,
        -0.19,
        "geocoded",
    )
