"""Parser for the Charity Commission for England and Wales register extract.

The extract is one file per table; we read three, found in a folder by their published names
(``publicextract.<table>.json``, UTF-8 with a byte-order mark, or ``.txt``, tab-separated):

- ``charity``: main charities only (``linked_charity_number`` 0), registered, not removed,
  insolvent or in administration;
- ``charity_area_of_operation``: the areas, mapped to GSS codes with the Commission's labels
  (``directory/data/charity/area_of_operation_to_gss.csv``). A charity is local when it names the
  authority, or names its region or the whole country and has its contact address in one of
  the authority's postcode districts;
- ``charity_classification``: who it helps. Local charities for children or young people (201),
  people with disabilities (203) or disability (104) become voluntary-sector organisations and
  services; the disability ones for all needs.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from directory.importers import table as tables
from directory.importers import text
from directory.importers.charity_record import charity_service
from directory.importers.checks import FieldReader, Rejected
from directory.importers.report import ImportFailed, Parsed, Problem
from directory.importers.scope import Scope
from directory.importers.sources import Document, decode_json_text, json_error, read_file

FORMAT = "charity-commission"
TABLES = {
    "charity": ("organisation_number", "registered_charity_number", "linked_charity_number",
                "charity_name", "charity_registration_status"),
    "charity_classification": ("organisation_number", "linked_charity_number",
                               "classification_code", "classification_type"),
    "charity_area_of_operation": ("organisation_number", "linked_charity_number",
                                  "geographic_area_type", "geographic_area_description"),
}  # fmt: skip
CHILDREN, DISABLED_PEOPLE, DISABILITY = "201", "203", "104"
WANTED = frozenset({CHILDREN, DISABLED_PEOPLE, DISABILITY})


def read_local(location: str) -> list[Document]:
    """The three tables from a folder (or the three files' folder when one is named)."""
    path = Path(location)
    folder = path if path.is_dir() else path.parent
    if not folder.exists():
        raise ImportFailed(f"{path}: no such file or folder")
    documents = []
    for name in TABLES:
        found = [folder / f"publicextract.{name}.{ext}" for ext in ("json", "txt")]
        existing = [f for f in found if f.exists()]
        if not existing:
            raise ImportFailed(
                f"{folder}: missing the {name} table (publicextract.{name}.json or .txt from "
                "the Charity Commission register extract)"
            )
        documents.append(read_file(existing[0]))
    return documents


def parse(documents: Sequence[Document], scope: Scope) -> Parsed:
    by_table = {_table_of(d): d for d in documents}
    for name in TABLES:
        if name not in by_table:
            raise ImportFailed(f"the register extract needs the {name} table; it is missing")
    areas = _group(_records(by_table["charity_area_of_operation"]))
    classes = _group(_records(by_table["charity_classification"]))
    parsed = Parsed()
    first_seen: dict[str, str] = {}
    for where, record in _records(by_table["charity"]):
        if not _main_and_registered(record):
            continue
        key = str(record.get("organisation_number"))
        codes = {str(c.get("classification_code")) for c in classes.get(key, [])}
        if not codes & WANTED or not _operates_in(record, areas.get(key, []), scope):
            continue
        parsed.total += 1
        number = str(record.get("registered_charity_number"))
        if number in first_seen:
            reason = f"charity {number} appears again (first at {first_seen[number]}); left out"
            parsed.problems.append(Problem(where, reason, "registered_charity_number", number))
            continue
        first_seen[number] = where
        reader = FieldReader(where)
        try:
            parsed.records.append(charity_service(record, codes, reader))
            parsed.seen_ids.add(number)
        except Rejected as rejected:
            parsed.problems.append(rejected.problem)
        parsed.problems.extend(reader.warnings)
    if not parsed.total:
        raise ImportFailed(
            f"{by_table['charity'].name}: no registered charities for children, young people or "
            f"disabled people operate in {scope.name or scope.gss_code}, so nothing was loaded"
        )
    return parsed


def _table_of(document: Document) -> str:
    stem = Path(document.name).name.removeprefix("publicextract.").split(".")[0]
    if stem not in TABLES:
        raise ImportFailed(
            f"{document.name}: not a register extract table we read ({', '.join(TABLES)})"
        )
    return stem


def _records(document: Document) -> list[tuple[str, dict[str, Any]]]:
    """(where, record) for a JSON array or a tab-separated table; required fields checked."""
    table = _table_of(document)
    if not document.data.removeprefix(codecs.BOM_UTF8).strip():
        raise ImportFailed(f"{document.name}: the file is empty")
    if document.name.endswith(".json"):
        try:
            value = json.loads(decode_json_text(document))
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{document.name}: {json_error(exc)}") from None
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise ImportFailed(f"{document.name}: is not a JSON array of records")
        records = [(f"{document.name} record {i}", r) for i, r in enumerate(value, start=1)]
        present = set(value[0]) if value else set()
    else:
        grid = tables.read_table(
            document.name, tables.decode(document), delimiter="\t", quoted=False
        )
        grid.require({name: (name,) for name in TABLES[table]})
        grid.optional({name: (name,) for name in grid.header})
        records = [(f"{document.name} line {line}", row) for line, row, _ in grid.records()]
        present = set(grid.header)
    if not records:
        raise ImportFailed(f"{document.name}: has no records, so nothing was loaded")
    for name in TABLES[table]:
        if name not in present:
            raise ImportFailed(f"{document.name}: missing field {name!r} (was it renamed?)")
    return records


def _group(records: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of a child table by organisation number, main charities only."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _where, record in records:
        if str(record.get("linked_charity_number")) in ("0", "", "None"):
            grouped[str(record.get("organisation_number"))].append(record)
    return grouped


def _main_and_registered(record: dict[str, Any]) -> bool:
    if str(record.get("linked_charity_number")) != "0":
        return False
    if str(record.get("charity_registration_status", "")).lower() != "registered":
        return False
    if record.get("date_of_removal"):
        return False
    return not any(_true(record.get(k)) for k in ("charity_insolvent", "charity_in_administration"))


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _operates_in(record: dict[str, Any], areas: list[dict[str, Any]], scope: Scope) -> bool:
    codes = {_gss(a) for a in areas} - {None}
    if scope.everywhere or scope.gss_code in codes:
        return True
    wider = {scope.region_code, "E92000001", "K04000001", "K02000001"}
    if not codes & wider:
        return False
    postcode = text.clean_line(record.get("charity_contact_postcode")) or ""
    return postcode.upper().split(" ")[0] in scope.postcode_districts


def _gss(area: dict[str, Any]) -> str | None:
    kind = text.key(str(area.get("geographic_area_type") or ""))
    label = text.key(str(area.get("geographic_area_description") or ""))
    return area_codes().get((kind, label))


@cache
def area_codes() -> dict[tuple[str, str], str]:
    """(area type, label) as matching keys -> GSS code, from the shipped lookup."""
    source = resources.files("directory").joinpath(
        "data", "charity", "area_of_operation_to_gss.csv"
    )
    with io.StringIO(source.read_bytes().decode("utf-8-sig"), newline="") as handle:
        return {
            (
                text.key(row["geographic_area_type"]),
                text.key(row["geographic_area_description"]),
            ): row["GSS"]
            for row in csv.DictReader(handle)
            if row["GSS"]
        }
