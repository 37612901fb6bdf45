"""The tagging engine on a table of realistic records (tests/data/tagging_cases.toml).

Priorities must be exactly what the table says, with a reason; inferred needs are scored over the
whole table and must reach a precision and recall of at least 0.9.
"""

from __future__ import annotations

import pytest

from directory.localoffer import load_config
from directory.settings import default_config_path
from directory.tagging import Tagger, Tagging
from tests.tagging_cases import Case, inferred_need_score, load_cases

CASES = load_cases()
BARNET_PRIORITIES = ("P1", "P2", "P3", "P4", "P5", "P6")


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_config(default_config_path()))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_priorities_and_reasons(tagger: Tagger, case: Case) -> None:
    tagging = tagger.tag(case.facts())

    found = {p.id: p.reason for p in tagging.priorities}
    assert set(found) == case.priorities, found
    for priority_id, reason in found.items():
        assert reason.startswith(f"{priority_id}: ") and len(reason) > len(priority_id) + 8


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_expected_sectors_and_phases(tagger: Tagger, case: Case) -> None:
    tagging = tagger.tag(case.facts())

    if "sectors_expected" in case.raw:
        assert list(tagging.sectors) == case.raw["sectors_expected"]
    if "phases_expected" in case.raw:
        assert list(tagging.phases) == case.raw["phases_expected"]
    if not case.inferring:
        assert all(not n.inferred for n in tagging.needs)
        assert tagging.need_codes == case.needs


def test_inferred_need_precision_and_recall(
    tagger: Tagger, capsys: pytest.CaptureFixture[str]
) -> None:
    results = [(case, tagger.tag(case.facts())) for case in CASES]

    score = inferred_need_score(results)

    misses = [
        f"{case.name}: got {sorted(t.need_codes)}, expected {sorted(case.needs)}"
        for case, t in results
        if case.inferring and t.need_codes != case.needs
    ]
    with capsys.disabled():
        print(
            f"\ninferred needs on {sum(c.inferring for c in CASES)} cases: "
            f"precision {score.precision:.3f}, recall {score.recall:.3f} "
            f"(tp {score.true_positives}, fp {score.false_positives}, "
            f"fn {score.false_negatives})"
        )
    assert score.precision >= 0.9, misses
    assert score.recall >= 0.9, misses


def test_the_table_covers_what_it_must(tagger: Tagger) -> None:
    """At least 40 cases, all four sectors, every priority with positive and negative cases,
    lay and professional wording with acronyms."""
    results: list[tuple[Case, Tagging]] = [(case, tagger.tag(case.facts())) for case in CASES]
    assert len(CASES) >= 40
    sectors = {sector for _, tagging in results for sector in tagging.sectors}
    assert sectors == {"education", "health", "social_care", "voluntary"}
    for priority in BARNET_PRIORITIES:
        positive = [c for c in CASES if priority in c.priorities]
        negative = [c for c in CASES if priority not in c.priorities]
        assert len(positive) >= 3 and len(negative) >= 3, priority
    text = " ".join(c.raw["description"] for c in CASES)
    for acronym in ("SALT", "CAMHS", "OT", "EHC", "SENCO", "ASC", "ADHD", "DLD", "QTVI"):
        assert acronym in text
    for lay in ("stammer", "talking", "wheelchair", "Down's syndrome", "deaf", "dyslexia"):
        assert lay in text
