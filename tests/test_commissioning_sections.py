"""Priorities with DfE indicators, statutory coverage and unmet searches, on constructed data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from directory.commissioning import report_context
from directory.commissioning.coverage import parse_rules, rules
from directory.commissioning.matrix import ServiceFilter
from directory.commissioning.report import (
    coverage_section,
    priorities_section,
    searches_section,
    services_behind,
)
from directory.commissioning.searches import Count
from directory.errors import ConfigurationError
from directory.localoffer import AuthorityConfig, load_config
from directory.models import Feedback, Phone
from directory.settings import default_config_path
from tests.commissioning_data import AS_OF, small_world
from tests.factories import classify, create_demand, create_search, create_service, tag_priority


@pytest.fixture(scope="module")
def config() -> AuthorityConfig:
    return load_config(default_config_path())


# --- priorities --------------------------------------------------------------------------------


def test_services_per_priority_by_sector_and_phase(
    session: Session, config: AuthorityConfig
) -> None:
    world = small_world(session)
    tag_priority(session, world["cds"], "P1")
    tag_priority(session, world["cds"], "P3")
    tag_priority(session, world["college"], "P6")
    tag_priority(session, world["breaks"], "P5")
    tag_priority(session, world["closed"], "P5")  # inactive: not counted
    report = priorities_section(report_context(session, config, as_of=AS_OF))

    assert [(p.id, p.services) for p in report.priorities] == [
        ("P1", 1),
        ("P2", 0),
        ("P3", 1),
        ("P4", 0),
        ("P5", 1),
        ("P6", 1),
    ]
    assert report.untagged == 3
    p1 = [c.count for c in report.by_sector.cells[0]]
    assert p1 == [1, 1, 0, 0]  # education, health, social care, voluntary
    p6 = [c.count for c in report.by_phase.cells[5]]
    assert p6 == [0, 0, 1, 1, 1]
    assert report.by_sector.cells[4][2].filter.query_string() == "sector=social_care&priority=P5"


def test_p1_timeliness_indicator_against_england(session: Session, config: AuthorityConfig) -> None:
    for area, name, value, top, bottom in (
        ("E09000003", "Barnet", "100", 747, 747),
        ("E12000007", "London", "64.7", 8859, 13697),
        ("E92000001", "England", "45.9", 41448, 90392),
    ):
        common = {
            "dataset": "sen2_timeliness",
            "period": "2024",
            "period_label": "2024",
            "area_code": area,
            "area_name": name,
        }
        create_demand(
            session,
            measure="pc_plans_issued_within_20_weeks",
            value=Decimal(value),
            unit="percent",
            **common,
        )
        create_demand(session, measure="plans_issued_within_20_weeks", value=Decimal(top), **common)
        create_demand(session, measure="plans_issued_den", value=Decimal(bottom), **common)
    report = priorities_section(report_context(session, config, as_of=AS_OF))

    [indicator] = report.priorities[0].indicators  # no requests figures: one indicator
    assert indicator.code == "ehcp_20_weeks"
    assert indicator.period_label == "2024"
    assert [(v.area_name, v.value, v.detail) for v in indicator.values] == [
        ("London Borough of Barnet", 100.0, "747 of 747"),
        ("London", 64.7, "8,859 of 13,697"),
        ("England", 45.9, "41,448 of 90,392"),
    ]


def test_p6_supported_internships_per_100_plans_aged_16_to_25(
    session: Session, config: AuthorityConfig
) -> None:
    common = {"dataset": "sen2_work_placements", "area_code": "E09000003"}
    create_demand(session, measure="open_supp_intern", value=Decimal(35), **common)
    create_demand(session, measure="open_apprentice", value=None, symbol="c", **common)
    for band, value in (("15", 999), ("16", 600), ("24", 400)):
        create_demand(session, breakdown_topic="age", breakdown=band, value=Decimal(value))
    report = priorities_section(report_context(session, config, as_of=AS_OF))

    internships, apprenticeships = report.priorities[5].indicators
    barnet = internships.values[0]
    assert (barnet.value, barnet.detail) == (3.5, "35 for 1,000 plans at 16 to 25")
    assert internships.unit == "per 100 plans aged 16 to 25"
    assert (apprenticeships.values[0].value, apprenticeships.values[0].symbol) == (None, "x")
    assert internships.values[2].value is None  # England's figures are not loaded


# --- coverage ----------------------------------------------------------------------------------


def test_every_checklist_item_has_a_rule() -> None:
    assert [r.code for r in rules()] == [f"LO-{n:02d}" for n in range(1, 34)]


def test_coverage_on_the_small_world(session: Session, config: AuthorityConfig) -> None:
    world = small_world(session)
    classify(session, world["breaks"], "service-type", "short_breaks")
    classify(
        session, world["cds"], "service-type", "community_paediatrics", "speech_language_therapy"
    )
    world["outreach"].eligibility_description = "Children with an autism diagnosis."
    session.add(Phone(service=world["speech"], number="020 8359 7007"))
    session.flush()
    report = coverage_section(report_context(session, config, as_of=AS_OF))
    items = {i.code: i for i in report.items}

    assert (items["LO-14"].rag, items["LO-14"].reason) == (
        "amber",
        "Only 1 service (1 short breaks); 5 or more expected.",
    )
    assert items["LO-14"].services == (str(world["breaks"].id),)
    assert (items["LO-07"].rag, items["LO-07"].reason) == (
        "amber",
        "Only 2 services (2 outside the borough); 3 or more expected.",
    )
    assert items["LO-15"].rag == "amber"
    assert (
        items["LO-15"].reason
        == "Only 1 service (1 community paediatrics and diagnosis); 2 or more expected."
    )
    assert (items["LO-27"].rag, items["LO-27"].reason) == (
        "red",
        "1 of 6 services (17%) state who is eligible.",
    )
    assert (items["LO-31"].rag, items["LO-31"].reason) == (
        "red",
        "1 of 6 services (17%) give a phone number.",
    )
    assert (items["LO-18"].rag, items["LO-18"].reason) == (
        "red",
        "No travel assistance or travel training is listed.",
    )
    assert items["LO-30"].rag == "red"
    assert items["LO-33"].reason == (
        "0 of 6 services (0%) record a quality mark or inspection rating. Quality ratings "
        "(Ofsted, CQC) and destinations or outcomes data are not held in the directory."
    )
    assert sum(report.counts.values()) == 33


def test_green_needs_enough_fresh_services_of_every_named_kind(
    session: Session, config: AuthorityConfig
) -> None:
    for kind in ("disagreement_resolution", "disagreement_resolution"):
        classify(session, create_service(session), "service-type", kind)
    stale = create_service(session, assured_date=date(2020, 1, 1))
    classify(session, stale, "service-type", "travel")
    for kind in ("sendiass", "parent_carer_forum", "support_group"):
        classify(session, create_service(session), "service-type", kind)
    items = {
        i.code: i for i in coverage_section(report_context(session, config, as_of=AS_OF)).items
    }

    assert (items["LO-26"].rag, items["LO-26"].reason) == (
        "green",
        "2 services (2 mediation, tribunal and complaints).",
    )
    assert items["LO-18"].rag == "amber"
    assert items["LO-18"].reason == (
        "1 services (1 travel assistance and travel training), but 1 were last checked over 12 "
        "months ago, or never."
    )
    assert items["LO-24"].rag == "green"
    assert items["LO-32"].rag == "amber"  # capped: consultation evidence is not in the directory
    assert items["LO-32"].reason.endswith("is not held in the directory.")


def test_required_kind_missing_is_amber(session: Session, config: AuthorityConfig) -> None:
    for _ in range(3):
        classify(session, create_service(session), "service-type", "support_group")
    items = {
        i.code: i for i in coverage_section(report_context(session, config, as_of=AS_OF)).items
    }

    assert items["LO-24"].rag == "amber"
    assert items["LO-24"].reason == (
        "3 services (3 support groups), but none for information, advice and advocacy "
        "(sendiass), parent carer forum."
    )


def test_published_feedback_covers_lo30(session: Session, config: AuthorityConfig) -> None:
    session.add(
        Feedback(
            category="comment",
            message="More autism groups please",
            response="We have commissioned two",
            published=True,
            responded_at=datetime(2025, 2, 1, tzinfo=UTC),
        )
    )
    session.flush()
    items = {
        i.code: i for i in coverage_section(report_context(session, config, as_of=AS_OF)).items
    }
    assert items["LO-30"].rag == "green"
    assert items["LO-30"].reason == (
        "1 comments published with a response, the latest on 01 February 2025."
    )

    later = {
        i.code: i
        for i in coverage_section(report_context(session, config, as_of=date(2026, 6, 1))).items
    }
    assert later["LO-30"].rag == "amber"
    assert "they must be published at least annually" in later["LO-30"].reason


def test_keyword_evidence_matches_whole_words(session: Session, config: AuthorityConfig) -> None:
    create_service(session, name="Dsa advice", description_text="Disabled Students' Allowance")
    create_service(session, name="Vodsal", description_text="nothing relevant")
    ctx = report_context(session, config, as_of=AS_OF)
    items = {i.code: i for i in coverage_section(ctx).items}

    assert items["LO-21"].rag == "green"
    assert [s.name for s in services_behind(ctx, ServiceFilter(), "LO-21")] == ["Dsa advice"]


def test_a_bad_rule_file_is_refused_with_the_item() -> None:
    with pytest.raises(ConfigurationError, match=r"x.toml LO-01: unknown term 'service-type:zoo'"):
        parse_rules(
            {"items": [{"code": "LO-01", "evidence": [{"terms": ["service-type:zoo"]}]}]}, "x.toml"
        )
    with pytest.raises(ConfigurationError, match="no rule for LO-02"):
        parse_rules({"items": [{"code": "LO-01", "feedback": True}]}, "x.toml")


# --- searches ----------------------------------------------------------------------------------


def test_unmet_searches_by_words_need_phase_and_district(
    session: Session, config: AuthorityConfig
) -> None:
    for _ in range(3):
        create_search(
            session,
            query_text="Autism  swimming",
            need_codes=["ASD"],
            min_age=Decimal(8),
            max_age=Decimal(8),
            postcode_district="N3",
            result_count=0,
        )
    create_search(
        session,
        query_text="autism swimming",
        need_codes=["ASD"],
        result_count=2,
        postcode_district="NW4",
    )
    create_search(session, query_text="autism swimming", need_codes=["ASD"], result_count=9)
    create_search(session, query_text="rare words", result_count=0, postcode_district="EN5")
    create_search(
        session, query_text="too old", result_count=0, created_at=datetime(2024, 12, 1, tzinfo=UTC)
    )
    report = searches_section(report_context(session, config, as_of=AS_OF))

    assert (report.searches, report.unmet, report.no_results) == (6, 5, 4)
    [group] = report.top
    assert (group.text, group.needs, group.unmet, group.no_results) == (
        "autism swimming",
        ("ASD",),
        4,
        3,
    )
    assert group.phases == (Count("primary", 3), Count("any_age", 1))
    assert group.districts == (Count("N3", 3), Count("NW4", 1))
    assert report.not_shown == 1  # "rare words" was searched once: never shown
    by_need = {r.code: (r.searches, r.unmet, r.no_results) for r in report.by_need}
    assert by_need == {"ASD": (5, 4, 3), "not_given": (1, 1, 1)}
    by_district = {r.code: (r.searches, r.unmet) for r in report.by_district}
    assert by_district == {"EN5": (1, 1), "N3": (3, 3), "NW4": (1, 1), "not_given": (1, 0)}
    by_phase = {r.code: r.unmet for r in report.by_phase}
    assert by_phase == {"primary": 3, "any_age": 2}
