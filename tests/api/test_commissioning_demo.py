"""The whole commissioning report over the Barnet demo: every section as JSON, page and CSV, and
the gaps a commissioner would be shown first (the demo's real DfE SEN2 figures against its
services)."""

from __future__ import annotations

import csv
import io

from tests.api.conftest import Demo


def test_every_section_is_served_as_json_page_and_csv(demo: Demo) -> None:
    for _ in range(3):  # what families looked for and did not find, for the searches section
        assert demo.get("/api/v1/services?q=underwater+hockey").json()["total"] == 0
    index = demo.get("/api/v1/commissioning").json()
    names = [section["name"] for section in index["sections"]]
    assert len(names) >= 7

    for section in index["sections"]:
        body = demo.get(section["url"]).json()
        assert body["section"] == section["name"] and body["data"], section["name"]
        page = demo.get(section["page_url"])
        assert page.status_code == 200 and "<table" in page.text, section["name"]
        rows = list(csv.reader(io.StringIO(demo.get(section["csv_url"]).text)))
        assert len(rows) > 1, section["name"]

    report = demo.get(index["report_url"]).json()["data"]
    assert set(names) <= set(report)
    assert "underwater hockey" in demo.get("/commissioning/searches.csv").text


def test_the_top_gaps_are_needs_with_many_plans_and_few_services(demo: Demo) -> None:
    gaps = demo.get("/api/v1/commissioning/gaps").json()["data"]
    assert gaps["demand_available"] is True
    ranked = gaps["ranked"]
    assert len(ranked) >= 10

    top = ranked[0]
    # Barnet 2024/25: autism is the commonest primary need, and primary age the largest phase.
    assert (top["need"], top["phase"]) == ("ASD", "primary")
    assert top["plans"] > 500
    assert "far_below_demand_share" in [flag["code"] for flag in top["flags"]]
    assert top["per_100_plans"] < 50
    scores = [cell["score"] for cell in ranked]
    assert scores == sorted(scores, reverse=True)

    listed = demo.get(top["services_url"]).json()
    assert listed["count"] == top["services"] == len(listed["services"])


def test_the_gaps_page_leads_with_the_same_gap(demo: Demo) -> None:
    page = demo.get("/commissioning/gaps")
    assert page.status_code == 200
    text = page.text
    first = text.index("Autistic spectrum disorder")
    assert "Provision far below demand share" in text[first:]
    assert "<svg" in text or "<table" in text
