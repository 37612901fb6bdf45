"""Parser for Open Referral UK: 3.0 (HSDS 3.0) and v1 service JSON.

Accepted shapes, detected from the bytes: one service object; a Page envelope
(``{"total_items", "total_pages", "page_number", "contents": [...]}``); a JSON array of
services; newline-delimited JSON (one service per line). A URL is fetched page by page by
``sources.fetch_pages`` and each page is one ``Document``.

Contract (as every parser): ``parse(documents) -> Parsed``; pure, no database. A broken file
raises ``ImportFailed``; a broken record becomes a ``Problem`` and the others still load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from directory.importers.checks import FieldReader, Rejected
from directory.importers.oruk_fields import service_record
from directory.importers.report import ImportFailed, Parsed, Problem
from directory.importers.sources import Document, decode_json_text, json_error
from directory.importers.text import clean_line

FORMAT = "oruk"


def parse(documents: Sequence[Document]) -> Parsed:
    parsed = Parsed()
    first_seen: dict[str, str] = {}
    for document in documents:
        for where, raw in _objects(document, parsed, paged=len(documents) > 1):
            parsed.total += 1
            _parse_one(raw, where, parsed, first_seen)
    if parsed.total == 0:
        names = ", ".join(d.name for d in documents)
        raise ImportFailed(f"{names}: contains no services, so nothing was loaded")
    return parsed


def _parse_one(raw: Any, where: str, parsed: Parsed, first_seen: dict[str, str]) -> None:
    if not isinstance(raw, dict):
        parsed.problems.append(Problem(where, "is not a JSON object (a service)"))
        return
    source_id = clean_line(raw.get("id")) if isinstance(raw.get("id"), str | int) else None
    if source_id is not None:
        where = f"{where} (id {source_id})"
        if source_id in first_seen:
            parsed.problems.append(
                Problem(
                    where,
                    f"duplicate id: {first_seen[source_id]} has the same id; only the first "
                    "is loaded",
                    "id",
                    source_id,
                )
            )
            return
        first_seen[source_id] = where
        parsed.seen_ids.add(source_id)
    reader = FieldReader(where)
    try:
        parsed.records.append(service_record(raw, reader))
    except Rejected as rejected:
        parsed.problems.append(rejected.problem)
        return
    parsed.problems.extend(reader.warnings)


def _objects(document: Document, parsed: Parsed, *, paged: bool) -> Iterator[tuple[str, Any]]:
    text = decode_json_text(document)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _ndjson(document, text)
            return
        raise ImportFailed(f"{document.name}: {json_error(exc)}") from None
    if isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield f"{document.name} record {index}", item
    elif isinstance(value, dict) and isinstance(value.get("contents"), list):
        _check_page(document, value, parsed, paged=paged)
        for index, item in enumerate(value["contents"], start=1):
            yield f"{document.name} record {index}", item
    elif isinstance(value, dict) and ("id" in value or "name" in value):
        yield f"{document.name} record 1", value
    else:
        raise ImportFailed(
            f"{document.name}: is not an Open Referral UK service, list of services or page "
            "(expected a JSON object with 'id' and 'name', an array, or a 'contents' list)"
        )


def _check_page(document: Document, page: dict[str, Any], parsed: Parsed, *, paged: bool) -> None:
    """One page of several in a file is only part of the source: withdraw nothing."""
    total = page.get("total_pages")
    if not paged and isinstance(total, int) and total > 1:
        parsed.complete = False
        parsed.notes.append(
            f"note: {document.name} is page {page.get('page_number', '?')} of {total}; "
            "services missing from it were not withdrawn (import the feed's URL to follow "
            "every page)"
        )


def _ndjson(document: Document, text: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"{document.name}: line {number} is not valid JSON ({exc.msg}, column "
                f"{exc.colno}); the file is truncated or not one service per line"
            ) from None
        yield f"{document.name} line {number}", item
