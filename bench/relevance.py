"""Relevance on the Barnet demo: nDCG@10 and recall@10 for the judged queries.

    python -m bench.relevance

Loads the bundled demo into a fresh embedded database, builds the index and runs every query in
``tests/relevance/judgments.toml`` through our search and through a plain BM25 baseline (SQLite
FTS5 over name and description, any query word, the same hard filters), printing per-query
figures and the means.
"""

from __future__ import annotations

import math
import re
import sqlite3
import statistics
import tempfile
import tomllib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.localoffer import AuthorityConfig, load_config
from directory.models import (
    Attribute,
    Location,
    Provenance,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.search import SearchIndex, SearchQuery
from directory.search.documents import age_to_column
from directory.search.locate import postcode_locator
from directory.settings import Settings

JUDGMENTS = Path(__file__).resolve().parents[1] / "tests" / "relevance" / "judgments.toml"
K = 10


@dataclass(frozen=True)
class Judged:
    text: str
    age: int | None
    need: str | None
    postcode: str | None
    radius_km: float | None
    grades: dict[str, int]


def judged_queries(path: Path = JUDGMENTS) -> list[Judged]:
    """The judged queries, with the grades of the provider-spreadsheet services merged in."""
    data = tomllib.loads(path.read_text("utf-8"))
    extra_path = path.with_name("judgments_providers.toml")
    if extra_path.exists():
        extra = {
            q["text"]: q.get("grades", {})
            for q in tomllib.loads(extra_path.read_text("utf-8"))["query"]
        }
        for query in data["query"]:
            query["grades"].update(extra.get(query["text"], {}))
    return [
        Judged(
            text=q["text"],
            age=q.get("age"),
            need=q.get("need"),
            postcode=q.get("postcode"),
            radius_km=q["radius_m"] / 1000 if "radius_m" in q else None,
            grades={k: int(v) for k, v in q["grades"].items()},
        )
        for q in data["query"]
    ]


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:K]))


