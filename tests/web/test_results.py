"""The results page: the same search and listings as the API, filters with counts, tags, sort,
pagination, spelling, the plain-English reading of the search, and the no-results page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.factories import classify, create_service
from tests.web.conftest import get_page
from tests.web.html import Page


def results(page: Page) -> list[str]:
    """The names of the results, in order."""
    return [
        e.content
        for e in page.all("a")
        if (e.attrs.get("href") or "").startswith("/services/")
        and e.attrs.get("class") == "govuk-link"
        and not (e.attrs.get("href") or "").endswith("report-a-problem")
    ]


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def checkbox(page: Page, name: str, value: str) -> dict[str, str | None]:
    for element in page.all("input"):
        if element.attrs.get("name") == name and element.attrs.get("value") == value:
            return element.attrs
    raise AssertionError(f"no {name}={value} checkbox")


def label_for(page: Page, element_id: str | None) -> str:
    return next(e.content for e in page.all("label") if e.attrs.get("for") == element_id)


def test_a_search_shows_summaries_of_the_same_listings_as_the_api(page_client, directory):
    page = get_page(page_client, "/services?q=speech")
    assert page.title == "Search results (page 1 of 1) – Barnet Local Offer"
    assert "1 service found" in page.text
    speech = directory["speech"]
    assert page.links()["Speech and Language Drop-in"] == f"/services/{speech.id}"
    text = page.text
    for line in (
        "Barnet Speech Therapy Trust",
        "Advice for families of children with speech needs.",
        "Ages Birth to 11 years",
        "Needs Speech, language and communication needs, Autistic spectrum disorder",
        "Cost Some options free",
        "Last checked 1 September 2026",
        "Priorities Local inclusive provision",
    ):
        assert line in text, line
    api = page_client.get("/api/v1/services", params={"q": "autism", "per_page": 10}).json()
    html = get_page(page_client, "/services?q=autism")
    assert results(html) == [item["name"] for item in api["items"]]
    assert f"{api['total']} services found" in html.text


def test_filters_are_a_plain_get_form_with_counts(page_client, directory):
    page = get_page(page_client, "/services")
    [form] = [f for f in page.all("form") if f.attrs.get("id") == "filters"]
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/services"
    asd = checkbox(page, "need", "ASD")
    # Two services for autism and the helpline for all needs.
    assert label_for(page, asd["id"]) == "Autistic spectrum disorder (3)"
    assert "checked" not in asd
    assert label_for(page, checkbox(page, "cost", "free")["id"]) == "Free (2)"
    assert label_for(page, checkbox(page, "delivery", "phone")["id"]) == "By phone (1)"
    # Options that would find nothing are not offered.
    assert not [e for e in page.all("input") if e.attrs.get("value") == "paid"]
    legends = [e.content for e in page.all("legend")]
    for legend in ("Age", "Location", "Needs", "Cost", "How it is provided", "Sector"):
        assert legend in legends
    # The search box and the sort list belong to the filter form wherever they sit.
    inputs = {e.attrs.get("name"): e.attrs for e in page.all("input")}
    assert inputs["q"]["form"] == "filters"
    [sort] = [e for e in page.all("select") if e.attrs.get("name") == "sort"]
    assert sort.attrs["form"] == "filters"


def test_selected_filters_are_checked_counted_and_removable_one_at_a_time(page_client, directory):
    page = get_page(page_client, "/services?q=support&need=ASD&cost=free&cost=some_free")
    assert "checked" in checkbox(page, "need", "ASD")
    assert "checked" in checkbox(page, "cost", "free")
    assert "Filter results (3 selected)" in page.text
    tags = {
        e.content: e.attrs["href"]
        for e in page.all("a")
        if e.attrs.get("class") == "app-filter-tag"
    }
    assert set(tags) == {
        "Remove filter: support",
        "Remove filter: Autistic spectrum disorder",
        "Remove filter: Free",
        "Remove filter: Some options free",
    }
    assert query_of(tags["Remove filter: Free"]) == {
        "q": ["support"],
        "need": ["ASD"],
        "cost": ["some_free"],
    }
    assert query_of(tags["Remove filter: support"]) == {
        "need": ["ASD"],
        "cost": ["free", "some_free"],
    }
    assert query_of(page.links()["Clear filters"]) == {"q": ["support"]}


def test_the_home_pages_links_work(page_client, directory):
    # A broad area sends all of its needs; the API's broad-area code is accepted too.
    for url in ("/services?need=SLCN&need=ASD", "/services?need=communication_interaction"):
        page = get_page(page_client, url)
        assert "checked" in checkbox(page, "need", "SLCN")
        assert "checked" in checkbox(page, "need", "ASD")
        assert set(results(page)) == {
            "Speech and Language Drop-in",
            "Autism Parent Support Group",
            "SEND Information Helpline",
        }
    page = get_page(page_client, "/services?phase=post_19")
    assert "checked" in next(
        e.attrs for e in page.all("input") if e.attrs.get("value") == "post_19"
    )
    assert "Remove filter: Post-19 (19 to 25)" in page.text
    # Only services whose ages overlap 19 to 25: not the drop-in (0 to 11) or the group (2 to 18).
    assert results(page) == ["SEND Information Helpline"]


def test_an_age_wins_over_an_age_group(page_client, directory):
    page = get_page(page_client, "/services?age=15&phase=early_years")
    assert "Remove filter: Age 15" in page.text
    assert set(results(page)) == {"Autism Parent Support Group", "SEND Information Helpline"}
    page = get_page(page_client, "/services?min_age=12&max_age=20")
    assert "Remove filter: Ages 12 to 20 years" in page.text
    hidden = {
        e.attrs["name"]: e.attrs["value"]
        for e in page.all("input")
        if e.attrs.get("type") == "hidden" and e.attrs.get("name") in ("min_age", "max_age")
    }
    assert hidden == {"min_age": "12", "max_age": "20"}


def test_sorting_and_distance_labels(page_client, directory):
    page = get_page(page_client, "/services?sort=name")
    assert results(page) == sorted(results(page))
    options = [e.content for e in page.all("option")]
    assert "Nearest first" not in options and "Name (A to Z)" in options
    page = get_page(page_client, "/services?postcode=n31ab&sort=distance")
    assert "Nearest first" in [e.content for e in page.all("option")]
    assert results(page)[:2] == ["Speech and Language Drop-in", "Autism Parent Support Group"]
    text = page.text
    assert "Distance Less than 0.1 miles away" in text
    assert "Distance 1.7 miles away" in text
    assert "Distance No venue: by phone" in text
    page = get_page(page_client, "/services?postcode=N3+1AB&radius_km=1.61")
    assert "Remove filter: Within 1 mile of N3 1AB" in page.text
    # The group meets 1.7 miles away; the helpline has no venue and works by phone.
    assert results(page) == ["Speech and Language Drop-in", "SEND Information Helpline"]


def test_a_postcode_district_is_searched_from_its_centre(page_client, directory):
    page = get_page(page_client, "/services?postcode=nw4&sort=distance")
    assert results(page)[0] == "Autism Parent Support Group"
    assert "Distances are measured from the middle of the NW4 area." in page.text


def test_pagination(page_client, session, directory, build_index):
    for n in range(22):
        create_service(session, name=f"Youth club {n:02d}")
    build_index()
    page = get_page(page_client, "/services?q=youth+club&sort=name")
    assert page.title == "Search results (page 1 of 3) – Barnet Local Offer"
    assert results(page)[:2] == ["Youth club 00", "Youth club 01"]
    links = page.links()
    assert "Previous page" not in links
    assert query_of(links["Next page"]) == {"q": ["youth club"], "sort": ["name"], "page": ["2"]}
    [current] = [e for e in page.all("a") if e.attrs.get("aria-current") == "page"]
    assert current.content == "1"
    page = get_page(page_client, "/services?q=youth+club&sort=name&page=3")
    assert page.title == "Search results (page 3 of 3) – Barnet Local Offer"
    assert results(page) == ["Youth club 20", "Youth club 21"]
    assert "Next page" not in page.links() and "Previous page" in page.links()
    # A page past the end (the list shrank since the link was made) goes to the last page.
    response = page_client.get("/services?q=youth+club&sort=name&page=9", follow_redirects=False)
    assert response.status_code == 303
    assert query_of(response.headers["location"])["page"] == ["3"]


def test_spelling_is_corrected_and_the_original_can_be_searched(page_client, directory):
    page = get_page(page_client, "/services?q=speach")
    assert "Showing results for speech. Search instead for speach" in page.text
    assert results(page) == ["Speech and Language Drop-in"]
    original = page.links()["Search instead for speach"]
    assert query_of(original) == {"q": ["speach"], "spelling": ["off"]}
    page = get_page(page_client, original)
    assert "Did you mean speech?" in page.text
    assert query_of(page.links()["speech"]) == {"q": ["speech"]}
    assert "0 services found" in page.text


def test_the_search_is_read_back_in_plain_english(page_client, directory):
    page = get_page(page_client, "/services?q=autism")
    assert "We searched for autism (including autistic, ASD, ASC)." in page.text
    page = get_page(page_client, "/services?q=SALT")
    assert re.search(
        r"We searched for SALT \(including [^)]*speech and language therapy", page.text
    )
    page = get_page(page_client, "/services?q=groups+for+my+4+year+old")
    assert "Services for age 4 are shown first." in page.text


def test_no_results_offers_wider_searches_nearby_areas_and_the_team(page_client, directory):
    page = get_page(page_client, "/services?q=autism&cost=paid&postcode=N3+1AB&radius_km=1.61")
    assert page.title == "No services found – Barnet Local Offer"
    assert "0 services found" in page.text
    links = page.links()
    widen = links["Search without the ‘Cost’ filter"]
    assert query_of(widen) == {"q": ["autism"], "postcode": ["N3 1AB"], "radius_km": ["1.61"]}
    assert "Search without the ‘Cost’ filter (1 service)" in page.text
    assert "Search without the words ‘autism’" not in links  # still nothing paid
    areas = [name for name in links if re.match(r"^(N12|N2|NW4|EN5) \(", name)]
    assert areas[0] == "N12 (North Finchley, Woodside Park)"
    assert query_of(links[areas[0]])["postcode"] == ["N12"]
    assert "phone the Local Offer team on 020 8359 7007" in page.text


def test_bad_parameters_get_an_error_summary_not_an_error_page(page_client, directory):
    response = page_client.get("/services?q=autism&age=old&need=XYZ&need=ASD&radius_km=5")
    assert response.status_code == 400
    page = get_page(page_client, "/services?q=autism&age=old&need=XYZ&need=ASD&radius_km=5", 400)
    assert page.title.startswith("Error: Search results (page 1 of 1)")
    summary = {
        e.content: e.attrs["href"]
        for e in page.all("a")
        if (e.attrs.get("href") or "").startswith("#") and e.attrs["href"] != "#main-content"
    }
    assert summary == {
        "Enter an age from 0 to 25, like 7": "#age",
        "Choose needs from the list": "#need-1",
        "Enter a postcode to search within a distance": "#postcode",
    }
    # What could be read is still searched: the word autism and the need ASD (the helpline,
    # for all needs, passes the filter but never mentions autism).
    assert set(results(page)) == {"Speech and Language Drop-in", "Autism Parent Support Group"}
    inputs = {e.attrs.get("name"): e.attrs for e in page.all("input")}
    assert inputs["age"]["value"] == "old"
    page = get_page(page_client, "/services?postcode=not+a+postcode", 400)
    assert "Enter a full postcode, like N3 1AB, or the first part of one, like N3" in page.text
    page = get_page(page_client, "/services?postcode=ZZ9+9ZZ&sort=distance", 400)
    assert "We could not find ZZ9 9ZZ" in page.text
    assert "3 services found" in page.text


def test_no_query_string_gives_a_server_error(page_client, directory):
    for query in (
        "q=" + "x" * 500,
        "q=%00",
        "age=-1&min_age=30",
        "min_age=9&max_age=3",
        "radius_km=abc&postcode=N3+1AB",
        "sort=distance",
        "sort=sideways&page=0&page=x",
        "phase=teens",
        "page=99999999999999999999",
        "spelling=maybe&per_page=1000&utm_source=newsletter",
        'q=title:(autism OR "deaf") AND *',
        "show=service_type&show=nonsense",
        "postcode=" + "N3" * 20,
    ):
        response = page_client.get(f"/services?{query}", follow_redirects=False)
        assert response.status_code in (200, 303, 400), (query, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), query
        assert "There is a problem" in response.text or response.status_code != 400, query


def test_imported_text_is_shown_as_text(page_client, session, directory, build_index):
    hostile = create_service(
        session,
        name='<script>alert("name")</script> Swimming club',
        description_text="Splash <img src=x onerror=alert(1)> sessions. "
        '<a href="javascript:x">More</a>',
        organization=directory["group"].organization,
    )
    hostile.organization.name = "<b onmouseover=alert(2)>Forum</b>"
    classify(session, hostile, "send-need", "ASD")
    build_index()
    response = page_client.get("/services?q=swimming")
    assert response.status_code == 200
    page = get_page(page_client, "/services?q=swimming")
    assert '<script>alert("name")</script> Swimming club' in page.text
    assert "Splash <img src=x onerror=alert(1)> sessions." in page.text
    assert not [e for e in page.all("script") if e.attrs.get("src") is None and "alert" in e.text]
    assert not page.all("img") and not page.all("b")
    assert "onerror" not in "".join(str(e.attrs) for e in page.all("img"))
    assert "&lt;script&gt;" in response.text


def test_shortlist_buttons_on_the_results_post_with_the_csrf_token(page_client, directory):
    speech = directory["speech"]
    page = get_page(page_client, "/services?q=speech")
    [form] = [f for f in page.all("form") if f.attrs.get("action") == "/shortlist/add"]
    assert form.attrs["method"] == "post"
    token, back = page.form_value("csrf_token"), page.form_value("next")
    assert back == "/services?q=speech"
    [button] = [e for e in page.all("button") if e.attrs.get("name") == "service_id"]
    assert button.attrs["value"] == str(speech.id)
    assert button.content == "Add to shortlist: Speech and Language Drop-in"
    data = {"csrf_token": token, "next": back, "service_id": str(speech.id)}
    refused = page_client.post(
        "/shortlist/add", data={**data, "csrf_token": "forged"}, follow_redirects=False
    )
    assert refused.status_code == 400
    response = page_client.post("/shortlist/add", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/services?q=speech&shortlist=added"
    page = get_page(page_client, response.headers["location"])
    assert "Added to your shortlist. View your shortlist (1)" in page.text
    [button] = [e for e in page.all("button") if e.attrs.get("name") == "service_id"]
    assert button.content == "Remove from shortlist: Speech and Language Drop-in"
    assert button.attrs["formaction"] == "/shortlist/remove"


def test_security_headers_and_no_inline_script(page_client, directory):
    response = page_client.get("/services?q=autism")
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert 'style="' not in response.text


def test_a_submitted_form_is_answered_with_the_tidy_address(page_client, directory):
    sent = "/services?q=autism&age=&phase=&postcode=&radius_km=&need=ASD&sort=relevance"
    response = page_client.get(sent, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/services?q=autism&need=ASD"
    response = page_client.get("/services?q=&show=service_type&sort=name", follow_redirects=False)
    assert response.headers["location"] == "/services?sort=name&show=service_type"
