"""Postcodes: normalising, the three file kinds (Code-Point Open, ONSPD, district centroids),
the shipped data, lookups with district fallback, and distances."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.errors import BadRequest, NotFound
from directory.geo import distance_km, lookup_postcode, normalise_postcode, postcode_district
from directory.models import Postcode, PostcodeDistrict
from tests.conftest import SHARED_DATA
from tests.import_helpers import do_import, snapshot

GEOGRAPHY = SHARED_DATA / "geography"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("n31ab", "N3 1AB"),
        (" NW11  7RH ", "NW11 7RH"),
        ("ec1a1bb", "EC1A 1BB"),
        ("w1a 0ax", "W1A 0AX"),
    ],
)
def test_normalise_postcode(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected
    assert postcode_district(text) == expected.split(" ")[0]


@pytest.mark.parametrize("text", ["", "N3", "N3 1A", "123 456", "NW4 1CA", "BARNET"])
def test_invalid_postcodes_are_refused_with_the_value(text: str) -> None:
    with pytest.raises(BadRequest) as raised:
        normalise_postcode(text)
    assert raised.value.message == (
        f"{text.strip()!r} is not a valid UK postcode (expected something like N3 1AB)"
    )
    assert raised.value.details == {"parameter": "postcode"}


def test_bundled_postcodes_give_units_and_district_fallback(session: Session) -> None:
    report = do_import(session, "postcodes", "bundled")

    assert report.exit_code == 0
    assert session.scalar(select(func.count()).select_from(Postcode)) == 11_910 - _no_position()
    assert session.scalar(select(func.count()).select_from(PostcodeDistrict)) > 3000
    unit = lookup_postcode(session, "en40aa")
    assert (unit.postcode, unit.district, unit.precision) == ("EN4 0AA", "EN4", "unit")
    # 528140 E, 196195 N converted with pyproj (OSGB36 -> WGS84)
    assert (unit.latitude, unit.longitude) == pytest.approx((51.64995, -0.14923), abs=1e-4)
    fallback = lookup_postcode(session, "NW4 9ZZ")
    assert (fallback.precision, fallback.latitude) == ("district", pytest.approx(51.5874))
    with pytest.raises(NotFound, match="neither the postcode nor its district ZZ9 is"):
        lookup_postcode(session, "ZZ9 9ZZ")


def _no_position() -> int:
    rows = (
        line.split(",")
        for line in (GEOGRAPHY / "codepoint_open_barnet_districts.csv").read_text().splitlines()
    )
    return sum(1 for r in rows if int(r[1]) >= 90)


def test_reimporting_postcodes_changes_nothing(session: Session) -> None:
    do_import(session, "postcodes", "bundled")
    before = snapshot(session)

    again = do_import(session, "postcodes", "bundled")

    assert again.counts["created"] == again.counts["updated"] == 0
    assert snapshot(session) == before


def test_ten_column_codepoint_keeps_la_and_ward_codes(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text(
        '"N3 1TR",10,525186,190580,"E92000001","E19000003","E18000007","",'
        '"E09000003","E05013639"\n"N3 9ZX",90,0,0,"","","","","",""\n'
    )

    report = do_import(session, "postcodes", path)

    stored = session.get(Postcode, "N3 1TR")
    assert stored is not None and (stored.la_code, stored.ward_code) == ("E09000003", "E05013639")
    assert report.notes == [
        "note: n.csv: 1 postcodes have no position (quality 90) and were skipped"
    ]


def test_onspd_november_2025_columns(session: Session, tmp_path: Path) -> None:
    real = (GEOGRAPHY / "onspd_nov2025_sample.csv").read_text().splitlines()
    live = [real[0]] + [line.replace('"199606"', '""') for line in real[1:3]] + real[3:]
    path = tmp_path / "onspd.csv"
    path.write_text("\n".join(live) + "\n")

    report = do_import(session, "postcodes", path)

    assert report.counts["created"] == 2, report.lines()
    assert report.notes == ["note: onspd.csv: 2 terminated postcodes were skipped"]
    stored = session.get(Postcode, "AB1 0AA")
    assert stored is not None
    assert (
        stored.latitude,
        stored.longitude,
        stored.la_code,
        stored.ward_code,
        stored.quality,
    ) == (57.101459, -2.242858, "S12000033", "S13002843", 1)


def test_onspd_pre_2025_columns(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "pcd,pcd2,pcds,dointr,doterm,oslaua,osward,osgrdind,lat,long\n"
        '"N3 1TR","N3  1TR","N3 1TR","198001","","E09000003","E05000049","1",51.6004,-0.1941\n'
        '"N3 1XX","N3  1XX","N3 1XX","198001","","E09000003","E05000049","9",99.999999,0.000000\n'
    )

    report = do_import(session, "postcodes", path)

    assert report.counts["created"] == 1, "the 99.999999 'no position' marker is skipped"
    assert session.get(Postcode, "N3 1TR").la_code == "E09000003"  # type: ignore[union-attr]


def test_an_unknown_postcode_file_is_refused(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("a,b\n1,2\n")

    report = do_import(session, "postcodes", path)

    assert report.exit_code == 2
    assert report.failure is not None and report.failure.startswith(
        "mystery.csv: not a postcode file we know"
    )


def test_distance_km_is_geodesic() -> None:
    # Church End Library (N3) to Hendon Town Hall (NW4): about 2.8 km.
    assert distance_km(51.6001, -0.1966, 51.5844, -0.2272) == pytest.approx(2.76, abs=0.05)
    assert distance_km(51.6, -0.2, 51.6, -0.2) == 0
