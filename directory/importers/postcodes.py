"""Parser for postcode files: OS Code-Point Open, the ONS Postcode Directory, district centroids.

The kind is recognised from the content:

- Code-Point Open: no header; 4 columns (postcode, positional quality, eastings, northings) or
  the full 10 (adding country, NHS region and HA, county, district and ward codes). Positions are
  OSGB36 grid references, converted to WGS84 with pyproj. Quality 90 (no position) is skipped.
- ONSPD: a header with ``pcds`` and ``lat``/``long``; both the pre-2025 names (``oslaua``,
  ``osward``, ``osgrdind``) and the November 2025 ones (``lad25cd``, ``wd25cd``, ``gridind``,
  vintage suffixes resolved by pattern). Terminated postcodes and the 99.999999 "no position"
  marker are skipped.
- District centroids: a header with a district column (``Postcode``, ``outcode`` or
  ``district``) and ``Latitude``/``Longitude`` (the Doogal export and friends).

``bundled`` as the location loads the files shipped in ``directory/data/postcodes``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from directory.errors import BadRequest
from directory.geo import grid_to_latlon, normalise_district, normalise_postcode
from directory.importers.records import DistrictRecord, PostcodeRecord
from directory.importers.report import ImportFailed, Parsed, Problem
from directory.importers.sources import Document, decode_text, read_file

FORMAT = "postcodes"
BUNDLED = "bundled"
_NO_POSITION = 90


def bundled_files() -> list[Path]:
    folder = resources.files("directory").joinpath("data", "postcodes")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".csv", ".csv.gz")))


def read_local(location: str) -> list[Document]:
    if location == BUNDLED:
        return [read_file(path) for path in bundled_files()]
    return [read_file(Path(location))]


def parse(documents: Sequence[Document]) -> Parsed:
    parsed = Parsed()
    for document in documents:
        text, _encoding = decode_text(document)
        reader = csv.reader(io.StringIO(text))
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise ImportFailed(
                f"{document.name}: line {reader.line_num}: not valid CSV ({exc})"
            ) from None
        if not rows:
            raise ImportFailed(f"{document.name}: the file is empty")
        header = [_norm(h) for h in rows[0]]
        if _column(header, "pcds", "pcd", "pcd7", "pcd8") is not None and "lat" in header:
            _onspd(document, header, rows[1:], parsed)
        elif _column(header, "postcode", "outcode", "district", "postcodedistrict") is not None:
            _districts(document, header, rows[1:], parsed)
        elif len(rows[0]) in (4, 10) and _looks_like_codepoint(rows[0]):
            _codepoint(document, rows, parsed)
        else:
            raise ImportFailed(
                f"{document.name}: not a postcode file we know (Code-Point Open has no header "
                "and 4 or 10 columns; ONSPD has 'pcds', 'lat', 'long'; district centroids have "
                "'Postcode' or 'outcode' with 'Latitude' and 'Longitude')"
            )
    if not parsed.records and not parsed.problems:
        # With rejected rows, the import says that every row was rejected, and why, row by row.
        names = ", ".join(d.name for d in documents)
        raise ImportFailed(f"{names}: no postcodes with a position, so nothing was loaded")
    return parsed


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _column(header: list[str], *names: str, pattern: str | None = None) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    if pattern is not None:
        for index, name in enumerate(header):
            if re.fullmatch(pattern, name):
                return index
    return None


def _looks_like_codepoint(row: list[str]) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9 ]{5,8}", row[0].strip())) and row[1].strip().isdigit()


def _codepoint(document: Document, rows: list[list[str]], parsed: Parsed) -> None:
    kept: list[tuple[str, int, float, float, list[str]]] = []
    skipped = 0
    for number, row in enumerate(rows, start=1):
        parsed.total += 1
        where = f"{document.name} row {number}"
        if len(row) not in (4, 10):
            parsed.problems.append(
                Problem(where, f"has {len(row)} columns; Code-Point Open has 4 or 10")
            )
            continue
        postcode = _postcode(row[0], where, parsed)
        try:
            quality, east, north = int(row[1]), float(row[2]), float(row[3])
        except ValueError:
            parsed.problems.append(
                Problem(
                    where, "quality, eastings and northings must be numbers", "eastings", row[2]
                )
            )
            continue
        if postcode is None:
            continue
        if quality >= _NO_POSITION or (east == 0 and north == 0):
            skipped += 1
            continue
        kept.append((postcode, quality, east, north, row))
    positions = grid_to_latlon([k[2] for k in kept], [k[3] for k in kept])
    for (postcode, quality, _e, _n, row), (lat, lon) in zip(kept, positions, strict=True):
        la_code = row[8].strip() or None if len(row) == 10 else None
        ward = row[9].strip() or None if len(row) == 10 else None
        parsed.records.append(PostcodeRecord(postcode, lat, lon, quality, la_code, ward))
    if skipped:
        parsed.notes.append(
            f"note: {document.name}: {skipped:,} postcodes have no position (quality 90) "
            "and were skipped"
        )


def _onspd(document: Document, header: list[str], rows: list[list[str]], parsed: Parsed) -> None:
    pc = _column(header, "pcds", "pcd", "pcd7", "pcd8")
    lat, lon = header.index("lat"), _column(header, "long", "lng", "longitude")
    la = _column(header, "oslaua", "laua", pattern=r"lad\d\dcd")
    ward = _column(header, "osward", "ward", pattern=r"wd\d\dcd")
    grid = _column(header, "osgrdind", "gridind")
    doterm = _column(header, "doterm")
    if pc is None or lon is None:
        raise ImportFailed(f"{document.name}: the ONSPD header has no 'long' column")
    terminated = 0
    for number, row in enumerate(rows, start=2):
        parsed.total += 1
        where = f"{document.name} row {number}"
        if len(row) < len(header):
            parsed.problems.append(
                Problem(where, f"has {len(row)} columns; the header has {len(header)}")
            )
            continue
        if doterm is not None and row[doterm].strip():
            terminated += 1
            continue
        postcode = _postcode(row[pc], where, parsed)
        position = _position(row[lat], row[lon], where, parsed)
        if postcode is None or position is None:
            continue
        quality = int(row[grid]) if grid is not None and row[grid].strip().isdigit() else None
        parsed.records.append(
            PostcodeRecord(
                postcode, position[0], position[1], quality, _code(row, la), _code(row, ward)
            )
        )
    if terminated:
        parsed.notes.append(
            f"note: {document.name}: {terminated:,} terminated postcodes were skipped"
        )


def _code(row: list[str], index: int | None) -> str | None:
    if index is None:
        return None
    value = row[index].strip()
    return None if not value or value.endswith("99999999") else value[:9]


def _districts(
    document: Document, header: list[str], rows: list[list[str]], parsed: Parsed
) -> None:
    district = _column(header, "postcode", "outcode", "district", "postcodedistrict")
    lat = _column(header, "latitude", "lat")
    lon = _column(header, "longitude", "long", "lng")
    area = _column(header, "townarea", "area", "name")
    population = _column(header, "population")
    if district is None or lat is None or lon is None:
        raise ImportFailed(
            f"{document.name}: a district file needs 'Latitude' and 'Longitude' columns"
        )
    unplaced = 0
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        parsed.total += 1
        where = f"{document.name} row {number}"
        try:
            code = normalise_district(row[district])
        except (BadRequest, IndexError):
            # Non-geographic codes (GIR, NPT) are in the official lists: note, do not reject.
            value = row[district] if len(row) > district else None
            parsed.problems.append(
                Problem(where, "is not a postcode district; left out", "district", value, "warning")
            )
            continue
        if len(row) <= max(lat, lon) or not row[lat].strip() or not row[lon].strip():
            unplaced += 1  # terminated districts keep their row but have no centroid
            continue
        position = _position(row[lat], row[lon], where, parsed)
        if position is None:
            continue
        name = row[area].strip() or None if area is not None else None
        people = row[population].strip() if population is not None else ""
        parsed.records.append(
            DistrictRecord(
                code, position[0], position[1], name, int(people) if people.isdigit() else None
            )
        )
    if unplaced:
        parsed.notes.append(
            f"note: {document.name}: {unplaced:,} districts have no centroid (terminated) and "
            "were skipped"
        )


def _postcode(value: str, where: str, parsed: Parsed) -> str | None:
    try:
        return normalise_postcode(value)
    except BadRequest:
        parsed.problems.append(Problem(where, "is not a valid UK postcode", "postcode", value))
        return None


def _position(
    lat_text: str, lon_text: str, where: str, parsed: Parsed
) -> tuple[float, float] | None:
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        parsed.problems.append(
            Problem(where, "latitude and longitude must be numbers", "lat", lat_text)
        )
        return None
    if lat >= 99 or not (49 <= lat <= 61 and -9 <= lon <= 3):
        return None  # ONSPD's 99.999999 marker, or outside the UK: no usable position
    return round(lat, 6), round(lon, 6)
