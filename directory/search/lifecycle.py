"""The index on disk: generations, the atomic switch, rebuild, sync, update and check.

Layout of the index folder::

    CURRENT            name of the generation being served (replaced atomically)
    lifecycle.lock     held by whoever writes (rebuild, sync, update): one writer at a time
    gen-.../whoosh/    the Whoosh index of that generation
    gen-.../meta.json  watermark (newest service change applied), document count, bit orders
    gen-.../words.json words of the indexed services with document counts, for spelling

A rebuild writes a new generation beside the served one and switches ``CURRENT`` only when it
is complete, so a rebuild that dies halfway leaves the old index serving. Index segment files
are Python pickles: the folder must be writable only by the service's own account.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import LockError

from directory.errors import ServiceUnavailable
from directory.localoffer import AuthorityConfig
from directory.models import Service
from directory.search.analysis import words
from directory.search.bulk import BulkSegmentWriter
from directory.search.documents import (
    IndexDocument,
    MaskBuilder,
    load_all_documents,
    load_documents,
    modified_key,
    published_ids,
)
from directory.search.schema import TEXT_FIELDS, build_schema
from directory.search.snapshot import read_fixed_column, read_numeric_column, segment_leaves

SCHEMA_VERSION = 1
SEGMENT_DOCUMENTS = 50_000
# Postings per block in rebuilt segments (Whoosh writes 128). A query decodes whole posting
# lists, one Python step per block: 4,096 reads common words 2.7 times faster (bench/README.md).
POSTINGS_BLOCK = 4096
# Changes that committed late (a long import) can carry a last_modified older than the
# watermark; sync looks back this far and re-applies them, which is harmless.
SYNC_OVERLAP = timedelta(minutes=10)
WRITER_TIMEOUT_S = 30.0


class IndexUnavailable(ServiceUnavailable):
    code = "search_unavailable"


@dataclass(frozen=True)
class IndexReport:
    generation: str
    documents: int
    added_or_updated: int = 0
    removed: int = 0


@contextlib.contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / "lifecycle.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_generation(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def open_generation(index_dir: Path) -> tuple[str, Any]:
    """The served generation's name and Whoosh index, or a clear ``IndexUnavailable``."""
    name = current_generation(index_dir)
    if name is None:
        raise IndexUnavailable(f"no search index in {index_dir}: run `local-offer index rebuild`")
    try:
        return name, whoosh_index.open_dir(str(index_dir / name / "whoosh"))
    except Exception as exc:  # Whoosh raises many kinds on damaged files
        raise IndexUnavailable(
            f"the search index in {index_dir / name} cannot be opened ({exc.__class__.__name__}):"
            " run `local-offer index rebuild`"
        ) from exc


def read_meta(index_dir: Path, name: str) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((index_dir / name / "meta.json").read_text("utf-8"))
    return meta


def read_words(index_dir: Path, name: str) -> dict[str, int]:
    path = index_dir / name / "words.json"
    found: dict[str, int] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return found


def _write_json(path: Path, data: object) -> None:
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def _bit_orders(config: AuthorityConfig) -> dict[str, list[str]]:
    masks = MaskBuilder(config)
    return {column: list(bits) for column, bits in masks.bits.items()}


def _watermark(session: Session) -> str | None:
    newest = session.scalar(select(func.max(Service.last_modified)))
    return newest.isoformat() if newest else None


def _spelling_words(document: IndexDocument) -> set[str]:
    return {
        w
        for text in (document.name, document.keywords, document.description)
        for w in words(text)
        if len(w) >= 3 and w.isalpha()
    }


def rebuild(
    session: Session,
    config: AuthorityConfig,
    index_dir: Path,
    progress: Callable[[int], object] | None = None,
) -> IndexReport:
    """Build a complete new generation from the database, then switch to it."""
    with writer_lock(index_dir):
        watermark = _watermark(session)
        name = f"gen-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        folder = index_dir / name / "whoosh"
        folder.mkdir(parents=True)
        ix = whoosh_index.create_in(str(folder), build_schema())
        counts: Counter[str] = Counter()
        documents = load_all_documents(session, config)
        total = 0
        while True:
            chunk = _take(documents, SEGMENT_DOCUMENTS)
            if not chunk:
                break
            writer = BulkSegmentWriter(ix, codec=W3Codec(blocklimit=POSTINGS_BLOCK))
            writer.add_documents(chunk)
            writer.commit(merge=False)
            for document in chunk:
                counts.update(_spelling_words(document))
            total += len(chunk)
            if progress:
                progress(len(chunk))
        _write_json(index_dir / name / "words.json", dict(counts))
        _write_json(
            index_dir / name / "meta.json",
            {
                "schema": SCHEMA_VERSION,
                "watermark": watermark,
                "built_at": datetime.now(UTC).isoformat(),
                "documents": total,
                "bits": _bit_orders(config),
            },
        )
        _switch(index_dir, name)
        return IndexReport(generation=name, documents=total, added_or_updated=total)


def _take(documents: Iterator[IndexDocument], count: int) -> list[IndexDocument]:
    chunk = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == count:
            break
    return chunk


