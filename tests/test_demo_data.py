"""The Barnet demonstration feed is valid Open Referral UK 3.0, follows docs/oruk-profile.md,
covers what a Local Offer must cover, and the relevance judgments point at real services.

Reads the shipped JSON and the ORUK schemas in ../shared; needs no importer and no database.
"""

from __future__ import annotations

import json
import re
import tomllib
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import cache
from math import asin, cos, radians, sin, sqrt
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.demo import demo_services
from directory.demo.build.checks import description_words
from directory.demo.build.geography import PostcodeIndex
from directory.demo.build.pipeline import AS_OF
from directory.vocab import taxonomy_id, term_id, vocabulary
from tests.conftest import SHARED, SHARED_DATA

ORUK_SCHEMAS = SHARED / "standards" / "oruk-3.0" / "schema"
JUDGMENTS = Path(__file__).parent / "relevance" / "judgments.toml"
PHASES = {"0-4": (0, 4), "5-10": (5, 10), "11-15": (11, 15), "16-18": (16, 18), "19-25": (19, 25)}
# Public role mailboxes on real domains; every other address is at example.org.
REAL_MAIL_DOMAINS = {"barnet.gov.uk", "apoakhill.org.uk"}
Json = dict[str, Any]


@cache
def feed() -> list[Json]:
    data = json.loads(demo_services().read_text("utf-8"))
    assert isinstance(data, list)
    return data


def codes(record: Json, vocab: str) -> list[str]:
    return [a["taxonomy_term"]["code"] for a in record["attributes"] if a["link_type"] == vocab]


def locations(service: Json) -> list[Json]:
    return [link["location"] for link in service["service_at_locations"]]


