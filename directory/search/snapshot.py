"""In-memory arrays for one generation of the index, built from immutable Whoosh segments.

A Whoosh segment never changes after it is written (only its deletion set grows), so the arrays
read from a segment are cached by segment id and reused by every later generation that still
contains it: after an incremental update, reopening reads only the new small segment. A
``Snapshot`` concatenates the segments' arrays in Whoosh document-number order and adds the
live-document mask, field-length norms and a cache of term postings.

Reading whole columns and posting blocks at once relies on the block layout of the exactly
pinned whoosh-reloaded 2.7.5 codec; where a reader is not of that layout the public, slower
per-document API is used instead, so results are identical either way (tested).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from directory.search.schema import LOCATION, MASK_COLUMNS, TEXT_FIELDS

_NUMERIC_COLUMNS = (
    [name for name, _v, _c in MASK_COLUMNS]
    + ["min_age", "max_age", "modified"]
    + [f"{name}_length" for name in TEXT_FIELDS]
)
# One packed location (schema.LOCATION): 16-byte id, latitude, longitude.
_LOCATION_RECORD = np.dtype([("uid", "V16"), ("lat", "<f8"), ("lon", "<f8")])
_DTYPES = {"B": "u1", "H": "u2", "Q": "u8", "i": "i4", "I": "u4", "q": "i8"}


@dataclass
class SegmentArrays:
    """Everything search needs from one segment, indexed by the segment's document number."""

    segment_id: str
    doc_count: int
    columns: dict[str, np.ndarray]
    uids: np.ndarray  # (n,) dtype V16: raw bytes (S16 would drop trailing zero bytes)
    sort_names: list[bytes]
    # Locations, grouped by document: owner document number, latitude, longitude, location id.
    loc_doc: np.ndarray
    loc_lat: np.ndarray
    loc_lon: np.ndarray
    loc_uid: np.ndarray
    postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def read_numeric_column(reader: Any, typecode: str, doc_count: int, default: int) -> np.ndarray:
    dtype = np.dtype(">" + _DTYPES[typecode])
    values = np.full(doc_count, default, dtype=dtype.newbyteorder("="))
    raw = getattr(reader, "_dbfile", None)
    if raw is not None and hasattr(reader, "_basepos") and hasattr(reader, "_count"):
        count = min(reader._count, doc_count)
        data = raw.get(reader._basepos, count * dtype.itemsize)
        values[:count] = np.frombuffer(data, dtype=dtype)
    else:
        values[:] = list(reader)
    return values


def read_bytes_column(reader: Any, doc_count: int) -> list[bytes]:
    lengths = getattr(reader, "_lengths", None)
    if lengths is not None and hasattr(reader, "_basepos"):
        total = int(sum(lengths))
        blob = bytes(reader._dbfile.get(reader._basepos, total)) if total else b""
        ends = np.cumsum(np.asarray(lengths, dtype=np.int64)).tolist()
        starts = [0, *ends[:-1]]
        values = [blob[s:e] for s, e in zip(starts, ends, strict=True)]
    else:
        values = [bytes(v) for v in reader]
    values += [b""] * (doc_count - len(values))
    return values[:doc_count]


def read_fixed_column(reader: Any, width: int, doc_count: int) -> np.ndarray:
    values = np.zeros(doc_count, dtype=f"V{width}")
    if hasattr(reader, "_dbfile") and hasattr(reader, "_count"):
        count = min(reader._count, doc_count)
        data = reader._dbfile.get(reader._basepos, count * width)
        values[:count] = np.frombuffer(data, dtype=f"V{width}")
    else:
        values[:] = [bytes(v) for v in reader]
    return values


