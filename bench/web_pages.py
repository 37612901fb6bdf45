"""Server time and page weight of the public pages, at Barnet scale.

    .venv/bin/python bench/web_pages.py [--services 3000] [--requests 300]

Builds a migrated SQLite database under bench/out/ holding ``--services`` synthetic services
(one or two locations each, opening times, phones, contacts, needs and other terms, a priority
tag and provenance, like a well-kept record), then times in-process GETs of random service
pages and of the home page. The anchor, measured in the same run, is ``/brand.css``: the same
app, middleware and in-process client with no database and no template. Page weight adds up
the HTML, CSS and JavaScript a browser fetches for a service page (there are no fonts or
images), raw and as sent with gzip.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    PriorityTag,
    Provenance,
    Schedule,
    Service,
    ServiceAtLocation,
)
from directory.settings import Settings
from directory.vocab import sync_vocabularies, term_id, vocabulary
from directory.web.app import create_app

OUT = Path(__file__).parent / "out"
DAYS = ("MO", "TU", "WE", "TH", "FR")


def _terms(rng: random.Random, key: str, k: int) -> list[Attribute]:
    codes = rng.sample(vocabulary(key).codes, k)
    return [
        Attribute(link_entity="service", link_type=key, taxonomy_term_id=term_id(key, code))
        for code in codes
    ]


def _location(rng: random.Random, n: int) -> Location:
    district = rng.choice(["N3", "N12", "NW4", "HA8", "EN5", "N2", "NW9"])
    postcode = f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
    return Location(
        name=f"Centre {n}",
        latitude=51.6 + rng.random() / 20,
        longitude=-0.2 + rng.random() / 10,
        postcode=postcode,
        addresses=[Address(address_1=f"{n} High Street", city="London", postal_code=postcode)],
        phones=[Phone(number=f"020 8{rng.randint(100, 999)} {rng.randint(1000, 9999)}")],
        schedules=[
            Schedule(freq="WEEKLY", byday=day, opens_at="09:00", closes_at="17:00")
            for day in rng.sample(DAYS, rng.randint(1, 5))
        ],
    )


def _service(rng: random.Random, n: int, organization: Organization) -> Service:
    low = rng.choice([0, 0, 5, 11, 16])
    service = Service(
        organization=organization,
        name=f"Service {n}: {rng.choice(['Speech', 'Autism', 'Play', 'Sensory', 'Youth'])} support",
        description="<p>" + "Support for children and families. " * rng.randint(3, 15) + "</p>",
        description_text="Support for children and families.",
        email=f"service{n}@example.org",
        url=f"https://example.org/service/{n}",
        application_process="Ask your GP, school or health visitor to refer you.",
        eligibility_description="Children and young people living in Barnet.",
        minimum_age=Decimal(low),
        maximum_age=Decimal(rng.choice([4, 11, 18, 25])) if low < 4 else Decimal(25),
        cost_state=rng.choice(["free", "paid", "some_free", "unknown"]),
        assured_date=date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)),
        ehcp_required=rng.choice([True, False, None]),
        phones=[Phone(number="020 8000 0000")],
        contacts=[Contact(name="Duty worker", email=f"duty{n}@example.org")],
        priority_tags=[PriorityTag(priority_id="P5", reason="Local provision", origin="rule")],
    )
    for k, location in enumerate(range(rng.randint(1, 2))):
        service.service_at_locations.append(
            ServiceAtLocation(location=_location(rng, n * 10 + k + location))
        )
    service.attributes = (
        _terms(rng, "send-need", rng.randint(1, 3))
        + _terms(rng, "service-type", 1)
        + _terms(rng, "sector", 1)
        + _terms(rng, "delivery-method", 1)
        + _terms(rng, "referral-route", 1)
    )
    return service


def seed(session: Session, count: int, rng: random.Random) -> list[uuid.UUID]:
    organizations = [Organization(name=f"Provider {n}") for n in range(count // 5 + 1)]
    services = [_service(rng, n, rng.choice(organizations)) for n in range(count)]
    session.add_all(services)
    session.flush()
    now = datetime.now(UTC)
    session.add_all(
        Provenance(
            entity_type="service",
            entity_id=s.id,
            source="bench",
            source_system="oruk",
            source_id=str(n),
            content_hash="0" * 64,
            first_seen=now,
            last_seen=now,
        )
        for n, s in enumerate(services)
    )
    return [s.id for s in services]


def timings(client: TestClient, paths: list[str]) -> list[float]:
    result = []
    for path in paths:
        start = time.perf_counter()
        response = client.get(path, headers={"Accept": "text/html"})
        result.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return result


def summary(name: str, ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1]
    return f"{name:<14} n={len(ms):<4} p50={statistics.median(ms):6.2f} ms  p95={p95:6.2f} ms"


def page_weight(client: TestClient, path: str) -> tuple[int, int]:
    response = client.get(path, headers={"Accept": "text/html"})
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.text)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', response.text)
    raw = len(response.content)
    sent = len(response.content)  # pages are not compressed (see README "Security")
    for asset in assets:
        body = client.get(asset.replace("&amp;", "&")).content
        raw += len(body)
        sent += len(gzip.compress(body)) if len(body) >= 500 else len(body)
    return raw, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    database = OUT / f"web-{args.services}.sqlite3"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    migrations.upgrade(engine)
    rng = random.Random(42)
    started = time.perf_counter()
    with session_scope(make_sessionmaker(engine)) as session:
        sync_vocabularies(session)
        ids = seed(session, args.services, rng)
    print(f"seeded {args.services} services in {time.perf_counter() - started:.1f} s")
    settings = Settings(DATABASE_URL=url, LOCAL_OFFER_DATA_DIR=OUT, LOCAL_OFFER_SECRET_KEY="b")
    with TestClient(create_app(settings)) as client:
        warm = [f"/services/{i}" for i in rng.sample(ids, 20)]
        timings(client, [*warm, "/", "/brand.css"])
        pages = [f"/services/{rng.choice(ids)}" for _ in range(args.requests)]
        service_ms = timings(client, pages)
        home_ms = timings(client, ["/"] * args.requests)
        anchor_ms = timings(client, ["/brand.css"] * args.requests)
        raw, sent = page_weight(client, pages[0])
    print(summary("service page", service_ms))
    print(summary("home page", home_ms))
    print(summary("anchor", anchor_ms))
    ratio = statistics.median(service_ms) / statistics.median(anchor_ms)
    print(f"service page / anchor (median): {ratio:.1f}x")
    print(f"service page weight: {raw / 1024:.1f} KB raw, {sent / 1024:.1f} KB as sent (no fonts)")
    engine.dispose()


if __name__ == "__main__":
    main()
