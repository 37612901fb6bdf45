"""Import throughput for ORUK 3.0 JSON: services per second and peak memory.

Each backend runs in a fresh process (so peak memory is its own) on a fresh database that already
holds the shipped postcodes: a first import of N generated services (all new), then the same file
again (all unchanged), each as ``local-offer import`` does it: timed from bytes to commit with
the tagging engine run on what was loaded, then the search index brought up to date (built by
the first import, synced by the second), timed apart.

    python bench/import_throughput.py --size 20000
    python bench/import_throughput.py --size 20000 --database-url postgresql://postgres@127.0.0.1/lo_bench
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate_services import generate
from directory import migrations, search
from directory.cli.importing import post_load_steps
from directory.db import make_engine, make_sessionmaker
from directory.importers.pipeline import ImportRequest, run_import
from directory.localoffer import load_config
from directory.search.lifecycle import current_generation
from directory.settings import Settings, normalise_database_url
from directory.vocab import sync_vocabularies


def fresh_database(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    migrations.upgrade(engine)
    with make_sessionmaker(engine)() as session:
        sync_vocabularies(session)
        run_import(session, ImportRequest("postcodes", "bundled"))
        session.commit()
    engine.dispose()


def timed_import(
    settings: Settings, path: Path, source: str
) -> tuple[float, float, float, dict[str, int]]:
    """Wall and CPU seconds of one import with tagging, bytes to commit (CPU: this process
    only), and wall seconds of the index update after it."""
    engine = make_engine(settings.database_url)
    start, cpu = time.perf_counter(), time.process_time()
    with make_sessionmaker(engine)() as session:
        request = ImportRequest("oruk", str(path), source=source)
        report = run_import(session, request, post_load=post_load_steps(settings))
        session.commit()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    config = load_config(settings.config_path)
    start = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        if current_generation(settings.index_dir) is None:
            search.rebuild(session, config, settings.index_dir)
        else:
            search.sync(session, config, settings.index_dir)
    indexing = time.perf_counter() - start
    engine.dispose()
    assert report.exit_code == 0, report.lines()[:5]
    return elapsed, cpu, indexing, report.counts


def one_backend(url: str, size: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "services.json"
        path.write_text(json.dumps(generate(size)), encoding="utf-8")
        url = url or f"sqlite:///{folder}/bench.sqlite3"
        fresh_database(url)
        # Every path set here, so a developer's .env never points the bench at a real index.
        settings = Settings(
            LOCAL_OFFER_DATA_DIR=Path(folder),
            DATABASE_URL=url,
            LOCAL_OFFER_INDEX_DIR=Path(folder) / "index",
        )
        first, first_cpu, first_index, counts = timed_import(settings, path, "bench")
        again, again_cpu, again_index, counts_again = timed_import(settings, path, "bench")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "backend": url.split(":")[0].split("+")[0],
        "services": size,
        "first_s": round(first, 2),
        "first_per_s": round(size / first),
        "first_cpu_s": round(first_cpu, 2),
        "first_index_s": round(first_index, 2),
        "again_index_s": round(again_index, 2),
        "created": counts["created"],
        "again_s": round(again, 2),
        "again_per_s": round(size / again),
        "again_cpu_s": round(again_cpu, 2),
        "unchanged": counts_again["unchanged"],
        "peak_rss_mb": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (its public schema is wiped)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_backend(normalise_database_url(args.database_url), args.size)))
        return
    urls = [""] + ([args.database_url] if args.database_url else [])
    print("backend     services  first import (wall, CPU, rate)   re-import, unchanged   peak RSS")
    for url in urls:
        command = [
            sys.executable,
            __file__,
            "--child",
            "--size",
            str(args.size),
            "--database-url",
            url,
        ]
        result = json.loads(
            subprocess.run(command, check=True, capture_output=True, text=True).stdout
        )
        r = result
        print(
            f"{r['backend']:<10} {r['services']:>9,}  {r['first_s']:>6} s {r['first_cpu_s']:>6} s "
            f"{r['first_per_s']:>6,}/s    {r['again_s']:>6} s {r['again_per_s']:>7,}/s "
            f"{r['peak_rss_mb']:>6} MB"
        )
        print(
            f"  (CPU-bound rates: {round(r['services'] / r['first_cpu_s']):,}/s first, "
            f"{round(r['services'] / r['again_cpu_s']):,}/s again; database server CPU excluded)"
        )
        print(
            f"  index after commit: built in {r['first_index_s']} s, "
            f"synced in {r['again_index_s']} s after the re-import"
        )


if __name__ == "__main__":
    main()
