"""The table of realistic service records in ``tests/data/tagging_cases.toml``, as engine input."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from directory.tagging import ServiceFacts, Tagging
from directory.tagging.text import postcode_district

CASES_FILE = Path(__file__).parent / "data" / "tagging_cases.toml"


@dataclass(frozen=True)
class Case:
    raw: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.raw["name"])

    @property
    def inferring(self) -> bool:
        """True when the source gives no needs, so the expected needs are to be inferred."""
        return not self.raw.get("source_needs")

    @property
    def priorities(self) -> set[str]:
        return set(self.raw["priorities"])

    @property
    def needs(self) -> set[str]:
        return set(self.raw["needs"])

    def facts(self) -> ServiceFacts:
        raw = self.raw
        return ServiceFacts(
            id=self.name,
            name=self.name,
            description=raw["description"],
            organization_name=raw.get("organization", ""),
            organization_type=raw.get("organization_type"),
            sectors=frozenset(raw.get("sectors", ())),
            service_types=frozenset(raw.get("service_types", ())),
            needs=frozenset(raw.get("source_needs", ())),
            minimum_age=raw.get("min_age"),
            maximum_age=raw.get("max_age"),
            area_served=raw.get("area_served"),
            postcode_districts=frozenset(
                d for p in raw.get("postcodes", ()) if (d := postcode_district(p))
            ),
        )


def load_cases() -> list[Case]:
    with CASES_FILE.open("rb") as file:
        return [Case(raw) for raw in tomllib.load(file)["case"]]


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def inferred_need_score(results: list[tuple[Case, Tagging]]) -> Score:
    """Micro-averaged over every (service, need code) pair of the cases where needs are inferred."""
    tp = fp = fn = 0
    for case, tagging in results:
        if not case.inferring:
            continue
        found = {n.code for n in tagging.needs if n.inferred}
        tp += len(found & case.needs)
        fp += len(found - case.needs)
        fn += len(case.needs - found)
    return Score(tp, fp, fn)
