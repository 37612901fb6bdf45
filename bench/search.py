"""Search benchmark: index build rate, the five query types against the FTS5 anchor, memory.

    python -m bench.search var/bench-20k.sqlite3 --queries 200

Prints one table per run: p50 and p95 in milliseconds for our engine and for SQLite FTS5 with
SQL filters on the same corpus, and the ratio of the p95s. The corpus comes from
``bench/corpus.py``. Each query returns the top 20, the exact total and, for (c), facet counts.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import fts5
from directory.db import make_engine, make_sessionmaker
from directory.localoffer import load_config
from directory.models import Location
from directory.search import PostcodePoint, SearchIndex, SearchQuery, rebuild
from directory.search.analysis import words
from directory.settings import default_config_path

NEEDS = ["ASD", "SLCN", "SEMH", "MLD", "SLD", "PD", "HI", "VI", "SPLD", "PMLD"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def query_inputs(engine: Any, n: int, seed: int) -> list[dict[str, Any]]:
    r = random.Random(seed)
    with make_sessionmaker(engine)() as session:
        points = session.execute(select(Location.latitude, Location.longitude).limit(2000)).all()
    vocab = [w for w in words(" ".join(fts5_sentences())) if len(w) > 4]
    return [
        {
            "word": r.choice(vocab),
            "words": f"{r.choice(vocab)} {r.choice(vocab)}",
            "need": r.choice(NEEDS),
            "age": r.randint(0, 19),
            "point": r.choice(points),
        }
        for _ in range(n)
    ]


def fts5_sentences() -> list[str]:
    from bench.corpus import demo_services, sentence_pool

    return sentence_pool(demo_services())[:400]


def ours(index: SearchIndex, kind: str, q: dict[str, Any]) -> SearchQuery:
    age = Decimal(q["age"])
    if kind == "a":
        return SearchQuery(text=q["word"])
    if kind in ("b", "c"):
        return SearchQuery(text=q["words"], need=(q["need"],), min_age=age, max_age=age)
    if kind == "d":
        return SearchQuery(need=(q["need"],), min_age=age, max_age=age, sort="name")
    return SearchQuery(
        need=(q["need"],),
        min_age=age,
        max_age=age,
        postcode="BENCH",
        radius_km=5.0,
        sort="distance",
    )


def run_ours(index: SearchIndex, kind: str, q: dict[str, Any]) -> int:
    lat, lon = q["point"]
    point = PostcodePoint("BENCH", "BN", lat, lon, "unit")
    result = index.search(ours(index, kind, q), lambda _pc: point)
    # (a), (b), (d), (e) return facets too (our API always does); (c) is the faceted case.
    return result.total


def run_anchor(anchor: fts5.Anchor, kind: str, q: dict[str, Any]) -> int:
    text = {"a": q["word"], "b": q["words"], "c": q["words"]}.get(kind)
    need = None if kind == "a" else q["need"]
    age = None if kind == "a" else q["age"]
    point = q["point"] if kind == "e" else None
    _ids, total, _facets = anchor.search(
        text, need, age, point, 5.0 if point else None, "distance" if point else "name", kind == "c"
    )
    return total


def update_latency(engine: Any, config: Any, work: Path, index: SearchIndex) -> float:
    """Milliseconds from starting an update's commit until the serving index finds the change."""
    from directory.models import Service, utcnow
    from directory.search import update

    with make_sessionmaker(engine)() as session:
        service = session.scalars(select(Service).limit(1)).one()
        service.name = "Zyxwvut renamed service"
        service.last_modified = utcnow()
        session.flush()
        started = time.perf_counter()
        update(session, config, work / "index", [service.id])
        while index.search(SearchQuery(text="zyxwvut")).total == 0:
            time.sleep(0.005)
        elapsed = (time.perf_counter() - started) * 1000
        session.rollback()
    return elapsed


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn(*args)
    return (time.perf_counter() - started) * 1000, value


def build(engine: Any, config: Any, work: Path) -> None:
    """Our index and the FTS5 anchor from the same rows, each timed."""
    with make_sessionmaker(engine)() as session:
        started, cpu = time.perf_counter(), time.process_time()
        report = rebuild(session, config, work / "index")
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"corpus {report.documents} services; index build {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"= {report.documents / wall:.0f} services/s ({report.documents / cpu:.0f}/s of CPU)"
    )
    anchor_ms, _n = timed(fts5.build, engine, config, work / "fts5.sqlite3")
    print(f"FTS5 anchor build {anchor_ms / 1000:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database", help="SQLite file made by bench.corpus")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the index and the anchor in this folder, and reuse them if already there "
        "(queries only; the build figures are then not measured)",
    )
    args = parser.parse_args()
    config = load_config(default_config_path())
    engine = make_engine(f"sqlite:///{Path(args.database).resolve()}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        if not (work / "fts5.sqlite3").exists():
            build(engine, config, work)
        index = SearchIndex(work / "index", config)
        open_ms, _ctx = timed(index.context)
        print(f"open index {open_ms:.0f} ms")
        anchor = fts5.Anchor(work / "fts5.sqlite3")
        inputs = query_inputs(engine, args.queries, args.seed)
        print("| type | ours p50 | ours p95 | FTS5 p50 | FTS5 p95 | p95 ratio | mean hits |")
        print("|---|---|---|---|---|---|---|")
        for kind in "abcde":
            for q in inputs[:10]:  # warm the caches, as a serving process is
                run_ours(index, kind, q)
            ours_ms, anchor_ms_list, hits = [], [], []
            for q in inputs:
                ms, total = timed(run_ours, index, kind, q)
                ours_ms.append(ms)
                hits.append(total)
                anchor_ms_list.append(timed(run_anchor, anchor, kind, q)[0])
            o50, o95 = percentiles(ours_ms)
            a50, a95 = percentiles(anchor_ms_list)
            print(
                f"| {kind} | {o50:.1f} | {o95:.1f} | {a50:.1f} | {a95:.1f} | "
                f"{o95 / a95:.2f} | {statistics.mean(hits):.0f} |"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process {rss:.0f} MB")
        latency = update_latency(engine, config, work, index)
        print(f"one changed service searchable after {latency:.0f} ms")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
