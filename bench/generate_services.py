"""Realistic synthetic ORUK 3.0 services for benchmarks, at any size.

Services follow our profile (docs/oruk-profile.md): needs, sectors, service types, delivery and
referral routes as attributes; ages spread over the phases; one or two venues at real Barnet
postcodes (from the shipped Code-Point Open extract) or online only; organisations shared by
several services. Deterministic for a given seed.

    python bench/generate_services.py 20000 /tmp/services.json
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from directory.vocab import taxonomy_id, term_id, vocabularies

WORDS = [
    "support",
    "group",
    "club",
    "therapy",
    "advice",
    "sessions",
    "families",
    "children",
    "young",
    "people",
    "autism",
    "speech",
    "language",
    "play",
    "sensory",
    "swimming",
    "drop-in",
    "parents",
    "carers",
    "learning",
    "skills",
    "outreach",
    "clinic",
    "assessment",
    "short",
    "breaks",
    "holiday",
    "activities",
    "youth",
    "independent",
    "travel",
    "training",
    "employment",
]


def postcodes() -> list[str]:
    path = resources.files("directory").joinpath(
        "data", "postcodes", "codepoint_open_barnet.csv.gz"
    )
    with gzip.open(str(path), "rt") as lines:
        return [line.split(",")[0].strip('"') for line in lines if ",10," in line][:4000]


def attribute(vocabulary: str, code: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "link_type": vocabulary,
        "link_entity": "service",
        "taxonomy_term_id": str(term_id(vocabulary, code)),
        "taxonomy_term": {
            "id": str(term_id(vocabulary, code)),
            "code": code,
            "name": code,
            "description": code,
            "taxonomy": vocabulary,
            "taxonomy_id": str(taxonomy_id(vocabulary)),
        },
    }


def service(
    rng: random.Random, n: int, orgs: list[dict[str, Any]], places: list[str]
) -> dict[str, Any]:
    vocab = vocabularies()
    low = rng.choice([0, 0, 2, 5, 11, 14, 16, 19])
    high = min(25, low + rng.choice([3, 5, 8, 12, 25]))
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90)))
    terms = [("send-need", c) for c in rng.sample(vocab["send-need"].codes, rng.randint(1, 3))]
    terms += [
        ("sector", rng.choice(vocab["sector"].codes)),
        ("service-type", rng.choice(vocab["service-type"].codes)),
        ("delivery-method", rng.choice(vocab["delivery-method"].codes)),
        ("referral-route", rng.choice(vocab["referral-route"].codes)),
    ]
    record: dict[str, Any] = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "name": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} service {n}",
        "description": f"<p>{words}.</p><p>{words[:200]}.</p>",
        "status": "active",
        "email": f"service{n}@example.org.uk",
        "url": f"https://www.example.org.uk/services/{n}",
        "minimum_age": low,
        "maximum_age": high,
        "assured_date": "2025-09-01",
        "organization": rng.choice(orgs),
        "attributes": [attribute(v, c) for v, c in terms],
        "cost_options": [{"id": str(uuid.uuid4()), "amount": rng.choice([0, 0, 5, 12.5])}],
        "contacts": [
            {
                "id": str(uuid.uuid4()),
                "name": "Coordinator",
                "phones": [{"id": str(uuid.uuid4()), "number": "020 7946 0000"}],
            }
        ],
        "local_offer": {"ehcp_required": rng.random() < 0.1},
    }
    if rng.random() < 0.85:
        record["service_at_locations"] = [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "name": f"Venue {n}-{k}",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": f"{k + 1} High Road",
                            "city": "London",
                            "state_province": "Greater London",
                            "postal_code": rng.choice(places),
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
                "schedules": [
                    {
                        "id": str(uuid.uuid4()),
                        "freq": "WEEKLY",
                        "byday": rng.choice(["MO", "SA", "TU,TH"]),
                        "opens_at": "10:00",
                        "closes_at": "12:00",
                    }
                ],
            }
            for k in range(rng.choice([1, 1, 1, 2]))
        ]
    return record


def generate(count: int, seed: int = 20) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    orgs = [
        {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"Provider {k}",
            "description": "A provider of services for children and young people.",
        }
        for k in range(max(1, count // 4))
    ]
    places = postcodes()
    return [service(rng, n, orgs, places) for n in range(count)]


if __name__ == "__main__":
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    target.write_text(json.dumps(generate(size)), encoding="utf-8")
    print(f"wrote {size:,} services to {target} ({target.stat().st_size / 1e6:.1f} MB)")