def load_segment(leaf: Any) -> SegmentArrays:
    """Read the columns of one segment reader into arrays."""
    schema = leaf.schema
    doc_count = leaf.doc_count_all()
    columns = {}
    for name in _NUMERIC_COLUMNS:
        column = schema[name].column_type
        columns[name] = read_numeric_column(
            leaf.column_reader(name, translate=False), column._typecode, doc_count, column._default
        )
    uids = read_fixed_column(leaf.column_reader("uid", translate=False), 16, doc_count)
    packed = read_bytes_column(leaf.column_reader("locations", translate=False), doc_count)
    counts = np.fromiter((len(blob) // LOCATION.size for blob in packed), np.int64, doc_count)
    records = np.frombuffer(b"".join(packed), dtype=_LOCATION_RECORD)
    return SegmentArrays(
        segment_id=leaf.segment().segment_id(),
        doc_count=doc_count,
        columns=columns,
        uids=uids,
        sort_names=read_bytes_column(leaf.column_reader("sort_name", translate=False), doc_count),
        loc_doc=np.repeat(np.arange(doc_count, dtype=np.int32), counts),
        loc_lat=records["lat"].astype(np.float64),
        loc_lon=records["lon"].astype(np.float64),
        loc_uid=records["uid"].copy(),
    )


def read_postings(leaf: Any, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and frequencies of ``term`` in one segment, deleted documents included:
    deletions change from one generation to the next while a segment's postings do not, so
    they are cached per segment and each snapshot drops its own deleted documents."""
    try:
        matcher = leaf.postings(fieldname, term)
    except TermNotFound:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        # Whoosh wraps a segment with deletions in a filter that steps one posting at a time.
        matcher = matcher.child
        matcher.reset()
    ids: list[Any] = []
    weights: list[Any] = []
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        # A block at a time (128 postings, 4,096 in rebuilt segments): the block holds
        # delta-encoded document numbers, decoded with one cumulative sum instead of Whoosh's
        # loop per posting.
        while matcher.is_active():
            matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)).astype(np.int32))
            if block_weights is None or isinstance(block_weights, float):
                value = 1.0 if block_weights is None else block_weights
                weights.append(np.full(len(deltas), value, dtype=np.float32))
            else:
                weights.append(np.asarray(block_weights, dtype=np.float32))
            matcher._next_block()
        if not ids:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(ids), np.concatenate(weights)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)


def segment_leaves(reader: Any) -> list[tuple[Any, int]]:
    """(segment reader, first document number) for each segment of an index.

    An index with no segments (built from an empty directory) reads as one Whoosh EmptyReader,
    which is not a segment and has no columns: it contributes nothing.
    """
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.segment() is not None]


class SegmentCache:
    """Per-process cache of segment arrays, keyed by segment id, shared by snapshots."""

    def __init__(self, max_segments: int = 64) -> None:
        self._segments: OrderedDict[str, SegmentArrays] = OrderedDict()
        self._max = max_segments
        self.lock = threading.Lock()

    def get(self, leaf: Any) -> SegmentArrays:
        segment_id = leaf.segment().segment_id()
        with self.lock:
            cached = self._segments.get(segment_id)
            if cached is not None:
                self._segments.move_to_end(segment_id)
                return cached
        arrays = load_segment(leaf)
        with self.lock:
            self._segments[segment_id] = arrays
            while len(self._segments) > self._max:
                self._segments.popitem(last=False)
        return arrays


# BM25F parameters per text field: weight and length normalisation. The name says most about
# what a service is; keywords are the service's own vocabulary names (types, needs, sectors).
FIELD_WEIGHTS = {"name": 3.0, "keywords": 0.5, "organisation": 0.5, "description": 1.0}
FIELD_B = {"name": 0.5, "keywords": 0.3, "organisation": 0.5, "description": 0.5}
_POSTINGS_CACHE = 50_000


class Snapshot:
    """One consistent view of the index: arrays over all documents of one generation."""

    def __init__(self, reader: Any, cache: SegmentCache, generation: int) -> None:
        self.generation = generation
        self._reader = reader
        self._lock = threading.Lock()
        leaves = segment_leaves(reader)
        self._leaves = [(leaf, offset, cache.get(leaf)) for leaf, offset in leaves]
        self.size = sum(arrays.doc_count for _l, _o, arrays in self._leaves)
        self.live = np.ones(self.size, dtype=bool)
        for leaf, offset, _arrays in self._leaves:
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
                self.live[offset + deleted] = False
        self.live_count = int(self.live.sum())
        parts = [arrays for _l, _o, arrays in self._leaves]
        schema = reader.schema
        self.columns: dict[str, np.ndarray] = {
            name: np.concatenate([p.columns[name] for p in parts])
            if parts
            else np.zeros(0, dtype=_DTYPES[schema[name].column_type._typecode])
            for name in _NUMERIC_COLUMNS
        }
        self.uids = np.concatenate([p.uids for p in parts]) if parts else np.zeros(0, "V16")
        self._sort_names = [name for p in parts for name in p.sort_names]
        self._name_rank: np.ndarray | None = None
        self._load_locations()
        self._load_norms()
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # Values derived from this generation (term scores, filter masks), dropped with it.
        self.derived: dict[object, object] = {}

    def close(self) -> None:
        with self._lock:
            self._reader.close()

    def _load_locations(self) -> None:
        docs, lats, lons, uids = [], [], [], []
        for _leaf, offset, arrays in self._leaves:
            docs.append(arrays.loc_doc.astype(np.int64) + offset)
            lats.append(arrays.loc_lat)
            lons.append(arrays.loc_lon)
            uids.append(arrays.loc_uid)
        self.loc_doc = np.concatenate(docs) if docs else np.zeros(0, np.int64)
        self.loc_lat = np.radians(np.concatenate(lats)) if lats else np.zeros(0)
        self.loc_lon = np.radians(np.concatenate(lons)) if lons else np.zeros(0)
        self.loc_uid = np.concatenate(uids) if uids else np.zeros(0, "V16")
        self.has_location = np.zeros(self.size, dtype=bool)
        self.has_location[self.loc_doc] = True

    def _load_norms(self) -> None:
        """Per field, the BM25 length normaliser of every document."""
        self.norms: dict[str, np.ndarray] = {}
        for name in TEXT_FIELDS:
            lengths = self.columns.get(f"{name}_length", np.zeros(self.size)).astype(np.float32)
            live_lengths = lengths[self.live]
            average = float(live_lengths.mean()) if live_lengths.size else 1.0
            b = FIELD_B[name]
            self.norms[name] = (1.0 - b) + b * lengths / max(average, 1.0)

    def name_rank(self) -> np.ndarray:
        """Each document's position in name order (computed on first use)."""
        if self._name_rank is None:
            order = sorted(range(self.size), key=self._sort_names.__getitem__)
            rank = np.empty(self.size, dtype=np.int64)
            rank[np.asarray(order, dtype=np.int64)] = np.arange(self.size)
            self._name_rank = rank
        return self._name_rank

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Live global document numbers and term frequencies of ``term`` in ``fieldname``."""
        key = (fieldname, term)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
            ids, freqs = [], []
            for leaf, offset, arrays in self._leaves:
                segment_postings = arrays.postings.get(key)
                if segment_postings is None:
                    segment_postings = read_postings(leaf, fieldname, term)
                    arrays.postings[key] = segment_postings
                ids.append(segment_postings[0].astype(np.int64) + offset)
                freqs.append(segment_postings[1])
            all_ids = np.concatenate(ids) if ids else np.zeros(0, np.int64)
            all_freqs = np.concatenate(freqs) if freqs else np.zeros(0, np.float32)
            keep = self.live[all_ids]
            found = (all_ids[keep], all_freqs[keep])
            self._postings[key] = found
            if len(self._postings) > _POSTINGS_CACHE:
                self._postings.popitem(last=False)
            return found

    def stored_id(self, docnum: int) -> str:
        return str(self._reader.stored_fields(docnum)["id"])
