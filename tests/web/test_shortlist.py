"""Shortlist: add and remove without an account, print, download as CSV, CSRF, tampering."""

import csv
import io
import uuid

from directory.web.shortlist_cookie import COOKIE_NAME, MAX_ITEMS
from tests.factories import create_service
from tests.web.conftest import get_page, post_form
from tests.web.records import create_rich_service


def add(client, service, next_path=None):
    url = f"/services/{service.id}"
    return post_form(
        client, url, "/shortlist/add", {"service_id": str(service.id), "next": next_path or url}
    )


def test_add_from_the_service_page_and_see_it_listed(page_client, session):
    service = create_rich_service(session)
    response = add(page_client, service)
    assert response.status_code == 303
    assert response.headers["location"] == f"/services/{service.id}?shortlist=added"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=2592000" in cookie

    page = get_page(page_client, response.headers["location"])
    assert "Added to your shortlist. View your shortlist (1)" in page.text
    assert "Remove from shortlist: Speech and Language Drop-in" in page.text
    assert "Your shortlist (1)" in page.text

    page = get_page(page_client, "/shortlist")
    assert "1 service saved." in page.text
    assert page.links()["Speech and Language Drop-in"] == f"/services/{service.id}"
    assert "Barnet Speech Therapy Trust · Birth to 11 years" in page.text


def test_remove_and_clear(page_client, session):
    first, second = create_service(session), create_service(session)
    add(page_client, first)
    add(page_client, second)
    response = post_form(
        page_client,
        "/shortlist",
        "/shortlist/remove",
        {"service_id": str(first.id), "next": "/shortlist"},
    )
    assert response.headers["location"] == "/shortlist?shortlist=removed"
    page = get_page(page_client, response.headers["location"])
    assert "Removed from your shortlist" in page.text
    assert first.name not in page.text and second.name in page.text

    response = post_form(page_client, "/shortlist", "/shortlist/clear", {})
    assert response.headers["location"] == "/shortlist?shortlist=cleared"
    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
    page = get_page(page_client, "/shortlist?shortlist=cleared")
    assert "You have not saved any services yet." in page.text


def test_adding_twice_keeps_one_and_unknown_services_are_ignored(page_client, session):
    service = create_service(session)
    add(page_client, service)
    add(page_client, service)
    response = post_form(
        page_client,
        "/shortlist",
        "/shortlist/add",
        {"service_id": str(uuid.uuid4()), "next": "/shortlist"},
    )
    assert response.headers["location"] == "/shortlist"
    assert "1 service saved." in get_page(page_client, "/shortlist").text


def test_withdrawn_services_drop_out(page_client, session):
    service = create_service(session)
    add(page_client, service)
    service.status = "defunct"
    session.flush()
    page = get_page(page_client, "/shortlist")
    assert "1 service you saved is no longer in the Local Offer." in page.text
    assert "You have not saved any services yet." in page.text


def test_the_shortlist_is_capped(page_client, session):
    services = [create_service(session) for _ in range(MAX_ITEMS + 1)]
    for service in services[:MAX_ITEMS]:
        add(page_client, service)
    response = add(page_client, services[-1])
    assert response.headers["location"].endswith("?shortlist=full")
    page = get_page(page_client, response.headers["location"])
    assert "Your shortlist is full." in page.text
    assert f"{MAX_ITEMS} services saved." in get_page(page_client, "/shortlist").text


def test_forms_without_a_valid_csrf_token_are_refused(page_client, session):
    service = create_service(session)
    get_page(page_client, f"/services/{service.id}")  # has the cookie, but no token
    for data in ({}, {"csrf_token": "forged"}):
        response = page_client.post(
            "/shortlist/add",
            data={"service_id": str(service.id), **data},
            follow_redirects=False,
        )
        assert response.status_code == 400
        assert "We could not check that this form was sent from this website" in response.text
    assert COOKIE_NAME not in page_client.cookies


def test_a_token_from_another_browser_is_refused(app, page_client, session):
    from starlette.testclient import TestClient

    service = create_service(session)
    token = get_page(page_client, f"/services/{service.id}").form_value("csrf_token")
    with TestClient(app, headers={"Accept": "text/html"}) as other:
        get_page(other, "/")  # a different cookie value
        other.cookies.set("lo_csrf", "another-browsers-random-value-123")
        response = other.post(
            "/shortlist/add",
            data={"csrf_token": token, "service_id": str(service.id)},
            follow_redirects=False,
        )
    assert response.status_code == 400


def test_cross_site_posts_are_refused_even_with_a_token(page_client, session):
    service = create_service(session)
    token = get_page(page_client, f"/services/{service.id}").form_value("csrf_token")
    response = page_client.post(
        "/shortlist/add",
        data={"csrf_token": token, "service_id": str(service.id)},
        headers={"Sec-Fetch-Site": "cross-site"},
        follow_redirects=False,
    )
    assert response.status_code == 400


def test_a_tampered_cookie_reads_as_an_empty_shortlist(page_client, session):
    service = create_service(session)
    page_client.cookies.set(COOKIE_NAME, f'["{service.id.hex}"].forged-signature')
    assert "You have not saved any services yet." in get_page(page_client, "/shortlist").text


def test_next_must_be_a_path_on_this_site(page_client, session):
    service = create_service(session)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = add(page_client, service, next_path=target)
        assert response.headers["location"] == "/shortlist?shortlist=added"


def test_print_view(page_client, session):
    service = create_rich_service(session)
    add(page_client, service)
    page = get_page(page_client, "/shortlist/print")
    assert "Barnet Local Offer: shortlist" in page.text
    assert "Speech and Language Drop-in" in page.text
    assert "Come along to a drop-in session" in page.text
    assert f"http://testserver/services/{service.id}" in page.text
    [button] = [b for b in page.all("button") if "data-app-print" in b.attrs]
    assert "hidden" in button.attrs  # shown by JavaScript only, where it can print


def test_csv_download_is_safe_against_formula_injection(page_client, session):
    rich = create_rich_service(session)
    hostile = create_service(
        session,
        name='=HYPERLINK("https://evil.example","click")',
        description_text="+SUM(1,2)",
        eligibility_description="@cmd",
        application_process="-2+3",
        email="safe@example.org",
    )
    add(page_client, rich)
    add(page_client, hostile)
    response = page_client.get("/shortlist.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="local-offer-shortlist-'
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Service", "Provider", "Description", "Ages"]
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Service"] == "Speech and Language Drop-in"
    assert first["Ages"] == "Birth to 11 years"
    assert first["Cost"] == "Some options free"
    assert first["How to get access"].startswith("Families can contact the service directly")
    assert first["Phone"] == "020 8000 2222; 020 8000 3333; 020 8000 1111"
    assert first["Addresses"] == "1 High Street, London, N3 1AB"
    assert first["Local Offer page"] == f"http://testserver/services/{rich.id}"
    second = dict(zip(header, rows[2], strict=True))
    assert second["Service"] == '\'=HYPERLINK("https://evil.example","click")'
    assert second["Description"] == "'+SUM(1,2)"
    assert second["Eligibility"] == "'@cmd"
    assert second["How to get access"] == "'-2+3"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))
