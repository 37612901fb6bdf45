"""Ids for the rows an import creates: UUID version 7, increasing within a process.

``uuid4`` costs about 14 microseconds (it reads the system's random source each time) and
scatters inserts over every index page; a 20,000-service import makes 300,000 child rows.
Version 7 ids start from the current time in milliseconds and a random tail, then count up:
valid RFC 9562 UUIDs, about ten times cheaper, and inserted in index order.
"""

from __future__ import annotations

import itertools
import secrets
import time
import uuid

_VERSION_7 = 0x7 << 76
_VARIANT = 0b10 << 62


def _base() -> int:
    millis = time.time_ns() // 1_000_000
    # 12 random bits after the version, and a 61-bit random start for the counter, which
    # leaves 2**61 ids before the counter could reach the variant bits.
    return (
        (millis << 80) | _VERSION_7 | (secrets.randbits(12) << 64) | _VARIANT | secrets.randbits(61)
    )


_START = _base()
_COUNTER = itertools.count()


def new_id() -> uuid.UUID:
    return uuid.UUID(int=_START + next(_COUNTER))
