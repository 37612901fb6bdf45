"""Open Referral UK 3.0 on the Barnet demo: every service's list and detail output validates
against the UK profile's JSON schemas (format checking on), and the envelope, filters and
errors behave as the standard and our documentation say."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from referencing import Registry

from directory.vocab import taxonomy_id, term_id
from tests.api.conftest import Demo, oruk_schema

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def validate(instance: Any, name: str, registry: Registry[Any]) -> None:
    validator = jsonschema.Draft202012Validator(
        oruk_schema(name), registry=registry, format_checker=FORMATS
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10]
    )


def all_pages(demo: Demo, url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = demo.get(url, params={"page": page, "per_page": 100}).json()
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1


def no_empty_values(value: Any, where: str = "") -> list[str]:
    """Paths of null, "" or [] values: ORUK asks for optional fields to be left out instead."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None or item == "" or item == []:
                found.append(f"{where}/{key}")
            found += no_empty_values(item, f"{where}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += no_empty_values(item, f"{where}[{index}]")
    return found


def test_root_names_the_version_profile_and_openapi(demo: Demo) -> None:
    response = demo.get("/oruk/")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json() == {
        "version": "HSDS-UK-3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        "openapi_url": "http://testserver/oruk/openapi.json",
    }
    assert demo.get("/oruk/openapi.json").json()["info"]["version"] == "HSDS-UK-3.0"


def test_every_demo_service_list_item_and_detail_validates(
    demo: Demo, oruk_registry: Registry[Any]
) -> None:
    listed = all_pages(demo, "/oruk/services")
    assert len(listed) == demo.published
    assert len({s["id"] for s in listed}) == demo.published
    for item in listed:
        validate(item, "compiled/service_list.json", oruk_registry)
        assert item["organization_id"] == item["organization"]["id"]
        assert not no_empty_values(item), item["name"]
        detail = demo.get(f"/oruk/services/{item['id']}")
        assert detail.status_code == 200
        body = detail.json()
        validate(body, "compiled/service.json", oruk_registry)
        assert not no_empty_values(body, item["name"]) or _only_allowed_empties(body)
        assert {k: body[k] for k in item if k != "organization"} == {
            k: v for k, v in item.items() if k != "organization"
        }


def _only_allowed_empties(body: dict[str, Any]) -> bool:
    # Address fields that HSDS requires are sent even when a source left them empty.
    required = {"address_1", "city", "state_province", "postal_code", "country", "address_type"}
    return all(path.rsplit("/", 1)[-1] in required for path in no_empty_values(body))


def test_detail_nests_places_classification_and_local_offer(demo: Demo) -> None:
    listed = demo.get("/oruk/services", params={"search": "Northway School"}).json()
    northway = next(s for s in listed["contents"] if s["name"] == "Northway School")
    body = demo.get(f"/oruk/services/{northway['id']}").json()
    place = body["service_at_locations"][0]
    assert place["location"]["addresses"][0]["postal_code"] == "NW7 3HS"
    features = {a["taxonomy_term"]["code"] for a in place["location"]["attributes"]}
    assert {"wheelchair", "makaton"} <= features
    needs = [a for a in body["attributes"] if a["link_type"] == "send-need"]
    assert needs and all(a["taxonomy_term"]["taxonomy"] == "send-need" for a in needs)
    assert {a["taxonomy_term_id"] for a in needs} <= {
        str(term_id("send-need", a["taxonomy_term"]["code"])) for a in needs
    }
    assert body["local_offer"]["ehcp_required"] is True
    assert body["local_offer"]["demo"] is True
    assert body["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"


def test_service_at_locations_validate_and_sort_by_distance(
    demo: Demo, oruk_registry: Registry[Any]
) -> None:
    near = demo.get(
        "/oruk/service_at_locations", params={"postcode": "N3 1AB", "proximity": 1500}
    ).json()
    assert near["total_items"] > 0
    for item in near["contents"]:
        validate(item, "compiled/service_at_location_list.json", oruk_registry)
    everywhere = demo.get("/oruk/service_at_locations", params={"postcode": "N3 1AB"}).json()
    assert everywhere["total_items"] > near["total_items"]
    first = near["contents"][0]
    detail = demo.get(f"/oruk/service_at_locations/{first['id']}").json()
    validate(detail, "compiled/service_at_location.json", oruk_registry)
    assert detail["service"]["id"] == first["service_id"]


def test_page_envelope(demo: Demo) -> None:
    pages = -(-demo.published // 100)
    body = demo.get("/oruk/services", params={"page": pages, "per_page": 100}).json()
    assert {k: v for k, v in body.items() if k != "contents"} == {
        "total_items": demo.published,
        "total_pages": pages,
        "page_number": pages,
        "size": demo.published - 100 * (pages - 1),
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    beyond = demo.get("/oruk/services", params={"page": 9}).json()
    assert beyond["empty"] is True and beyond["size"] == 0 and beyond["contents"] == []
    none = demo.get("/oruk/services", params={"search": "zzqxv"}).json()
    assert none["total_items"] == 0 and none["total_pages"] == 1 and none["last_page"] is True


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"minimum_age": 19}, lambda s: s.get("maximum_age") is None or s["maximum_age"] >= 19),
        ({"maximum_age": 2}, lambda s: s.get("minimum_age") is None or s["minimum_age"] <= 2),
        ({"search": "speech"}, lambda s: True),
    ],
)
def test_service_filters(demo: Demo, params: dict[str, Any], check: Any) -> None:
    body = demo.get("/oruk/services", params={**params, "per_page": 200}).json()
    assert 0 < body["total_items"] < demo.published
    assert all(check(s) for s in body["contents"])


