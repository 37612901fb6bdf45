"""Load test of ``GET /api/v1/services``: wrk with 50 connections for 60 s, a realistic query
mix, on the Barnet demo and on a generated corpus, each next to a trivial Starlette endpoint
served the same way in the same run (the ceiling of the stack).

    python -m bench.load                      # demo and 20,000 services, 50 connections, 60 s
    python -m bench.load --size 20000 --duration 60 --connections 50 --workdir var/bench-load

Needs ``wrk`` (Debian: ``apt-get install wrk``). The corpus database and index are built on the
first run and kept in ``--workdir``. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

API_PORT = 8701
TRIVIAL_PORT = 8702
WARM_UP_S = 5
# What families and professionals ask, in the proportions a Local Offer sees: mostly words,
# often with an age or a need, sometimes near a postcode, now and then a second page.
QUERIES = [
    "q=autism",
    "q=speech+therapy&age=4",
    "q=dyslexia",
    "q=short+breaks&age=12",
    "q=SALT",
    "q=camhs&age=15",
    "q=after+school+club",
    "q=dislexia",
    "q=wheelchair+swimming",
    "q=EHCP",
    "q=occupational+therapy&postcode=N3+1AB",
    "q=autism&postcode=HA8+7AA&radius_km=5",
    "q=support+for+parents&page=2",
    "q=deaf&age=8&sector=health",
    "q=transition+to+adulthood&min_age=16&max_age=25",
    "q=respite&need=PMLD",
    "q=my+4+year+old+is+not+talking",
    "need=ASD&age=7",
    "need=SEMH&sector=health",
    "need=communication_interaction&age=5",
    "sector=voluntary&cost=free",
    "postcode=EN5+4AA&sort=distance",
    "postcode=NW4+4BT&radius_km=3&need=ASD",
    "postcode=N12+8PL&sort=distance&age=10",
    "service_type=short_breaks&day=SA",
    "delivery=online&need=SEMH",
    "referral=self&age=3",
    "accessibility=wheelchair&age=14",
    "q=tuition&per_page=50",
    "q=mental+health&age=16&postcode=NW9+5XX&radius_km=5",
    "age=2",
    "per_page=20&page=3",
]


def run(command: list[str], env: dict[str, str]) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, env=env, check=True)


def environment(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "LOCAL_OFFER_DATA_DIR": str(data_dir), "LOCAL_OFFER_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    env.pop("LOCAL_OFFER_INDEX_DIR", None)
    return env


def local_offer() -> str:
    return str(Path(sys.executable).with_name("local-offer"))


def prepare_demo(workdir: Path) -> Path:
    folder = workdir / "demo"
    run([local_offer(), "demo"], environment(folder))
    return folder


def prepare_corpus(workdir: Path, size: int) -> Path:
    folder = workdir / f"corpus-{size}"
    env = environment(folder)
    if not (folder / "index" / "CURRENT").exists():
        shutil.rmtree(folder, ignore_errors=True)
        url = f"sqlite:///{folder / 'local-offer.sqlite3'}"
        run([sys.executable, "-m", "bench.corpus", url, str(size), "--area", "borough"], env)
        run([local_offer(), "import", "postcodes", "bundled"], env)
        run([local_offer(), "index", "rebuild"], env)
    return folder


@contextmanager
def serving(app: str, port: int, env: dict[str, str], workers: int) -> Any:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    process = subprocess.Popen(command, env=env)
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(url: str, paths: Path, connections: int, seconds: int) -> dict[str, Any]:
    script = Path(__file__).with_name("query_mix.lua")
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
        "--",
        str(paths),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def measure(
    name: str, data_dir: Path, workdir: Path, args: argparse.Namespace
) -> list[dict[str, Any]]:
    connections, seconds, workers = args.connections, args.duration, args.workers
    paths = workdir / "paths.txt"
    paths.write_text("".join(f"/api/v1/services?{q}\n" for q in QUERIES), "utf-8")
    root = workdir / "root.txt"
    root.write_text("/\n", "utf-8")
    env = environment(data_dir)
    results = []
    with serving("bench.trivial:app", TRIVIAL_PORT, env, workers):
        url = f"http://127.0.0.1:{TRIVIAL_PORT}"
        wrk(url, root, connections, WARM_UP_S)
        results.append(
            {"target": "trivial Starlette endpoint", **wrk(url, root, connections, seconds)}
        )
    with serving("directory.web.asgi:app", API_PORT, env, workers):
        url = f"http://127.0.0.1:{API_PORT}"
        _check_queries(url)
        wrk(url, paths, connections, WARM_UP_S)
        results.append(
            {"target": f"/api/v1/services, {name}", **wrk(url, paths, connections, seconds)}
        )
    return results


def _check_queries(url: str) -> None:
    """Every query of the mix must answer 200: a load test of 400s measures nothing."""
    for query in QUERIES:
        response = httpx.get(f"{url}/api/v1/services?{query}", timeout=30)
        if response.status_code != 200:
            raise SystemExit(f"{query}: {response.status_code} {response.text[:200]}")


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| target | requests | req/s | p50 ms | p95 ms | p99 ms | errors (socket / non-2xx) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        errors = row["errors"]
        socket = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
        lines.append(
            f"| {row['target']} | {row['requests']:,} | {row['rps']:,.0f} | {row['p50_ms']:.1f} "
            f"| {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {socket} / {errors['status']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workdir", type=Path, default=Path("var/bench-load"))
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    demo = prepare_demo(args.workdir)
    corpus = prepare_corpus(args.workdir, args.size)
    rows = measure("Barnet demo", demo, args.workdir, args)
    rows += measure(f"{args.size:,} generated services", corpus, args.workdir, args)
    print(
        f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"wrk -t2 -c{args.connections} -d{args.duration}s, uvicorn {args.workers} worker(s)\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
