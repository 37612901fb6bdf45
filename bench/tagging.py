"""Time ``tag_services`` on a synthetic directory (run by hand, not a test).

    .venv/bin/python bench/tagging.py --services 20000 [--database-url postgresql://...]

Services are made from the realistic records in tests/data/tagging_cases.toml (name, text,
service types, ages), spread over Barnet and out-of-borough postcodes. Prints, as medians of
``--repeat`` runs: the first tagging (everything written), a re-tag with nothing to change (what
every import pays), the pure engine per service, and the anchor: reading the same columns with
one plain SELECT, the least any re-tag must cost.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import tomllib
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, select, text

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.localoffer import load_config
from directory.models import (
    Attribute,
    Location,
    Organization,
    PriorityTag,
    Service,
    ServiceAtLocation,
    utcnow,
)
from directory.settings import default_config_path, normalise_database_url
from directory.tagging import ServiceFacts, Tagger
from directory.tagging.store import tag_services
from directory.vocab import sync_vocabularies, term_id

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "tagging_cases.toml"
ANCHOR_COLUMNS = (Service.id, Service.name, Service.description_text, Service.minimum_age)
POSTCODES = ["N3 1AB", "NW4 4BG", "EN5 3DJ", "HA8 7AB", "N12 0DR", "AL10 9BS", "WD6 1JJ", "E1 6AN"]


def generate(engine: Engine, count: int) -> None:
    templates = tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]
    rng = random.Random(42)
    now = utcnow()
    orgs = [
        {"id": uuid.uuid4(), "name": f"Provider {n}", "description": ""}
        for n in range(count // 10 + 1)
    ]
    services, attributes, locations, links = [], [], [], []
    for n in range(count):
        case = rng.choice(templates)
        service_id, location_id = uuid.uuid4(), uuid.uuid4()
        services.append(_service(service_id, rng.choice(orgs)["id"], case, n, now))
        for code in case.get("service_types", []):
            attributes.append(_attribute(service_id, "service-type", code, now))
        locations.append(
            {"id": location_id, "location_type": "physical", "postcode": rng.choice(POSTCODES)}
        )
        links.append({"id": uuid.uuid4(), "service_id": service_id, "location_id": location_id})
    with engine.begin() as connection:
        for model, rows in (
            (Organization, orgs),
            (Service, services),
            (Attribute, attributes),
            (Location, locations),
            (ServiceAtLocation, links),
        ):
            for start in range(0, len(rows), 5000):
                connection.execute(insert(model), rows[start : start + 5000])


def _service(
    service_id: uuid.UUID, org_id: uuid.UUID, case: dict[str, Any], n: int, now: Any
) -> dict[str, Any]:
    return {
        "id": service_id,
        "organization_id": org_id,
        "name": f"{case['name']} {n}",
        "description": case["description"],
        "description_text": case["description"],
        "minimum_age": case.get("min_age"),
        "maximum_age": case.get("max_age"),
        "area_served": case.get("area_served"),
        "status": "active",
        "cost_state": "unknown",
        "last_modified": now,
    }


def _attribute(service_id: uuid.UUID, vocabulary: str, code: str, now: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "link_entity": "service",
        "link_id": service_id,
        "link_type": vocabulary,
        "taxonomy_term_id": term_id(vocabulary, code),
        "origin": "import",
        "created_at": now,
    }


def timed(action: Any) -> tuple[tuple[float, float], Any]:
    """((wall seconds, this process's CPU seconds), result). On a shared machine the CPU time
    is the steadier figure; PostgreSQL's own CPU is not in it."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def medians(samples: list[tuple[float, float]]) -> str:
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    return f"{wall:6.2f} s wall, {cpu:6.2f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-tagging-")
    url = normalise_database_url(args.database_url or f"sqlite:///{folder}/bench.sqlite3")
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    migrations.upgrade(engine)
    sessions = make_sessionmaker(engine)
    with session_scope(sessions) as session:
        sync_vocabularies(session)
    generate(engine, args.services)
    config = load_config(default_config_path())
    first, again, anchor = [], [], []
    for _ in range(args.repeat):
        with session_scope(sessions) as session:
            session.execute(delete(PriorityTag))
            session.execute(delete(Attribute).where(Attribute.origin.in_(("rule", "inferred"))))
        with session_scope(sessions) as session:
            seconds, report = timed(lambda: tag_services(session, config))
            first.append(seconds)
        with session_scope(sessions) as session:
            seconds, unchanged = timed(lambda: tag_services(session, config))
            again.append(seconds)
        with session_scope(sessions) as session:
            anchor.append(timed(lambda: session.execute(select(*ANCHOR_COLUMNS)).all())[0])
    tagger = Tagger(config)
    facts = [
        ServiceFacts(id=str(n), name=c["name"], description=c["description"])
        for n, c in enumerate(tomllib.loads(CASES.read_text())["case"])
    ]
    (_, engine_cpu), _ = timed(lambda: [tagger.tag(f) for _ in range(50) for f in facts])
    per_service_us = engine_cpu / (50 * len(facts)) * 1e6
    ratio = statistics.median(a[0] for a in again) / statistics.median(a[0] for a in anchor)
    print(f"backend {engine.dialect.name}, {args.services} services, medians of {args.repeat} runs")
    print(f"first tagging      {medians(first)}  ({report.summary()})")
    print(f"re-tag, no change  {medians(again)}  ({unchanged.changed} changed)")
    print(f"anchor: plain SELECT of the rows {medians(anchor)}; re-tag/anchor {ratio:.0f}x (wall)")
    print(f"engine alone       {per_service_us:.0f} us CPU per service (no database)")
    engine.dispose()


if __name__ == "__main__":
    main()
