"""Getting an import's bytes: from a file (gzip or not) or an http(s) URL, and decoding text.

Everything that can go wrong here fails the whole import (``ImportFailed``) with a message that
names the file or address, because without the bytes there is nothing to load.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import httpx

from directory.importers.report import ImportFailed

MAX_PAGES = 10_000
USER_AGENT = "local-offer-directory importer (+https://openreferraluk.org)"


@dataclass(frozen=True)
class Document:
    """Bytes and the name to use for them in messages (a file name, or an address and page)."""

    name: str
    data: bytes


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def read_file(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror})") from None
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ImportFailed(f"{path}: not a complete gzip file ({exc})") from None
    return Document(path.name, data)


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The HTTP client for feeds; tests pass an ``httpx.MockTransport``."""
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(30.0, connect=10.0),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
    )


def fetch(client: httpx.Client, url: str, name: str | None = None) -> Document:
    label = name or url
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise ImportFailed(f"{label}: could not be fetched ({exc})") from None
    if response.status_code != 200:
        raise ImportFailed(
            f"{label}: the server answered {response.status_code} {response.reason_phrase}"
        )
    return Document(label, response.content)


def fetch_pages(
    client: httpx.Client, url: str, on_page: Callable[[int, int], None] | None = None
) -> list[Document]:
    """Fetch an ORUK list and every following page (``page=2..total_pages``).

    A page that fails, or is not a page, fails the whole import: loading pages 1 and 2 of a feed
    would withdraw every service on the pages that did not arrive.
    """
    first = fetch(client, url, f"{url} (page 1)")
    envelope = _envelope(first)
    if envelope is None:
        return [first]
    total = envelope.get("total_pages")
    if not isinstance(total, int) or total < 1:
        return [first]
    if total > MAX_PAGES:
        raise ImportFailed(f"{url}: says it has {total:,} pages; the limit is {MAX_PAGES:,}")
    documents = [first]
    for number in range(2, total + 1):
        page_url = str(httpx.URL(url).copy_merge_params({"page": number}))
        label = f"{url} (page {number} of {total})"
        page = fetch(client, page_url, label)
        if _envelope(page) is None:
            raise ImportFailed(f"{label}: is not an Open Referral page (no 'contents' list)")
        documents.append(page)
        if on_page is not None:
            on_page(number, total)
    return documents


def _envelope(document: Document) -> dict[str, Any] | None:
    try:
        value = json.loads(decode_json_text(document))
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{document.name}: {json_error(exc)}") from None
    if isinstance(value, dict) and isinstance(value.get("contents"), list):
        return value
    return None


def json_error(exc: json.JSONDecodeError) -> str:
    ending = exc.doc.rstrip()
    if exc.pos >= len(ending) or not ending.endswith(("}", "]")):
        # A complete JSON document ends with its closing bracket; this one stops mid-way.
        return (
            f"the JSON ends too early (line {exc.lineno}, column {exc.colno}: {exc.msg}): "
            "the file is truncated or incomplete"
        )
    return f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"


def decode_json_text(document: Document) -> str:
    """JSON is UTF-8 (RFC 8259); a BOM is tolerated, any other encoding is refused."""
    if not document.data.strip():
        raise ImportFailed(f"{document.name}: the file is empty")
    try:
        return document.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = _guess(document.data)
        hint = f"; it looks like {guess}" if guess else ""
        raise ImportFailed(
            f"{document.name}: is not UTF-8 text (byte 0x{document.data[exc.start]:02x} at "
            f"offset {exc.start:,}{hint}). Save it as UTF-8 and import it again."
        ) from None


def decode_text(document: Document) -> tuple[str, str]:
    """Text of a CSV-like file and the encoding used: UTF-8 first, else the detected one.

    Spreadsheets saved as "CSV" on Windows are Windows-1252, GIAS is Windows-1252, and the
    Charity Commission adds a BOM; charset-normalizer recognises them.
    """
    if not document.data.strip():
        raise ImportFailed(f"{document.name}: the file is empty")
    try:
        return document.data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(document.data).best()
    if best is None or (b"\x00" in document.data[:4096] and best.encoding.startswith("utf_8")):
        raise ImportFailed(
            f"{document.name}: is not a text file in any encoding we recognise "
            "(is it a spreadsheet or a PDF saved with the wrong name?)"
        )
    return str(best), best.encoding


def _guess(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data[:65536]).best()
    return best.encoding.replace("_", "-") if best is not None else None