def walk(node: Any) -> Iterator[Json]:
    """Every JSON object in a document, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(radians, (lat1, lon1, lat2, lon2))
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * 6_371_000 * asin(sqrt(h))


def schema_registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in ORUK_SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


# ------------------------------------------------------------------ shape and validity


def test_every_service_validates_against_the_oruk_schemas() -> None:
    compiled = json.loads((ORUK_SCHEMAS / "compiled" / "service.json").read_text())
    checkers = [
        Draft202012Validator(compiled, format_checker=FormatChecker()),
        # The component schemas, with their $refs resolved from the local files only.
        Draft202012Validator(
            {"$ref": "service.json"}, registry=schema_registry(), format_checker=FormatChecker()
        ),
    ]
    problems = [
        f"{service['name']}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for service in feed()
        for checker in checkers
        for error in checker.iter_errors(service)
    ]
    assert problems == []


def test_there_are_at_least_250_services_each_marked_as_demonstration_data() -> None:
    assert len(feed()) >= 250
    assert all(service["local_offer"]["demo"] is True for service in feed())


def test_ids_are_uuids_and_each_names_one_thing() -> None:
    seen: dict[str, Json] = {}
    for service in feed():
        for node in walk(service):
            if "id" not in node:
                continue
            assert str(uuid.UUID(node["id"])) == node["id"]
            # Shared things (an organisation, a venue) repeat with the same id and content.
            assert seen.setdefault(node["id"], node) == node, node["id"]
    service_ids = [service["id"] for service in feed()]
    assert len(service_ids) == len(set(service_ids))


def test_nested_records_point_at_their_parents() -> None:
    for service in feed():
        assert service["organization_id"] == service["organization"]["id"]
        for name in ("phones", "contacts", "schedules", "service_areas", "cost_options"):
            assert all(item["service_id"] == service["id"] for item in service[name])
        for link in service["service_at_locations"]:
            assert link["location_id"] == link["location"]["id"]
            assert all(
                a["location_id"] == link["location_id"] for a in link["location"]["addresses"]
            )


def test_attributes_carry_our_vocabularies_and_stable_term_ids() -> None:
    for service in feed():
        owners = [(service, "service")] + [(loc, "location") for loc in locations(service)]
        for owner, entity in owners:
            for attribute in owner["attributes"]:
                vocab, term = attribute["link_type"], attribute["taxonomy_term"]
                assert (attribute["link_id"], attribute["link_entity"]) == (owner["id"], entity)
                assert (vocab == "accessibility-feature") == (entity == "location")
                assert term["taxonomy"] == vocab
                assert term["name"] == vocabulary(vocab)[term["code"]].name
                assert (
                    attribute["taxonomy_term_id"] == term["id"] == str(term_id(vocab, term["code"]))
                )
                assert term["taxonomy_id"] == str(taxonomy_id(vocab))


def test_the_local_offer_extension_agrees_with_the_attributes() -> None:
    for service in feed():
        extension = service["local_offer"]
        assert extension["area_served"] in {"in_borough", "out_of_borough", "regional", "national"}
        assert codes(service, "cost-state") == [extension["cost_state"]]
        assert extension.get("ehcp_required") in (True, False, None)
        if extension["cost_state"] == "paid":
            assert any(option["amount"] > 0 for option in service["cost_options"])


def test_descriptions_are_family_length_and_some_carry_real_world_markup() -> None:
    words = {service["name"]: description_words(service["description"]) for service in feed()}
    assert {name: n for name, n in words.items() if not 40 <= n <= 150} == {}
    descriptions = [service["description"] for service in feed()]
    assert sum("<p>" in text or "<ul>" in text for text in descriptions) >= 80
    assert sum(bool(re.search(r"&(nbsp|amp|rsquo|#39|pound);", t)) for t in descriptions) >= 5


def test_contact_details_are_public_role_mailboxes_or_clearly_invented() -> None:
    addresses = [node["email"] for s in feed() for node in walk(s) if node.get("email")]
    domains = {address.rsplit("@", 1)[1] for address in addresses}
    assert domains <= REAL_MAIL_DOMAINS | {"example.org"}
    numbers = [phone["number"] for s in feed() for phone in s["phones"]]
    invented = [n for n in numbers if n.startswith("020 7946")]
    assert len(invented) >= 100
    assert all(re.fullmatch(r"020 7946 0\d{3}", n) for n in invented)


# ------------------------------------------------------------------ places


@cache
def postcodes() -> PostcodeIndex:
    return PostcodeIndex(SHARED_DATA / "geography")


def test_barnet_venues_sit_on_real_unit_postcodes() -> None:
    for service in feed():
        if service["local_offer"]["area_served"] != "in_borough":
            continue
        for location in locations(service):
            postcode = location["addresses"][0]["postal_code"]
            assert postcodes().has_unit(postcode), f"{location['name']}: {postcode}"
            position = postcodes().position(postcode)
            assert (
                metres(
                    position.latitude,
                    position.longitude,
                    location["latitude"],
                    location["longitude"],
                )
                < 50
            )


def test_venues_outside_barnet_are_placed_in_their_postcode_district() -> None:
    outside = [
        location
        for service in feed()
        if service["local_offer"]["area_served"] != "in_borough"
        for location in locations(service)
    ]
    assert len({location["id"] for location in outside}) >= 15
    for location in outside:
        position = postcodes().position(location["addresses"][0]["postal_code"])
        assert (location["latitude"], location["longitude"]) == (
            position.latitude,
            position.longitude,
        )


def test_online_and_phone_only_services_have_no_venue() -> None:
    remote = [s for s in feed() if set(codes(s, "delivery-method")) <= {"online", "phone"}]
    assert len(remote) >= 40
    assert all(s["service_at_locations"] == [] for s in remote)
    assert all("in_person" in codes(s, "delivery-method") for s in feed() if locations(s))


# ------------------------------------------------------------------ what a Local Offer must cover


def count(vocab: str) -> Counter[str]:
    return Counter(code for service in feed() for code in codes(service, vocab))


def phases(service: Json) -> set[str]:
    low, high = service.get("minimum_age", 0), service.get("maximum_age", 99)
    return {name for name, (start, end) in PHASES.items() if low <= end and high >= start}


def test_every_sector_need_phase_delivery_method_and_cost_state_is_covered() -> None:
    assert all(count("sector")[code] >= 30 for code in vocabulary("sector").codes)
    needs = count("send-need")
    assert {code: needs[code] for code in vocabulary("send-need").codes if needs[code] < 3} == {}
    by_phase = Counter(phase for service in feed() for phase in phases(service))
    assert all(by_phase[phase] >= 100 for phase in PHASES)
    assert all(count("delivery-method")[code] >= 25 for code in vocabulary("delivery-method").codes)
    costs = count("cost-state")
    assert costs["free"] > costs["paid"] >= 15
    assert costs["some_free"] >= 8 and costs["unknown"] >= 1


def test_some_services_leave_needs_to_be_inferred_from_their_description() -> None:
    unclassified = [s for s in feed() if not codes(s, "send-need")]
    assert 0.12 <= len(unclassified) / len(feed()) <= 0.20


def test_records_have_a_realistic_spread_of_review_dates_and_statuses() -> None:
    ages = [(AS_OF - date.fromisoformat(s["assured_date"])).days for s in feed()]
    assert all(age >= 0 for age in ages)
    assert 0.07 <= sum(age > 365 for age in ages) / len(ages) <= 0.15
    closed = [s for s in feed() if s["status"] == "temporarily closed"]
    assert len(closed) >= 3 and all(s["alert"] for s in closed)
    assert all(s["last_modified"] >= s["assured_date"] for s in feed())


def test_provision_in_and_out_of_borough_integrated_and_ehc_plan_only() -> None:
    areas = Counter(s["local_offer"]["area_served"] for s in feed())
    assert areas["in_borough"] >= 150 and areas["out_of_borough"] >= 8 and areas["national"] >= 30
    assert areas["regional"] >= 3
    integrated = [
        s
        for s in feed()
        if len({"education", "health", "social_care"} & set(codes(s, "sector"))) >= 2
    ]
    assert len(integrated) >= 20
    assert sum(s["local_offer"].get("ehcp_required") is True for s in feed()) >= 25


# The tagging heuristics of the Barnet priorities (shared/design/domain.md), by service type.
PRIORITY_TYPES = {
    "P1": {
        "ehc_assessment",
        "educational_psychology",
        "community_paediatrics",
        "social_care_assessment",
    },
    "P2": {"sendiass", "parent_carer_forum", "youth_group"},
    "P4": {"mainstream_school", "specialist_teaching", "resourced_provision", "tuition"},
    "P5": {"special_school", "leisure", "childcare", "short_breaks"},
    "P6": {
        "post_16_education",
        "supported_internship",
        "travel",
        "independent_living",
        "transition",
    },
}


@pytest.mark.parametrize("priority", sorted(PRIORITY_TYPES))
def test_there_is_material_for_each_barnet_priority(priority: str) -> None:
    matching = [s for s in feed() if PRIORITY_TYPES[priority] & set(codes(s, "service-type"))]
    if priority == "P5":
        matching = [s for s in matching if s["local_offer"]["area_served"] == "in_borough"]
    assert len(matching) >= 5


def test_there_is_material_for_integrated_commissioning_priority_p3() -> None:
    cds = next(s for s in feed() if s["name"] == "Barnet Child Development Service")
    assert set(codes(cds, "sector")) >= {"education", "health", "social_care"}
    assert len(codes(cds, "service-type")) >= 4


@pytest.mark.parametrize(
    "name",
    [
        "Northway School", "Oakleigh School", "Oak Lodge School", "Mapledown School",
        "Oak Hill School", "Kisharon School", "The Windmill School", "Barnet SENDIASS",
        "Barnet Parent Carer Forum", "Barnet Child Development Service", "Pavilion Study Centre",
        "Northgate School", "Home and Hospital Tuition", "EHC needs assessment", "CAMHS",
        "National Autistic Society", "National Deaf Children's Society", "RNIB", "Contact",
        "IPSEA", "Mencap", "Scope", "YoungMinds",
    ],
)  # fmt: skip
def test_real_barnet_and_national_bodies_are_present(name: str) -> None:
    texts = [f"{s['name']} {s['organization']['name']}" for s in feed()]
    assert any(name.lower() in text.lower() for text in texts)


@pytest.mark.parametrize(
    "school", ["Broadfields", "Childs Hill", "Coppetts Wood", "Livingstone", "Orion", "JCoSS",
               "Hendon School", "London Academy", "Summerside", "Colindale", "Friern Barnet"]
)  # fmt: skip
def test_every_barnet_resourced_provision_is_listed(school: str) -> None:
    assert any(
        school.lower() in s["name"].lower() and "resourced_provision" in codes(s, "service-type")
        for s in feed()
    )


# ------------------------------------------------------------------ relevance judgments


@cache
def judgments() -> list[Json]:
    queries = tomllib.loads(JUDGMENTS.read_text("utf-8"))["query"]
    assert isinstance(queries, list)
    return queries


def test_judged_services_all_exist() -> None:
    ids = {service["id"] for service in feed()}
    graded = {sid for query in judgments() for sid in query["grades"]}
    assert graded - ids == set()


def test_judgments_are_plentiful_graded_and_cover_filters() -> None:
    queries = judgments()
    assert len(queries) >= 45
    assert all(
        set(q["grades"].values()) <= {1, 2, 3} and 3 in q["grades"].values() for q in queries
    )
    assert sum(len(q["grades"]) for q in queries) >= 400
    for name in ("age", "need", "postcode"):
        assert sum(name in q for q in queries) >= 3, name


def test_graded_services_pass_the_query_filters() -> None:
    services = {service["id"]: service for service in feed()}
    for query in judgments():
        for sid in query["grades"]:
            service = services[sid]
            if "age" in query:
                assert (
                    service.get("minimum_age", 0) <= query["age"] <= service.get("maximum_age", 99)
                )
            needs = codes(service, "send-need")
            if "need" in query and needs:
                assert query["need"] in needs or needs == ["ALL"], (query["text"], service["name"])
            if "postcode" in query and locations(service):
                here = postcodes().position(query["postcode"])
                nearest = min(
                    metres(here.latitude, here.longitude, loc["latitude"], loc["longitude"])
                    for loc in locations(service)
                )
                assert nearest <= query["radius_m"], (query["text"], service["name"])
