"""Searches on the page and through the API are logged, privacy-safe, once per search."""

from sqlalchemy import select

from directory.models import SearchLog
from tests.web.conftest import get_page


def logged(session):
    session.expire_all()
    return session.scalars(select(SearchLog).order_by(SearchLog.created_at)).all()


def test_page_and_api_searches_are_logged_without_personal_details(page_client, session, directory):
    get_page(
        page_client,
        "/services?q=autism+help+for+jo%40example.org+07700+900123&postcode=N3+1AB&phase=primary&cost=free",
    )
    page_client.get("/api/v1/services", params={"q": "hydrotherapy", "need": "PD"})
    page_client.get("/api/v1/services", params={"q": "autism", "page": 2})  # the same search
    [web, api] = logged(session)
    assert web.channel == "web"
    assert web.query_text == "autism help for"
    assert web.postcode_district == "N3"
    assert web.need_codes == ["ASD"]
    assert (int(web.min_age), int(web.max_age)) == (5, 10)
    assert web.filters == {"cost": ["free"]}
    assert web.result_count == 1
    assert api.channel == "api"
    assert api.query_text == "hydrotherapy"
    assert api.need_codes == ["PD"] and api.result_count == 0


def test_a_failing_log_never_fails_the_search(page_client, session, directory, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database is read-only")

    monkeypatch.setattr("directory.web.search_log.record_search", broken)
    page = get_page(page_client, "/services?q=autism")
    assert "services found" in page.text
    assert logged(session) == []
