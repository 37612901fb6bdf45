"""``/api/v1``: search with facets and interpretation, detail, CSV, reference lists, caching, on
the Barnet demo."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from directory.search import SearchIndex
from tests.api.conftest import Demo


def test_search_answers_with_listings_facets_and_interpretation(demo: Demo) -> None:
    response = demo.get("/api/v1/services", params={"q": "speach therapy", "age": 7})
    assert response.status_code == 200
    body = response.json()
    assert body["query"]["corrected_text"] == "speech therapy"
    assert body["suggestion"] == "speech therapy"
    assert body["total"] > 0 and body["page"] == 1 and body["per_page"] == 20
    first = body["items"][0]
    assert "speech" in first["name"].lower() or any(n["code"] == "SLCN" for n in first["needs"])
    assert first["age_range"]["minimum_age"] <= 7 <= (first["age_range"]["maximum_age"] or 99)
    assert first["links"]["oruk"].endswith(f"/oruk/services/{first['id']}")
    assert {f["name"] for f in body["facets"]} == {
        "need",
        "sector",
        "priority",
        "service_type",
        "cost",
        "delivery",
        "day",
        "referral",
        "accessibility",
    }
    need = next(f for f in body["facets"] if f["name"] == "need")
    assert any(v["code"] == "SLCN" and v["count"] > 0 for v in need["values"])


def test_synonyms_and_filters_are_reported(demo: Demo) -> None:
    body = demo.get(
        "/api/v1/services", params=[("q", "SALT"), ("sector", "health"), ("need", "SLCN,ASD")]
    ).json()
    assert body["query"]["synonyms"][0]["said"].lower() == "salt"
    assert body["query"]["filters"] == {"need": ["SLCN", "ASD"], "sector": ["health"]}
    assert all(any(s["code"] == "health" for s in item["sectors"]) for item in body["items"])
    sector = next(f for f in body["facets"] if f["name"] == "sector")
    assert next(v for v in sector["values"] if v["code"] == "health")["selected"] is True


def test_postcode_search_gives_distances_and_precision(demo: Demo) -> None:
    body = demo.get(
        "/api/v1/services", params={"postcode": "n31ab", "radius_km": 3, "sort": "distance"}
    ).json()
    assert body["query"]["postcode"]["postcode"] == "N3 1AB"
    assert body["query"]["postcode"]["precision"] in ("unit", "district")
    placed = [i for i in body["items"] if i["distance_km"] is not None]
    assert placed and all(i["distance_km"] <= 3 for i in placed)
    assert [i["distance_km"] for i in placed] == sorted(i["distance_km"] for i in placed)
    assert placed[0]["nearest_location"]["distance_km"] == placed[0]["distance_km"]
    district = demo.get("/api/v1/services", params={"postcode": "NW1 9ZZ"}).json()
    assert district["query"]["postcode"]["precision"] == "district"


def test_paging_links(demo: Demo) -> None:
    body = demo.get("/api/v1/services", params={"per_page": 50, "page": 2}).json()
    pages = -(-demo.active // 50)
    assert body["total"] == demo.active and pages > 3
    assert body["pages"] == pages and len(body["items"]) == 50
    assert body["links"]["prev"].endswith("page=1")
    assert body["links"]["next"].endswith("page=3")
    assert f"page={pages}" in body["links"]["last"]
    last = demo.get(body["links"]["last"]).json()
    assert "next" not in last["links"]
    assert len(last["items"]) == demo.active - 50 * (pages - 1)


def test_service_detail_has_everything_and_provenance(demo: Demo) -> None:
    item = demo.get("/api/v1/services", params={"q": "Northway School"}).json()["items"][0]
    detail = demo.get(item["links"]["self"])
    assert detail.status_code == 200
    body = detail.json()
    assert body["name"] == item["name"]
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    assert body["provenance"][0]["source"] == "demo:barnet_services"
    assert body["provenance"][0]["source_id"] == item["id"]
    assert body["local_offer"]["demo"] is True


def test_csv_has_every_page_of_the_search(demo: Demo) -> None:
    response = demo.get("/api/v1/services.csv", params={"need": "ASD"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="services-')
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    total = demo.get("/api/v1/services", params={"need": "ASD"}).json()["total"]
    assert rows[0][:3] == ["Name", "Provider", "Summary"]
    assert len(rows) - 1 == total > 20


def test_reference_lists(demo: Demo) -> None:
    taxonomies = demo.get("/api/v1/taxonomies").json()["taxonomies"]
    needs = next(t for t in taxonomies if t["key"] == "send-need")
    assert next(t for t in needs["terms"] if t["code"] == "ASD")["area"] == (
        "communication_interaction"
    )
    priorities = demo.get("/api/v1/priorities").json()
    assert [p["id"] for p in priorities["priorities"]] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert all(p["services"] >= 0 for p in priorities["priorities"])
    postcode = demo.get("/api/v1/postcodes/n31ab").json()
    assert postcode["postcode"] == "N3 1AB" and postcode["in_area"] is True
    assert postcode["precision"] == "unit"
    assert demo.get("/api/v1/postcodes/ZZ9%209ZZ").status_code == 404
    bad = demo.get("/api/v1/postcodes/%3F%3F%3F")
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "postcode"


def test_etag_cache_control_gzip_and_cors(demo: Demo) -> None:
    first = demo.get("/api/v1/services", params={"q": "autism"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["content-encoding"] == "gzip"
    assert first.headers["access-control-allow-origin"] == "*"
    again = demo.get("/api/v1/services", params={"q": "autism"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = demo.get("/api/v1/services", params={"q": "deaf"}, headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    reference = demo.get("/api/v1/taxonomies", headers={"Accept-Encoding": "identity"})
    assert reference.headers["cache-control"] == "public, max-age=3600"
    assert "content-encoding" not in reference.headers and reference.json()["taxonomies"]
    preflight = demo.client.options(
        "/oruk/services",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"


def test_pages_are_not_compressed_or_given_cors(demo: Demo) -> None:
    response = demo.get("/healthz")
    assert "content-encoding" not in response.headers
    assert "access-control-allow-origin" not in response.headers


def test_docs_page_lists_every_endpoint_without_javascript(demo: Demo) -> None:
    response = demo.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.text
    assert "<script" not in page
    for path in ("/api/v1/services", "/api/v1/services.csv", "/oruk/services/{id}", "radius_km"):
        assert path in page


def test_missing_index_answers_503_in_the_error_shape(demo: Demo, tmp_path: Path) -> None:
    index = demo.app.state.search_index
    demo.app.state.search_index = SearchIndex(tmp_path / "no-index", index.config)
    try:
        response = demo.get("/api/v1/services", params={"q": "autism"})
        oruk = demo.get("/oruk/services", params={"search": "autism"})
    finally:
        demo.app.state.search_index = index
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "search_unavailable"
    assert "local-offer index rebuild" in response.json()["error"]["message"]
    assert oruk.status_code == 503
    assert demo.get("/oruk/services").status_code == 200  # without search the feed still works
