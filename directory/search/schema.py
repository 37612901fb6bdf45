"""The Whoosh schema: four analysed text fields and per-document columns.

Everything a query filters, facets, sorts or measures distance on is a column (one value per
document, no postings), because Whoosh's numeric and keyword postings are slow to write and to
filter on. Multi-valued vocabularies are bit masks: bit ``i`` is the ``i``-th term of the
vocabulary (its position in ``vocabularies.toml``), or the ``i``-th priority of the authority
configuration. Changing either order needs ``local-offer index rebuild``.
"""

from __future__ import annotations

import struct
from typing import Any

from whoosh import columns, fields

from directory.search.analysis import analyzer

TEXT_FIELDS = ("name", "organisation", "keywords", "description")

# name, vocabulary key (None: authority priorities), numeric column typecode
MASK_COLUMNS: tuple[tuple[str, str | None, str], ...] = (
    ("needs", "send-need", "Q"),
    ("sectors", "sector", "B"),
    ("service_types", "service-type", "Q"),
    ("priorities", None, "Q"),
    ("cost", "cost-state", "B"),
    ("delivery", "delivery-method", "B"),
    ("referral", "referral-route", "B"),
    ("accessibility", "accessibility-feature", "Q"),
    ("days", None, "B"),
)
# Ages in hundredths of a year; open ends are stored as these sentinels.
AGE_OPEN_LOW = 0
AGE_OPEN_HIGH = 65535
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# One location: 16-byte UUID, latitude and longitude as little-endian 64-bit floats.
LOCATION = struct.Struct("<16sdd")


def build_schema() -> Any:
    text = {name: fields.TEXT(analyzer=analyzer(), phrase=False) for name in TEXT_FIELDS}
    masks = {
        name: fields.COLUMN(columns.NumericColumn(code, default=0))
        for name, _vocab, code in MASK_COLUMNS
    }
    lengths = {
        f"{name}_length": fields.COLUMN(columns.NumericColumn("H", default=0))
        for name in TEXT_FIELDS
    }
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        uid=fields.COLUMN(columns.FixedBytesColumn(16)),
        # The service's last_modified (microseconds since 1970) when it was indexed.
        modified=fields.COLUMN(columns.NumericColumn("q", default=0)),
        min_age=fields.COLUMN(columns.NumericColumn("H", default=AGE_OPEN_LOW)),
        max_age=fields.COLUMN(columns.NumericColumn("H", default=AGE_OPEN_HIGH)),
        locations=fields.COLUMN(columns.VarBytesColumn()),
        sort_name=fields.COLUMN(columns.VarBytesColumn()),
        **text,
        **masks,
        **lengths,
    )
