"""DfE "Education, health and care plans" (SEN2) statistics files: bytes in, demand records out.

Pure: no database. ``parse_sen2`` reads one of the five release files we use (all plans and new
plans by primary need, requests for assessment, 20-week timeliness, work-based placements) and
turns each published figure into one ``DemandRecord`` shaped like ``DemandStatistic``:

- wide need columns (``number_asd`` ... ``number_need_unknown``) become one record per need
  (``need_code`` ASD ... ``UNKNOWN``), ``ehc_plans`` is ``need_code="ALL"``;
- percentages (``asd_pc``, ``pc_plans_issued_within_20_weeks``, ...) have ``unit="percent"``;
- the DfE's symbols (``x`` unavailable, ``z`` not applicable, ``c`` confidential, ``low``, ``u``,
  ``:``, ``~``) give ``value=None`` with the symbol kept, never a zero;
- only England's, the region's and the authority's rows are kept unless asked for all areas.

A file that cannot be read at all (empty, binary, a missing column, not a SEN2 file) raises
``Sen2Error`` naming the file and the column; a bad cell is a ``Problem`` naming the line and
column, and only that row is left out.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from directory.importers.records import DemandRecord
from directory.importers.report import ImportFailed, Problem
from directory.importers.sen2_format import (
    DATASETS,
    ENGLAND,
    FOUR_PLACES,
    ID_COLUMNS,
    IGNORED,
    LEVELS,
    NEED_COLUMNS,
    NUMBER,
    OPTIONAL_NEED_COLUMNS,
    SYMBOLS,
    TOPICS,
    DatasetSpec,
    age_range,
    normalise_age,
    period_label,
    slug,
)

__all__ = [
    "DATASETS",
    "ENGLAND",
    "NEED_COLUMNS",
    "DemandRecord",
    "Problem",
    "Sen2Error",
    "Sen2File",
    "age_range",
    "normalise_age",
    "parse_sen2",
    "period_label",
]


class Sen2Error(ImportFailed):
    """The file cannot be read as a SEN2 file; nothing from it may be loaded."""

    status_code = 400
    code = "bad_file"


@dataclass
class Sen2File:
    name: str
    dataset: DatasetSpec
    records: list[DemandRecord]
    problems: list[Problem]
    rows_read: int
    rows_kept: int
    notes: list[str]


def parse_sen2(
    data: bytes,
    *,
    name: str = "SEN2 file",
    dataset: str | None = None,
    areas: Collection[str] | None = None,
) -> Sen2File:
    """Parse one SEN2 release file.

    ``name`` is the file name, used to recognise the file and in every message; ``dataset`` forces
    the kind (a key of ``DATASETS``); ``areas`` is the set of area codes to keep (England, region,
    authority), or None for every area. Raises ``Sen2Error`` when the file cannot be used at all.
    """
    text, notes = decode(data, name)
    rows = list(_reader(text, name))
    if not rows:
        raise Sen2Error(f"{name}: the file is empty", file=name)
    header = [h.strip().lower() for h in rows[0][1]]
    if len(rows) == 1:
        raise Sen2Error(f"{name}: the file has a header but no data rows", file=name)
    spec = DATASETS[dataset] if dataset else detect_dataset(name, header, rows[1][1])
    columns = _column_positions(header, spec, name)
    result = Sen2File(name, spec, [], [], 0, 0, notes)
    seen: dict[tuple[str, str, str, str], int] = {}
    for line, row in rows[1:]:
        result.rows_read += 1
        if len(row) != len(header):
            reason = f"the row has {len(row)} fields, the header {len(header)}"
            result.problems.append(Problem(f"{name}, line {line}", reason))
            continue
        _parse_row(result, columns, line, row, areas, seen)
    return result


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """The file's text. DfE files are UTF-8 with a BOM; a copy re-saved by Excel may be
    Windows-1252 or UTF-16, which we read and say so."""
    if not data.strip():
        raise Sen2Error(f"{name}: the file is empty", file=name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), [f"{name} was UTF-16 text (an Excel export): read as such"]
    if b"\x00" in data[:4096]:
        raise Sen2Error(
            f"{name}: this is a binary file (a spreadsheet or an archive?), not CSV text; "
            "export the sheet as CSV (UTF-8)",
            file=name,
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise Sen2Error(
                f"{name}: line {line}: byte 0x{byte:02x} is neither UTF-8 nor Windows-1252 "
                "text; save the file as CSV (UTF-8)",
                file=name,
                line=line,
            ) from None
        return text, [
            f"{name} is not UTF-8 (byte 0x{byte:02x} on line {line}): read as Windows-1252"
        ]


def detect_dataset(name: str, header: list[str], first_row: list[str]) -> DatasetSpec:
    """Recognise the file by its published name, else by a column only that file has."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for spec in DATASETS.values():
        if base == spec.filename:
            return spec
    signatures = {
        "requests_received_in_year": "sen2_requests",
        "plans_issued_den": "sen2_timeliness",
        "open_wbp": "sen2_work_placements",
    }
    for column, key in signatures.items():
        if column in header:
            return DATASETS[key]
    if "number_asd" in header and "time_identifier" in header:
        # The two need files share their columns; the all-plans file is an academic-year
        # snapshot (January), the new-plans file a calendar year.
        when = first_row[header.index("time_identifier")].lower()
        return DATASETS["sen2_all_plans" if "academic" in when else "sen2_new_plans"]
    expected = ", ".join(spec.filename for spec in DATASETS.values())
    raise Sen2Error(
        f"{name}: not a SEN2 file we know: expected one of {expected} (or name the kind of file)",
        file=name,
    )


