"""The anchor: SQLite FTS5 with SQL filters, facets and distance, over the same corpus.

Built from the same database rows as our index, answering the same five query types with the
same outputs (top 20 ids, exact total, facet counts for the same nine filters).
"""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from directory.db import make_sessionmaker
from directory.localoffer import AuthorityConfig
from directory.search.documents import MaskBuilder, load_documents, published_ids

FACET_COLUMNS = (
    "needs",
    "sectors",
    "priorities",
    "service_types",
    "cost",
    "delivery",
    "referral",
    "accessibility",
    "days",
)
SCHEMA = """
CREATE TABLE svc (rowid INTEGER PRIMARY KEY, uid TEXT, name TEXT, organisation TEXT,
  keywords TEXT, description TEXT, min_age REAL, max_age REAL, name_sort TEXT);
CREATE VIRTUAL TABLE svc_fts USING fts5(name, organisation, keywords, description,
  content='svc', content_rowid='rowid', tokenize='porter unicode61');
CREATE TABLE svc_code (rowid INTEGER, kind TEXT, code TEXT);
CREATE TABLE svc_loc (rowid INTEGER, lat REAL, lon REAL);
"""
INDEXES = """
CREATE INDEX svc_code_kind ON svc_code (kind, code, rowid);
CREATE INDEX svc_code_row ON svc_code (rowid, kind, code);
CREATE INDEX svc_age ON svc (min_age, max_age);
CREATE INDEX svc_name ON svc (name_sort);
CREATE INDEX svc_loc_lat ON svc_loc (lat, lon);
CREATE INDEX svc_loc_row ON svc_loc (rowid);
"""


def build(engine: Engine, config: AuthorityConfig, path: Path) -> int:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    masks = MaskBuilder(config)
    with make_sessionmaker(engine)() as session:
        ids = published_ids(session)
        for rowid, doc in enumerate(load_documents(session, config, ids), start=1):
            db.execute(
                "INSERT INTO svc VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    rowid,
                    str(doc.service_id),
                    doc.name,
                    doc.organisation,
                    doc.keywords,
                    doc.description,
                    float(doc.min_age) if doc.min_age is not None else None,
                    float(doc.max_age) if doc.max_age is not None else None,
                    doc.name.casefold(),
                ),
            )
            db.executemany(
                "INSERT INTO svc_code VALUES (?,?,?)",
                [
                    (rowid, column, code)
                    for column in FACET_COLUMNS
                    for code in masks.codes(column, doc.masks.get(column, 0))
                ],
            )
            db.executemany(
                "INSERT INTO svc_loc VALUES (?,?,?)",
                [(rowid, lat, lon) for _id, lat, lon in doc.locations],
            )
    db.execute("INSERT INTO svc_fts(svc_fts) VALUES ('rebuild')")
    db.executescript(INDEXES)
    db.commit()
    db.close()
    return len(ids)


class Anchor:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.create_function("dist", 4, _haversine, deterministic=True)

    def search(
        self,
        text: str | None,
        need: str | None,
        age: int | None,
        point: tuple[float, float] | None,
        radius_km: float | None,
        sort: str,
        with_facets: bool,
    ) -> tuple[list[str], int, dict[str, Any]]:
        where, params = ["1"], []
        source = "svc"
        order = "svc.name_sort"
        if text:
            source = "svc JOIN svc_fts ON svc_fts.rowid = svc.rowid"
            where.append("svc_fts MATCH ?")
            params.append(" ".join(f'"{w}"' for w in text.split()))
            order = "bm25(svc_fts, 3.0, 1.0, 1.5, 1.0)"
        if need:
            where.append(
                "svc.rowid IN (SELECT rowid FROM svc_code WHERE kind='needs' "
                "AND code IN (?, 'ALL'))"
            )
            params.append(need)
        if age is not None:
            where.append(
                "(svc.min_age IS NULL OR svc.min_age <= ?) AND "
                "(svc.max_age IS NULL OR svc.max_age >= ?)"
            )
            params += [age, age]
        distance = ""
        if point is not None and radius_km is not None:
            dlat, dlon = radius_km / 111.0, radius_km / (111.0 * math.cos(math.radians(point[0])))
            distance = (
                ", (SELECT min(dist(?, ?, l.lat, l.lon)) FROM svc_loc l"
                " WHERE l.rowid = svc.rowid) AS km"
            )
            where.append(
                "svc.rowid IN (SELECT rowid FROM svc_loc WHERE lat BETWEEN ? AND ? "
                "AND lon BETWEEN ? AND ? AND dist(?, ?, lat, lon) <= ?)"
            )
            params += [
                point[0] - dlat,
                point[0] + dlat,
                point[1] - dlon,
                point[1] + dlon,
                point[0],
                point[1],
                radius_km,
            ]
            order = "km"
        clause = " AND ".join(where)
        head_params = [point[0], point[1]] if distance and point else []
        rows = self.db.execute(
            f"SELECT svc.uid {distance} FROM {source} WHERE {clause} ORDER BY {order}, "
            "svc.name_sort LIMIT 20",
            head_params + params,
        ).fetchall()
        total = self.db.execute(f"SELECT count(*) FROM {source} WHERE {clause}", params).fetchone()[
            0
        ]
        facets: dict[str, Any] = {}
        if with_facets:
            for row in self.db.execute(
                f"SELECT c.kind, c.code, count(*) FROM svc_code c WHERE c.rowid IN "
                f"(SELECT svc.rowid FROM {source} WHERE {clause}) GROUP BY c.kind, c.code",
                params,
            ):
                facets.setdefault(row[0], {})[row[1]] = row[2]
        return [r[0] for r in rows], total, facets


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
