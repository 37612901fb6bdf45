"""The commissioning report over HTTP (JSON, CSV, pages) and on the command line."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from directory.cli import main
from directory.db import make_engine, make_sessionmaker, session_scope
from directory.web.commissioning.pages import heat_legend, heat_level
from tests.commissioning_data import AS_OF, small_demand, small_world
from tests.factories import create_search

SECTIONS = ("gaps", "supply", "demand", "integration", "priorities", "coverage", "searches")
CSS = Path(__file__).resolve().parents[1] / "directory/web/commissioning/commissioning.css"


@pytest.fixture
def world(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    # The pages report "as of today"; the clock is the one thing fixed here.
    monkeypatch.setattr("directory.commissioning.report.today", lambda: AS_OF)
    small_world(session)
    small_demand(session)
    for _ in range(3):
        create_search(session, query_text="=autism swimming", need_codes=["ASD"])
    session.commit()


def test_api_index_lists_every_section(client: TestClient) -> None:
    body = client.get("/api/v1/commissioning").json()

    assert [s["name"] for s in body["sections"]] == list(SECTIONS)
    assert body["sections"][0] == {
        "name": "gaps",
        "title": "Gaps: supply against demand",
        "url": "/api/v1/commissioning/gaps",
        "csv_url": "/commissioning/gaps.csv",
        "page_url": "/commissioning/gaps",
    }


def test_gaps_json(client: TestClient, world: None) -> None:
    body = client.get("/api/v1/commissioning/gaps").json()

    assert body["section"] == "gaps"
    assert body["authority"] == "London Borough of Barnet"
    first = body["data"]["ranked"][0]
    assert first == {
        "need": "HI",
        "need_name": "Hearing impairment",
        "phase": "primary",
        "phase_name": "Primary (5 to 10)",
        "plans": 10,
        "plans_share": 0.1667,
        "services": 1,
        "specific": 0,
        "all_needs": 1,
        "specific_share": 0.0,
        "per_100_plans": 10.0,
        "specific_per_100_plans": 0.0,
        "sectors": ["social_care"],
        "out_of_borough": 0,
        "stale": 0,
        "flags": [
            {
                "code": "far_below_demand_share",
                "label": "Provision far below demand share",
                "reason": "Hearing impairment is 17% of EHC plans in primary but 0% of "
                "need-specific services (0 services; below 0.5 x its share of plans).",
            },
            {
                "code": "single_sector",
                "label": "Only one sector present",
                "reason": "Of education, health, social care, only social care is present "
                "among the 1 services; none from education, health.",
            },
        ],
        "score": 50.0,
        "services_url": "/api/v1/commissioning/services?need=HI&phase=primary",
    }


def test_a_cell_links_to_exactly_the_services_it_counts(client: TestClient, world: None) -> None:
    supply = client.get("/api/v1/commissioning/supply").json()["data"]
    need_phase = supply["matrices"][0]
    asd = next(r for r in need_phase["rows"] if r["code"] == "ASD")
    cell = next(c for c in asd["cells"] if c["column"] == "primary")

    listed = client.get(cell["services_url"]).json()

    assert cell["count"] == listed["count"] == 3
    assert sorted(s["name"] for s in listed["services"]) == ["Breaks", "Outreach", "Speech"]
    speech = next(s for s in listed["services"] if s["name"] == "Speech")
    assert speech["needs"] == ["SLCN", "ASD"]
    assert speech["stale"] is True
    assert speech["url"].startswith("/services/")


def test_full_report_json(client: TestClient, world: None) -> None:
    body = client.get("/api/v1/commissioning/report").json()

    assert set(body["data"]) == {"authority", "as_of", *SECTIONS}
    assert body["data"]["demand"]["total_plans"] == 100
    assert body["data"]["coverage"]["items"][0]["services_url"] == (
        "/api/v1/commissioning/services?coverage=LO-01"
    )


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        ("/api/v1/commissioning/services?need=XYZ", 400, "need"),
        ("/api/v1/commissioning/services?need=ASD,ALL", 400, "need"),
        ("/api/v1/commissioning/services?phase=toddler", 400, "phase"),
        ("/api/v1/commissioning/services?district=N3%201AB", 400, "district"),
        ("/api/v1/commissioning/services?ward=nowhere", 400, "ward"),
        ("/api/v1/commissioning/services?priority=P9", 400, "priority"),
        ("/api/v1/commissioning/services?stale=yes", 400, "stale"),
        ("/api/v1/commissioning/services?coverage=LO-99", 400, "coverage"),
        ("/api/v1/commissioning/services?colour=blue", 400, "colour"),
        ("/api/v1/commissioning/services?need=ASD&need=HI", 400, "need"),
        ("/api/v1/commissioning/gaps?period=last", 400, "period"),
        ("/api/v1/commissioning/gaps?limit=3", 400, "limit"),
        ("/commissioning/supply?x=1", 400, "x"),
        ("/api/v1/commissioning/unknown", 404, None),
        ("/commissioning/unknown", 404, None),
        ("/commissioning/report.csv", 404, None),
    ],
)
def test_bad_parameters_get_the_one_error_shape(
    client: TestClient, path: str, status: int, parameter: str | None
) -> None:
    response = client.get(path)

    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status
    assert error.get("parameter") == parameter
    assert error["message"]


def test_csv_download(client: TestClient, world: None) -> None:
    response = client.get("/commissioning/gaps.csv")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="barnet-commissioning-gaps-\d{4}-\d\d-\d\d\.csv"',
        response.headers["content-disposition"],
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 60
    assert {k: rows[0][k] for k in ("rank", "need", "phase", "ehc_plans", "flags")} == {
        "rank": "1",
        "need": "HI",
        "phase": "primary",
        "ehc_plans": "10",
        "flags": "far_below_demand_share single_sector",
    }
    assert rows[0]["plans_share_percent"] == "16.7"


def test_search_words_cannot_run_as_spreadsheet_formulas(client: TestClient, world: None) -> None:
    text = client.get("/commissioning/searches.csv").text

    assert text.splitlines()[1].startswith("'=autism swimming,ASD,3,3")


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_has_a_csv(client: TestClient, world: None, section: str) -> None:
    response = client.get(f"/commissioning/{section}.csv")

    assert response.status_code == 200
    assert len(response.text.splitlines()) >= 2


@pytest.mark.parametrize("section", ("", *SECTIONS))
def test_pages_render_without_javascript(client: TestClient, world: None, section: str) -> None:
    path = f"/commissioning/{section}".rstrip("/")
    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<h1 class="govuk-heading-l">' in html
    assert "<script" not in html.split('id="main-content"')[1]
    assert 'href="/commissioning/assets/commissioning.css"' in html
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        assert "<caption" in table
        assert '<th scope="col"' in table


def test_heat_map_cells_show_colour_and_number_and_link(client: TestClient, world: None) -> None:
    html = client.get("/commissioning/supply").text

    cell = re.search(
        r'<td class="govuk-table__cell app-heat app-heat--(\d)"><a class="govuk-link" '
        r'href="/commissioning/services\?need=ASD&amp;phase=primary">(\d+)'
        r'<span class="govuk-visually-hidden"> services: Autistic spectrum disorder, '
        r"Primary \(5 to 10\)</span></a></td>",
        html,
    )
    assert cell is not None
    assert cell.group(2) == "3"
    assert '<th scope="row" class="govuk-table__header">Autistic spectrum disorder</th>' in html
    assert "Colour key" in html


def test_charts_have_a_title_and_a_text_alternative(client: TestClient, world: None) -> None:
    html = client.get("/commissioning/demand").text

    svg = re.search(r"<svg role=\"img\" aria-labelledby=\"(\S+) (\S+)\".*?</svg>", html, re.S)
    assert svg is not None
    assert f'<title id="{svg.group(1)}">Share of EHC plans by primary need' in svg.group(0)
    assert f'<desc id="{svg.group(2)}">' in svg.group(0)
    assert "Barnet 60%, England 30%" in svg.group(0)


def test_the_services_page_describes_its_filter(client: TestClient, world: None) -> None:
    html = client.get("/commissioning/services?need=ASD&phase=primary").text

    assert "3 services" in html
    assert "for Autistic spectrum disorder (or for all needs), primary (5 to 10)" in html
    assert ">Speech</a>" in html
    assert "Stale" in html


def test_overview_shows_the_top_gaps(client: TestClient, world: None) -> None:
    html = client.get("/commissioning").text

    assert "The ten largest gaps" in html
    assert "Hearing impairment<br>" in html


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_heat_colours_keep_text_contrast_of_at_least_4_5_to_1() -> None:
    css = CSS.read_text()
    levels = re.findall(
        r"\.app-heat--(\d) \{ background-color: (#\w{6});(?: color: (#\w{6});)?", css
    )
    assert [level for level, _, _ in levels] == ["0", "1", "2", "3", "4", "5"]
    for _level, background, text in levels:
        lighter, darker = sorted((_luminance(background), _luminance(text or "#0b0c0c")))
        assert (darker + 0.05) / (lighter + 0.05) >= 4.5 or (lighter + 0.05) / (
            darker + 0.05
        ) >= 4.5


def test_heat_levels_and_legend() -> None:
    assert [heat_level(n, 8) for n in (0, 1, 2, 3, 4, 8)] == [0, 1, 2, 2, 3, 5]
    assert heat_legend(8) == [
        (0, "0"),
        (1, "1"),
        (2, "2 to 3"),
        (3, "4 to 5"),
        (4, "6 to 7"),
        (5, "8"),
    ]
    assert heat_legend(0) == [(0, "0")]


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {"LOCAL_OFFER_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert CliRunner().invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'local-offer.sqlite3'}")
    with session_scope(make_sessionmaker(engine)) as session:
        small_world(session)
        small_demand(session)
    engine.dispose()
    return env


def test_gaps_table(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        main, ["gaps", "--as-of", "2026-01-15", "--limit", "2"], env=cli_env
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "#",
        "need",
        "phase",
        "plans",
        "services",
        "specific",
        "per",
        "100",
        "flags",
    ]
    assert lines[1].split()[:6] == ["1", "HI", "primary", "10", "1", "0"]
    assert lines[1].endswith("provision far below demand share, only one sector present")
    assert lines[2].strip().startswith("- Hearing impairment is 17% of EHC plans in primary")
    assert lines[4].split()[:3] == ["2", "SLCN", "early_years"]


def test_gaps_json_and_csv(cli_env: dict[str, str]) -> None:
    as_json = CliRunner().invoke(
        main, ["gaps", "--format", "json", "--as-of", "2026-01-15"], env=cli_env
    )
    as_csv = CliRunner().invoke(
        main, ["gaps", "--format", "csv", "--as-of", "2026-01-15"], env=cli_env
    )

    assert json.loads(as_json.output)["ranked"][0]["score"] == 50.0
    assert as_csv.output.splitlines()[1].startswith("1,HI,Hearing impairment,primary,")


def test_other_sections_and_the_whole_report(cli_env: dict[str, str]) -> None:
    coverage = CliRunner().invoke(main, ["gaps", "--section", "coverage"], env=cli_env)
    report = CliRunner().invoke(
        main, ["gaps", "--section", "report", "--format", "json"], env=cli_env
    )
    refused = CliRunner().invoke(main, ["gaps", "--section", "report"], env=cli_env)
    bad_date = CliRunner().invoke(main, ["gaps", "--as-of", "15/01/2026"], env=cli_env)

    assert coverage.output.splitlines()[1].startswith("LO-01  Early years providers")
    assert json.loads(report.output)["demand"]["total_plans"] == 100
    assert refused.exit_code == 2 and "only available with --format json" in refused.output
    assert bad_date.exit_code == 2 and "'15/01/2026' is not a date like 2026-01-31" in (
        bad_date.output
    )