def _reader(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row
    except csv.Error as exc:
        raise Sen2Error(
            f"{name}: line {reader.line_num}: not valid CSV: {exc}", file=name, line=reader.line_num
        ) from exc


def _column_positions(header: list[str], spec: DatasetSpec, name: str) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, column in enumerate(header):
        if column in positions:
            raise Sen2Error(f"{name}: column {column!r} appears twice", file=name, field=column)
        positions[column] = index
    for column in (*ID_COLUMNS, *spec.value_columns):
        if column not in positions:
            hint = ""
            if len(header) == 1:
                hint = " (the header has one column: is the file comma-separated?)"
            raise Sen2Error(
                f"{name}: missing column {column!r}, needed in the DfE file "
                f"{spec.filename} ({spec.title}){hint}",
                file=name,
                field=column,
            )
    if spec.by_need:
        wanted = set(ID_COLUMNS) | set(spec.value_columns) | set(spec.optional_columns)
        return {column: i for column, i in positions.items() if column in wanted}
    # Files without need columns: every published figure is kept, the named ones are required.
    return {column: i for column, i in positions.items() if column not in IGNORED}


def _parse_row(
    result: Sen2File,
    columns: dict[str, int],
    line: int,
    row: list[str],
    areas: Collection[str] | None,
    seen: dict[tuple[str, str, str, str], int],
) -> None:
    where = f"{result.name}, line {line}"
    cell = {column: row[i].strip() for column, i in columns.items()}
    level = LEVELS.get(cell["geographic_level"].lower())
    if level is None:
        return  # other geographies (e.g. parliamentary constituencies) are not used
    area_code, area_name = _area(level, cell)
    if not area_code:
        result.problems.append(Problem(where, "no area code", "geographic_level", level))
        return
    if areas is not None and area_code not in areas:
        return
    topic, breakdown = _breakdown(cell["breakdown_topic"], cell["breakdown"])
    key = (cell["time_period"], area_code, topic, breakdown)
    if key in seen:
        reason = f"the same period, area and breakdown as line {seen[key]}"
        result.problems.append(Problem(where, reason, "breakdown", cell["breakdown"]))
        return
    seen[key] = line
    figures = list(_figures(result, cell, line, level, (area_code, area_name), (topic, breakdown)))
    records = [r for r in figures if r is not None]
    if len(records) == len(figures):
        result.records.extend(records)
        result.rows_kept += 1


def _area(level: str, cell: dict[str, str]) -> tuple[str, str]:
    if level == "national":
        return cell["country_code"], cell["country_name"]
    if level == "regional":
        return cell["region_code"], cell["region_name"]
    return cell["new_la_code"], cell["la_name"]


def _breakdown(topic_text: str, breakdown_text: str) -> tuple[str, str]:
    topic = TOPICS.get(topic_text.lower()) or slug(topic_text)[:32]
    if topic == "total":
        return "total", "total"
    if topic == "age":
        return "age", normalise_age(breakdown_text)
    return topic, breakdown_text


def _figures(
    result: Sen2File,
    cell: dict[str, str],
    line: int,
    level: str,
    area: tuple[str, str],
    split: tuple[str, str],
) -> Iterator[DemandRecord | None]:
    """The row's figures; None for a cell that is neither a number nor a symbol."""
    period = cell["time_period"]
    for column in cell:
        if column in ID_COLUMNS:
            continue
        measure, need, unit = _measure(column, result.dataset)
        parsed = _value(cell[column])
        if parsed is None:
            reason = "not a number or a DfE symbol (x, z, c, low, u, :, ~)"
            if not cell[column]:
                reason = "empty: a figure or a DfE symbol is expected"
            location = f"{result.name}, line {line}"
            result.problems.append(Problem(location, reason, column, cell[column][:80]))
            yield None
            continue
        value, symbol = parsed
        yield DemandRecord(
            dataset=result.dataset.key,
            period=period,
            period_label=period_label(period),
            geographic_level=level,
            area_code=area[0],
            area_name=area[1],
            measure=measure,
            need_code=need,
            breakdown_topic=split[0],
            breakdown=split[1][:128],
            value=value,
            unit=unit,
            symbol=symbol,
        )


def _measure(column: str, spec: DatasetSpec) -> tuple[str, str, str]:
    """(measure, need code, unit) for a source column."""
    if spec.by_need:
        if column == "ehc_plans":
            return "ehc_plans", "ALL", "count"
        needs = {**NEED_COLUMNS, **OPTIONAL_NEED_COLUMNS, "need_unknown": "UNKNOWN"}
        if column.startswith("number_"):
            return "ehc_plans", needs[column.removeprefix("number_")], "count"
        stem = column.removesuffix("_pc")
        return "ehc_plans_share", needs["need_unknown" if stem == "unknown" else stem], "percent"
    unit = "percent" if column.startswith("pc_") or column.endswith("_pc") else "count"
    return column, "ALL", unit


def _value(text: str) -> tuple[Decimal | None, str | None] | None:
    """(value, symbol), or None when the text is neither a number nor a DfE symbol."""
    if text.lower() in SYMBOLS:
        return None, text.lower()
    plain = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text) else text
    if not NUMBER.match(plain):
        return None
    try:
        value = Decimal(plain).quantize(FOUR_PLACES)
    except InvalidOperation:
        return None
    if abs(value) >= Decimal("1e10"):
        return None
    return value, None