def _switch(index_dir: Path, name: str) -> None:
    """Point CURRENT at ``name`` atomically; keep the previous generation for open readers."""
    previous = current_generation(index_dir)
    temporary = index_dir / "CURRENT.tmp"
    temporary.write_text(name, encoding="utf-8")
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    temporary.replace(index_dir / "CURRENT")
    keep = {name, previous}
    for old in index_dir.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def indexed_versions(ix: Any) -> dict[uuid.UUID, int]:
    """Live documents of an index: service id -> indexed last_modified (microseconds)."""
    versions = {}
    with ix.reader() as reader:
        for leaf, _offset in segment_leaves(reader):
            count = leaf.doc_count_all()
            uids = read_fixed_column(leaf.column_reader("uid", translate=False), 16, count)
            modified = read_numeric_column(
                leaf.column_reader("modified", translate=False), "q", count, 0
            )
            deleted = set(leaf.segment().deleted_docs()) if leaf.has_deletions() else set()
            for docnum in range(count):
                if docnum not in deleted:
                    versions[uuid.UUID(bytes=bytes(uids[docnum]))] = int(modified[docnum])
    return versions


def update(
    session: Session, config: AuthorityConfig, index_dir: Path, service_ids: Iterable[uuid.UUID]
) -> IndexReport:
    """Re-index the given services in the served generation (removing unpublished ones)."""
    with writer_lock(index_dir):
        return _apply(session, config, index_dir, set(service_ids), advance_watermark=None)


def sync(session: Session, config: AuthorityConfig, index_dir: Path) -> IndexReport:
    """Apply every database change since the index's watermark."""
    with writer_lock(index_dir):
        name, ix = open_generation(index_dir)
        meta = read_meta(index_dir, name)
        newest = _watermark(session)
        indexed = indexed_versions(ix)
        changed: set[uuid.UUID] = set()
        if meta.get("watermark"):
            since = datetime.fromisoformat(meta["watermark"]) - SYNC_OVERLAP
            recent = session.execute(
                select(Service.id, Service.last_modified).where(Service.last_modified > since)
            )
            # The overlap brings back services already indexed as they are: skip those.
            changed = {
                service_id
                for service_id, modified in recent
                if indexed.get(service_id) != modified_key(modified)
            }
        published = set(published_ids(session))
        present = set(indexed)
        changed |= (present - published) | (published - present)
        return _apply(session, config, index_dir, changed, advance_watermark=newest)


def _apply(
    session: Session,
    config: AuthorityConfig,
    index_dir: Path,
    service_ids: set[uuid.UUID],
    advance_watermark: str | None,
) -> IndexReport:
    name, ix = open_generation(index_dir)
    documents = list(load_documents(session, config, sorted(service_ids)))
    if service_ids:
        try:
            writer = ix.writer(timeout=WRITER_TIMEOUT_S)
        except LockError as exc:
            raise IndexUnavailable("the search index is locked by another writer") from exc
        try:
            for service_id in service_ids:
                writer.delete_by_term("id", str(service_id))
            for document in documents:
                writer.add_document(**document_fields(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        spelling = read_words(index_dir, name)
        for document in documents:
            for word in _spelling_words(document):
                spelling[word] = spelling.get(word, 0) + 1
        _write_json(index_dir / name / "words.json", spelling)
    meta = read_meta(index_dir, name)
    if advance_watermark is not None:
        meta["watermark"] = advance_watermark
    with ix.reader() as reader:
        meta["documents"] = reader.doc_count()
    _write_json(index_dir / name / "meta.json", meta)
    removed = len(service_ids) - len(documents)
    return IndexReport(name, meta["documents"], added_or_updated=len(documents), removed=removed)


def document_fields(document: IndexDocument) -> dict[str, object]:
    """Field values for Whoosh's own writer, identical to what the bulk writer stores."""
    from directory.search.analysis import terms

    values: dict[str, object] = {"id": str(document.service_id), **document.text_fields()}
    values.update(document.column_values())
    for fieldname in TEXT_FIELDS:
        values[f"{fieldname}_length"] = min(len(terms(document.text_fields()[fieldname])), 65535)
    return values


@dataclass(frozen=True)
class CheckReport:
    generation: str | None
    indexed: int
    published: int
    missing: list[uuid.UUID]
    extra: list[uuid.UUID]
    stale: list[uuid.UUID]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def check(session: Session, index_dir: Path) -> CheckReport:
    """Do the index and the database agree on which services are published, and how current?"""
    name, ix = open_generation(index_dir)
    indexed = indexed_versions(ix)
    rows = session.execute(
        select(Service.id, Service.last_modified).where(Service.status == "active")
    )
    published: dict[uuid.UUID, datetime] = {sid: modified for sid, modified in rows}  # noqa: C416
    stale = sorted(
        service_id
        for service_id, modified in published.items()
        if service_id in indexed and indexed[service_id] != modified_key(modified)
    )
    return CheckReport(
        generation=name,
        indexed=len(indexed),
        published=len(published),
        missing=sorted(set(published) - set(indexed)),
        extra=sorted(set(indexed) - set(published)),
        stale=stale,
    )
