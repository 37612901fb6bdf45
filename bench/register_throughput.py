"""Import throughput of each register importer on a national-size file.

Each import runs in its own process (so peak memory is its own) on a fresh database holding the
shipped postcodes, with every authority kept (``--all-las``): a first import (all new), then
the same file again (all unchanged). Times are bytes to commit; CPU is this process's.

    python bench/register_throughput.py
    python bench/register_throughput.py --database-url postgresql://postgres@127.0.0.1/lo_bench
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

from bench import generate_registers
from bench.import_throughput import fresh_database
from directory.db import make_engine, make_sessionmaker
from directory.importers.pipeline import ImportRequest, run_import
from directory.importers.scope import Scope
from directory.localoffer import load_config
from directory.settings import default_config_path, normalise_database_url
from tests.conftest import SHARED_DATA

EVERYWHERE = Scope.of(load_config(default_config_path()), everywhere=True)


def timed(url: str, fmt: str, path: str) -> dict[str, float]:
    engine = make_engine(url)
    start, cpu = time.perf_counter(), time.process_time()
    with make_sessionmaker(engine)() as session:
        report = run_import(session, ImportRequest(fmt, path, source=fmt, scope=EVERYWHERE))
        session.commit()
    engine.dispose()
    assert report.failure is None, report.failure
    records = sum(report.counts.get(k, 0) for k in ("created", "updated", "unchanged"))
    return {
        "wall": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "records": records,
    }


def child(url: str, fmt: str, path: str) -> None:
    fresh_database(url)
    first, again = timed(url, fmt, path), timed(url, fmt, path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first": first, "again": again, "peak_mb": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = normalise_database_url(args.database_url) or f"sqlite:///{folder}/bench.sqlite3"
        if args.child:
            child(url, *args.child)
            return
        out = Path(folder)
        files = {
            "gias": generate_registers.gias(out / "edubasealldata_england.csv", 50_000),
            "epraccur": generate_registers.epraccur(out / "epraccur_england.csv", 9_000),
            "cqc": generate_registers.cqc(out / "cqc_directory_england.csv", 30_000),
            "sen2": SHARED_DATA / "dfe-ehcp-2025",
        }
        print(
            "| importer | records | first import, wall | CPU | records/s (CPU) | re-import, wall "
            "| CPU | peak RSS |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for fmt, path in files.items():
            output = subprocess.run(
                [sys.executable, __file__, "--database-url", url, "--child", fmt, str(path)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            result = json.loads(output.strip().splitlines()[-1])
            first, again = result["first"], result["again"]
            print(
                f"| {fmt} | {first['records']:,.0f} | {first['wall']:.1f} s | {first['cpu']:.1f} s "
                f"| {first['records'] / first['cpu']:,.0f} | {again['wall']:.1f} s "
                f"| {again['cpu']:.1f} s | {result['peak_mb']:,.0f} MB |"
            )


if __name__ == "__main__":
    main()
