"""Filters as boolean masks, and facet counts that reflect every other active filter.

A facet's counts answer "how many would I get if I chose this value too?": they are counted
over the documents that pass the text, the distance and every filter except the facet's own
(disjunctive faceting), because values of one filter are alternatives.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from directory.errors import BadRequest
from directory.search.documents import MaskBuilder
from directory.search.query import FILTERS, Facet, FacetValue, SearchQuery
from directory.search.schema import DAYS
from directory.vocab import vocabulary

if TYPE_CHECKING:
    from directory.search.engine import Context
    from directory.search.snapshot import Snapshot

# Query parameter -> index column
COLUMN_OF = {
    "need": "needs",
    "sector": "sectors",
    "priority": "priorities",
    "service_type": "service_types",
    "cost": "cost",
    "delivery": "delivery",
    "day": "days",
    "referral": "referral",
    "accessibility": "accessibility",
}
DAY_NAMES = dict(
    zip(
        DAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)


def broad_areas() -> dict[str, tuple[str, ...]]:
    """Broad-area code -> the need codes under it."""
    areas: dict[str, list[str]] = {t.code: [] for t in vocabulary("broad-area").terms}
    for term in vocabulary("send-need").terms:
        area = str(term.data.get("area", ""))
        if area in areas:
            areas[area].append(term.code)
    return {area: tuple(codes) for area, codes in areas.items()}


def need_bits(masks: MaskBuilder, codes: Iterable[str], include_all: bool = True) -> int:
    """Bits for need codes or broad areas; services for all needs match any need."""
    areas = broad_areas()
    expanded = [need for code in codes for need in areas.get(code, (code,))]
    bits = masks.mask("needs", expanded)
    if bits and include_all:
        bits |= masks.mask("needs", ["ALL"])
    return bits


def valid_codes(name: str, masks: MaskBuilder) -> set[str]:
    codes = set(masks.bits[COLUMN_OF[name]])
    if name == "need":
        codes |= set(broad_areas())
    return codes


def filter_masks(
    snapshot: Snapshot, masks: MaskBuilder, query: SearchQuery
) -> dict[str, np.ndarray]:
    """One mask per active filter parameter; unknown codes are a 400 naming the parameter."""
    result = {}
    for name in FILTERS:
        codes = query.filter_codes(name)
        if not codes:
            continue
        unknown = sorted(set(codes) - valid_codes(name, masks))
        if unknown:
            raise BadRequest(
                f"unknown {name} {', '.join(unknown)}; "
                f"use one of {', '.join(sorted(valid_codes(name, masks)))}",
                parameter=name,
            )
        column = snapshot.columns[COLUMN_OF[name]]
        bits = need_bits(masks, codes) if name == "need" else masks.mask(COLUMN_OF[name], codes)
        result[name] = (column & column.dtype.type(bits)) != 0
    return result


def facets(
    snapshot: Snapshot,
    context: Context,
    query: SearchQuery,
    masks: dict[str, np.ndarray],
    base: np.ndarray,
) -> tuple[Facet, ...]:
    result = []
    # A facet counts over every filter but its own, so facets of inactive filters share one
    # scope: at most one scope per active filter, plus one.
    scopes: dict[str | None, np.ndarray] = {}
    for name in FILTERS:
        key = name if name in masks else None
        if key not in scopes:
            scope = base.copy()
            for other, mask in masks.items():
                if other != key:
                    scope &= mask
            scopes[key] = np.flatnonzero(scope)
        column = snapshot.columns[COLUMN_OF[name]][scopes[key]]
        counts = _bit_counts(column)
        selected = set(query.filter_codes(name))
        values = []
        all_bit = context.masks.mask("needs", ["ALL"]) if name == "need" else 0
        for code, bit in context.masks.bits[COLUMN_OF[name]].items():
            if all_bit and code != "ALL":
                # A service for all needs is found by every need, so it counts in each.
                count = int(np.count_nonzero(column & column.dtype.type(bit | all_bit)))
            else:
                count = int(counts[bit.bit_length() - 1])
            values.append(FacetValue(code, _label(context, name, code), count, code in selected))
        result.append(Facet(name, _facet_label(name), tuple(values)))
    return tuple(result)


@cache
def _bits_of_16() -> np.ndarray:
    """(65536, 16) matrix: row v holds the bits of the 16-bit value v."""
    values = np.arange(1 << 16, dtype=np.uint32)
    return ((values[:, None] >> np.arange(16, dtype=np.uint32)) & 1).astype(np.int64)


def _bit_counts(column: np.ndarray) -> np.ndarray:
    """How many values have each of the 64 bits set: a histogram per 16-bit slice."""
    counts = np.zeros(64, dtype=np.int64)
    if not column.size:
        return counts
    wide = column.astype(np.uint64)
    used = int(np.bitwise_or.reduce(wide)).bit_length()
    for start in range(0, used, 16):
        chunk = ((wide >> np.uint64(start)) & np.uint64(0xFFFF)).astype(np.int64)
        histogram = np.bincount(chunk)
        present = np.flatnonzero(histogram)  # the few distinct values that occur
        counts[start : start + 16] = histogram[present] @ _bits_of_16()[present]
    return counts


def _facet_label(name: str) -> str:
    key = FILTERS[name]
    if key is None:
        return "Strategic priority"
    if key == "days":
        return "Day of the week"
    return vocabulary(key).name


def _label(context: Context, name: str, code: str) -> str:
    key = FILTERS[name]
    if key is None:
        return context.config.priority(code).label
    if key == "days":
        return DAY_NAMES[code]
    return vocabulary(key)[code].name