def test_taxonomy_filters_and_unknown_ids(demo: Demo) -> None:
    asd = demo.get("/oruk/services", params={"taxonomy_term_id": str(term_id("send-need", "ASD"))})
    needs = demo.get("/oruk/services", params={"taxonomy_id": str(taxonomy_id("send-need"))})
    assert 0 < asd.json()["total_items"] < needs.json()["total_items"] <= demo.published
    unknown = demo.get(
        "/oruk/services", params={"taxonomy_term_id": "00000000-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"]["parameter"] == "taxonomy_term_id"
    assert unknown.headers["access-control-allow-origin"] == "*"


def test_schedule_and_modified_filters(demo: Demo) -> None:
    saturday = demo.get("/oruk/services", params={"day": "SA", "per_page": 200}).json()
    assert 0 < saturday["total_items"] < demo.published
    for item in saturday["contents"][:10]:
        full = demo.get(f"/oruk/services/{item['id']}").json()
        days = [s.get("byday", "") for s in full.get("schedules", [])] + [
            s.get("byday", "")
            for place in full.get("service_at_locations", [])
            for s in place.get("schedules", []) + place["location"].get("schedules", [])
        ]
        assert any("SA" in d for d in days), item["name"]
    window = demo.get("/oruk/services", params={"start_time": "09:00", "end_time": "12:00"})
    assert window.status_code == 200
    assert demo.get("/oruk/services", params={"modified_after": "2999-01-01"}).json()["empty"]
    assert (
        demo.get("/oruk/services", params={"modified_after": "2000-01-01"}).json()["total_items"]
        == demo.published
    )


def test_taxonomies_and_terms(demo: Demo, oruk_registry: Registry[Any]) -> None:
    taxonomies = demo.get("/oruk/taxonomies").json()
    assert taxonomies["total_items"] >= 10
    for item in taxonomies["contents"]:
        validate(item, "taxonomy.json", oruk_registry)
    terms = demo.get("/oruk/taxonomy_terms", params={"per_page": 200}).json()
    for item in terms["contents"]:
        validate(item, "taxonomy_term.json", oruk_registry)
    need = demo.get(f"/oruk/taxonomy_terms/{term_id('send-need', 'ASD')}").json()
    assert need["code"] == "ASD" and need["taxonomy"] == "send-need"
    sectors = demo.get("/oruk/taxonomy_terms", params={"taxonomy_id": str(taxonomy_id("sector"))})
    assert {t["code"] for t in sectors.json()["contents"]} == {
        "education",
        "health",
        "social_care",
        "voluntary",
    }


def test_ndjson_streams_every_service_fully_nested(demo: Demo) -> None:
    response = demo.get(
        "/oruk/services", params={"format": "ndjson", "maximum_age": 4, "full": "true"}
    )
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [line for line in response.text.splitlines() if line]
    paged = demo.get("/oruk/services", params={"maximum_age": 4}).json()
    assert len(lines) == paged["total_items"]
    assert '"local_offer"' in lines[0]


@pytest.mark.parametrize(
    "url",
    [
        "/oruk/services/not-a-uuid",
        "/oruk/services/00000000-0000-4000-8000-000000000000",
        "/oruk/service_at_locations/123",
        "/oruk/taxonomies/x",
        "/oruk/taxonomy_terms/00000000-0000-4000-8000-000000000000",
    ],
)
def test_unknown_ids_are_404_in_the_error_shape(demo: Demo, url: str) -> None:
    response = demo.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
    assert response.headers["access-control-allow-origin"] == "*"