def ndcg(ranked: list[str], grades: dict[str, int]) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(r, 0) for r in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], grades: dict[str, int]) -> float:
    relevant = {k for k, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else 0.0


def source_ids(session: Session) -> dict[uuid.UUID, str]:
    rows = session.execute(
        select(Provenance.entity_id, Provenance.source_id).where(
            Provenance.entity_type == "service"
        )
    )
    return {entity_id: source_id for entity_id, source_id in rows}  # noqa: C416


def ours(index: SearchIndex, session: Session, judged: Judged) -> list[str]:
    ids = source_ids(session)
    age = Decimal(judged.age) if judged.age is not None else None
    result = index.search(
        SearchQuery(
            text=judged.text,
            min_age=age,
            max_age=age,
            need=(judged.need,) if judged.need else (),
            postcode=judged.postcode,
            radius_km=judged.radius_km,
            per_page=K,
        ),
        postcode_locator(session),
    )
    return [ids.get(h.service_id, str(h.service_id)) for h in result.hits]


class Baseline:
    """Plain BM25: FTS5 over name and description, OR of the words, hard filters in SQL."""

    def __init__(self, session: Session, config: AuthorityConfig) -> None:
        self.session = session
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE t USING fts5(sid UNINDEXED, name, body, "
            "tokenize='porter unicode61')"
        )
        self.rows: dict[str, dict[str, Any]] = {}
        ids = source_ids(session)
        for service in session.scalars(select(Service).where(Service.status == "active")):
            sid = ids.get(service.id, str(service.id))
            self.db.execute(
                "INSERT INTO t VALUES (?,?,?)", (sid, service.name, service.description_text)
            )
            self.rows[sid] = {
                "min": age_to_column(service.minimum_age, 0),
                "max": age_to_column(service.maximum_age, 65535),
                "needs": set(
                    session.scalars(
                        select(TaxonomyTerm.code)
                        .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
                        .where(
                            Attribute.link_id == service.id,
                            Attribute.link_type == "send-need",
                        )
                    )
                ),
                "points": [
                    (loc.latitude, loc.longitude)
                    for loc in session.scalars(
                        select(Location)
                        .join(ServiceAtLocation)
                        .where(ServiceAtLocation.service_id == service.id)
                    )
                    if loc.latitude is not None and loc.longitude is not None
                ],
            }

    def search(self, judged: Judged) -> list[str]:
        words = re.findall(r"\w+", judged.text.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        ranked = [
            r[0]
            for r in self.db.execute(
                "SELECT sid FROM t WHERE t MATCH ? ORDER BY bm25(t, 0, 2.0, 1.0)", (match,)
            )
        ]
        return [sid for sid in ranked if self._passes(sid, judged)][:K]

    def _passes(self, sid: str, judged: Judged) -> bool:
        row = self.rows[sid]
        if judged.age is not None and not (row["min"] <= judged.age * 100 <= row["max"]):
            return False
        if judged.need and not ({judged.need, "ALL"} & row["needs"]):
            return False
        if judged.postcode and judged.radius_km and row["points"]:
            point = postcode_locator(self.session)(judged.postcode)
            return any(
                _km(point.latitude, point.longitude, lat, lon) <= judged.radius_km
                for lat, lon in row["points"]
            )
        return True


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from geopy.distance import geodesic

    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def evaluate(index: SearchIndex, session: Session, config: AuthorityConfig) -> dict[str, float]:
    baseline = Baseline(session, config)
    ours_ndcg, ours_recall, base_ndcg, base_recall = [], [], [], []
    for judged in judged_queries():
        mine = ours(index, session, judged)
        theirs = baseline.search(judged)
        ours_ndcg.append(ndcg(mine, judged.grades))
        ours_recall.append(recall(mine, judged.grades))
        base_ndcg.append(ndcg(theirs, judged.grades))
        base_recall.append(recall(theirs, judged.grades))
        print(f"{ours_ndcg[-1]:.2f} {base_ndcg[-1]:.2f}  {judged.text}")
    return {
        "ndcg": statistics.mean(ours_ndcg),
        "recall": statistics.mean(ours_recall),
        "baseline_ndcg": statistics.mean(base_ndcg),
        "baseline_recall": statistics.mean(base_recall),
    }


def load_judged_collection(folder: Path) -> Settings:
    """A fresh embedded database and index holding the judged demo services.

    The judgments grade the services of the demo's ORUK feed and provider spreadsheet; the demo's
    register extracts (schools, GP practices) were added later and are not graded, so they are
    left out here rather than counted as irrelevant.
    """
    from directory import migrations
    from directory.cli.importing import after_commit, import_file
    from directory.db import make_engine, make_sessionmaker
    from directory.demo import DEMO_PROVIDERS_FILE, DEMO_SERVICES_FILE, demo_folder
    from directory.importers import postcodes
    from directory.vocab import sync_vocabularies

    settings = Settings(LOCAL_OFFER_DATA_DIR=folder)
    engine = make_engine(settings.database_url)
    migrations.upgrade(engine)
    plan = [
        (postcodes.BUNDLED, "postcodes", "bundled-postcodes"),
        (str(demo_folder() / DEMO_SERVICES_FILE), "oruk", "demo:barnet_services"),
        (str(demo_folder() / DEMO_PROVIDERS_FILE), "provider-csv", "demo:barnet_providers"),
    ]
    with make_sessionmaker(engine)() as session:
        sync_vocabularies(session)
        for location, format_name, source in plan:
            report = import_file(settings, session, format_name, location, source=source)
            if report.exit_code == 2:
                raise SystemExit(f"{location} did not load: {report.failure}")
        session.commit()
    engine.dispose()
    after_commit(settings, rebuild_index=True)
    return settings


def main() -> None:
    from directory.db import make_engine, make_sessionmaker

    with tempfile.TemporaryDirectory() as folder:
        settings = load_judged_collection(Path(folder))
        config = load_config(settings.config_path)
        engine = make_engine(settings.database_url)
        index = SearchIndex(settings.index_dir, config)
        with make_sessionmaker(engine)() as session:
            figures = evaluate(index, session, config)
        index.close()
        engine.dispose()
    print(f"ours:     nDCG@10 {figures['ndcg']:.3f}  recall@10 {figures['recall']:.3f}")
    print(
        f"baseline: nDCG@10 {figures['baseline_ndcg']:.3f}  "
        f"recall@10 {figures['baseline_recall']:.3f}"
    )


if __name__ == "__main__":
    main()
