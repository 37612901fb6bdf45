"""Server time and page weight of the results page (``/services``), at Barnet scale.

    .venv/bin/python -m bench.results_page [--services 3000] [--rounds 10]

Builds (once, kept in ``bench/out/``) a migrated SQLite database with ``--services`` services
from ``bench/corpus.py`` plus the bundled postcodes, and its search index. Then times
in-process GETs of the results page through the whole app (middleware, parameter reading, the
search, the listings, the template, the search-log write) for the API load test's query mix
(``bench/load.py``: words, ages, needs, filters, postcodes, spelling, later pages), each URL
``--rounds`` times in a shuffled order, and of two searches that find nothing (their page runs
one more search per part of the search, to offer wider ones with their counts). Anchors
measured in the same run: ``/brand.css`` (the app with no database and no template) and
``/api/v1/services`` for the same queries (the same search and listings rendered as JSON).
Page weight adds up the HTML, CSS and JavaScript a browser fetches for a results page (there
are no fonts or images), raw and as sent (static files gzip-compressed; pages are sent
uncompressed).
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import statistics
import time
from pathlib import Path

from starlette.testclient import TestClient

from bench.corpus import generate
from bench.load import QUERIES
from directory.cli.importing import import_file
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.importers import postcodes
from directory.localoffer import load_config
from directory.search import rebuild
from directory.settings import Settings
from directory.web.app import create_app

OUT = Path(__file__).parent / "out"
HTML = {"Accept": "text/html"}
NO_RESULTS = [
    "/services?q=hydrotherapy&cost=paid&postcode=N3+1AB&radius_km=3.22",
    "/services?q=zzyzx+qwv&need=ASD&age=4&sector=health",
]


def prepare(size: int) -> Settings:
    folder = OUT / f"results-{size}"
    database = folder / "local-offer.sqlite3"
    settings = Settings(
        DATABASE_URL=f"sqlite:///{database}",
        LOCAL_OFFER_DATA_DIR=folder,
        LOCAL_OFFER_SECRET_KEY="bench",
        LOCAL_OFFER_LOG_LEVEL="WARNING",
    )
    if (folder / "index" / "CURRENT").exists():
        return settings
    folder.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    engine = make_engine(settings.database_url)
    generate(engine, size)
    with session_scope(make_sessionmaker(engine)) as session:
        import_file(settings, session, "postcodes", postcodes.BUNDLED, source="bundled-postcodes")
    with session_scope(make_sessionmaker(engine)) as session:
        rebuild(session, load_config(settings.config_path), settings.index_dir)
    engine.dispose()
    print(f"built {size} services, postcodes and index in {time.perf_counter() - started:.1f} s")
    return settings


def timed(client: TestClient, urls: list[str], headers: dict[str, str]) -> list[float]:
    result = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url, headers=headers, follow_redirects=False)
        result.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return result


def summary(name: str, ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1]
    return f"{name:<22} n={len(ms):<5} p50={statistics.median(ms):6.2f} ms  p95={p95:6.2f} ms"


def page_weight(client: TestClient, url: str) -> tuple[int, int, int]:
    """(HTML bytes, everything raw, everything as sent) for one page and its assets."""
    page = client.get(url, headers=HTML)
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', page.text)
    raw = sent = len(page.content)
    for asset in assets:
        response = client.get(asset.replace("&amp;", "&"))
        assert response.status_code == 200, asset
        body = response.content
        raw += len(body)
        sent += len(gzip.compress(body)) if len(body) >= 500 else len(body)
    return len(page.content), raw, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    settings = prepare(args.services)
    urls = [f"/services?{q}" for q in QUERIES for _ in range(args.rounds)]
    random.Random(7).shuffle(urls)
    with TestClient(create_app(settings)) as client:
        timed(client, [f"/services?{q}" for q in QUERIES], HTML)  # warm: postings, templates
        timed(client, [f"/api/v1/services?{q}" for q in QUERIES], {})
        page_ms = timed(client, urls, HTML)
        api_ms = timed(client, [u.replace("/services", "/api/v1/services") for u in urls], {})
        anchor_ms = timed(client, ["/brand.css"] * len(urls), {})
        # An empty result also counts the searches that widen it, one per part of the search.
        empty_ms = timed(client, NO_RESULTS * (args.rounds * 4), HTML)
        weights = {
            name: page_weight(client, url)
            for name, url in (
                ("all services", "/services"),
                ("words, need, postcode", "/services?q=autism&need=ASD&postcode=N3+1AB"),
                ("no results", "/services?q=hydrotherapy&cost=paid&postcode=N3+1AB"),
            )
        }
    print(summary("results page", page_ms))
    print(summary("API, same queries", api_ms))
    print(summary("anchor /brand.css", anchor_ms))
    print(summary("no-results pages", empty_ms))
    ratio = statistics.median(page_ms) / statistics.median(api_ms)
    print(f"results page / API (median): {ratio:.2f}x")
    for name, (html, raw, sent) in weights.items():
        print(
            f"weight, {name}: HTML {html / 1024:.1f} KB; with CSS and JS {raw / 1024:.1f} KB raw, "
            f"{sent / 1024:.1f} KB as sent (no fonts)"
        )


if __name__ == "__main__":
    main()
