"""Generate realistic synthetic services at any size, straight into a migrated database.

Text is recombined from the sentences of the bundled Barnet demo descriptions, so word
frequencies look like a real Local Offer; needs, ages, sectors, service types, delivery,
referral routes, schedules and priorities follow the demo's own mix; locations are spread
around the authority (``--area borough``) or over England (``--area england``).

    python -m bench.corpus sqlite:///var/bench-20k.sqlite3 20000 --area borough
"""

from __future__ import annotations

import argparse
import json
import random
import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy import Engine, insert

from directory import migrations
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.models import (
    Attribute,
    Location,
    Organization,
    PriorityTag,
    Schedule,
    Service,
    ServiceAtLocation,
)
from directory.vocab import sync_vocabularies, term_id, vocabulary

BATCH = 5000
# (latitude, longitude, spread in degrees)
AREAS = {"borough": (51.62, -0.20, 0.06), "england": (52.6, -1.5, 1.6)}
PLACES = [
    "Barnet",
    "Finchley",
    "Hendon",
    "Edgware",
    "Mill Hill",
    "Colindale",
    "Whetstone",
    "Golders Green",
    "Friern Barnet",
    "Burnt Oak",
    "Totteridge",
    "Cricklewood",
]


def demo_services() -> list[dict[str, Any]]:
    text = resources.files("directory.demo").joinpath("barnet_services.json").read_text("utf-8")
    services: list[dict[str, Any]] = json.loads(text)
    return services


def sentence_pool(services: list[dict[str, Any]]) -> list[str]:
    sentences = []
    for service in services:
        plain = re.sub(r"<[^>]+>", " ", service.get("description", ""))
        plain = re.sub(r"&\w+;", " ", plain)
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", plain) if len(s.split()) > 4]
    return sentences


def codes_of(service: dict[str, Any], vocab: str) -> list[str]:
    return [
        a["taxonomy_term"]["code"]
        for a in service.get("attributes", [])
        if a.get("link_type") == vocab and "taxonomy_term" in a
    ]


class Generator:
    def __init__(self, seed: int, area: str) -> None:
        self.random = random.Random(seed)
        self.demo = demo_services()
        self.sentences = sentence_pool(self.demo)
        self.centre = AREAS[area]
        self.type_names = {t.code: t.name for t in vocabulary("service-type").terms}
        self.now = datetime(2026, 11, 1, tzinfo=UTC)

    def rows(self, n: int) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in (
                "organization",
                "service",
                "attribute",
                "location",
                "sal",
                "schedule",
                "priority",
            )
        }
        r = self.random
        for _ in range(n):
            model = r.choice(self.demo)
            org_id, service_id = uuid.uuid4(), uuid.uuid4()
            types = codes_of(model, "service-type") or [r.choice(list(self.type_names))]
            place = r.choice(PLACES)
            name = f"{place} {self.type_names[types[0]].split(' and ')[0]}"
            if r.random() < 0.5:
                name += f" {r.choice(['service', 'team', 'group', 'club', 'project', 'hub'])}"
            rows["organization"].append(
                {
                    "id": org_id,
                    "name": f"{place} {r.choice(['Trust', 'Charity', 'Council', 'Centre'])}",
                    "description": "",
                    "organization_type": r.choice(["council", "nhs", "charity", "school"]),
                }
            )
            low = r.choice([None, 0, 0, 2, 4, 5, 11, 14, 16, 18])
            high = None if r.random() < 0.15 else min(25, (low or 0) + r.choice([3, 5, 7, 11, 25]))
            description = " ".join(r.sample(self.sentences, r.randint(3, 6)))
            rows["service"].append(
                {
                    "id": service_id,
                    "organization_id": org_id,
                    "name": name,
                    "description": description,
                    "description_text": description,
                    "status": "active",
                    "minimum_age": Decimal(low) if low is not None else None,
                    "maximum_age": Decimal(high) if high is not None else None,
                    "cost_state": r.choice(["free"] * 6 + ["paid", "some_free", "unknown"]),
                    "last_modified": self.now - timedelta(days=r.randint(0, 700)),
                }
            )
            for vocab in ("send-need", "sector", "delivery-method", "referral-route"):
                for code in codes_of(model, vocab):
                    rows["attribute"].append(self._attribute(service_id, vocab, code))
            for code in types:
                rows["attribute"].append(self._attribute(service_id, "service-type", code))
            for _ in range(r.choice([0, 1, 1, 1, 2])):
                self._location(rows, service_id, org_id)
            if r.random() < 0.6:
                days = r.sample(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], r.randint(1, 5))
                rows["schedule"].append(
                    {
                        "id": uuid.uuid4(),
                        "service_id": service_id,
                        "byday": ",".join(days),
                        "freq": "WEEKLY",
                        "opens_at": "09:00",
                        "closes_at": "17:00",
                    }
                )
            for priority in r.sample(["P1", "P2", "P3", "P4", "P5", "P6"], r.randint(0, 2)):
                rows["priority"].append(
                    {
                        "id": uuid.uuid4(),
                        "service_id": service_id,
                        "priority_id": priority,
                        "reason": "generated",
                        "origin": "rule",
                    }
                )
        return rows

    def _attribute(self, service_id: uuid.UUID, vocab: str, code: str) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "link_id": service_id,
            "link_entity": "service",
            "link_type": vocab,
            "taxonomy_term_id": term_id(vocab, code),
            "origin": "import",
            "created_at": self.now,
        }

    def _location(
        self, rows: dict[str, list[dict[str, Any]]], service_id: uuid.UUID, org_id: uuid.UUID
    ) -> None:
        lat, lon, spread = self.centre
        location_id = uuid.uuid4()
        rows["location"].append(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": "Venue",
                "latitude": lat + self.random.gauss(0, spread / 2),
                "longitude": lon + self.random.gauss(0, spread),
            }
        )
        rows["sal"].append(
            {"id": uuid.uuid4(), "service_id": service_id, "location_id": location_id}
        )


TABLES = {
    "organization": Organization,
    "service": Service,
    "attribute": Attribute,
    "location": Location,
    "sal": ServiceAtLocation,
    "schedule": Schedule,
    "priority": PriorityTag,
}


def generate(engine: Engine, n: int, area: str = "borough", seed: int = 1) -> None:
    migrations.upgrade(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        sync_vocabularies(session)
    generator = Generator(seed, area)
    for start in range(0, n, BATCH):
        rows = generator.rows(min(BATCH, n - start))
        with engine.begin() as connection:
            for key, model in TABLES.items():
                if rows[key]:
                    connection.execute(insert(model), rows[key])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("size", type=int)
    parser.add_argument("--area", choices=sorted(AREAS), default="borough")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(make_engine(args.database_url), args.size, args.area, args.seed)


if __name__ == "__main__":
    main()
