"""The professionals' shortlist: add and remove services, print it, download it as CSV."""

from __future__ import annotations

import csv
import html
import io
import uuid
from collections.abc import Iterable
from datetime import date

import nh3
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directory.models import Service
from directory.vocab import vocabulary
from directory.web.formatting import age_range, long_date
from directory.web.forms import form_endpoint, local_path, see_other, text_field, with_query
from directory.web.service_view import (
    LISTED_STATUSES,
    load_services,
    parse_service_id,
    term_names,
)
from directory.web.shortlist_cookie import MAX_ITEMS, read_shortlist, write_shortlist
from directory.web.templating import render

CSV_COLUMNS = (
    "Service",
    "Provider",
    "Description",
    "Ages",
    "Cost",
    "How to get access",
    "Eligibility",
    "Phone",
    "Email",
    "Website",
    "Addresses",
    "Last checked",
    "Local Offer page",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def listed_ids(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(ids)
    if not wanted:
        return set()
    query = select(Service.id).where(Service.id.in_(wanted), Service.status.in_(LISTED_STATUSES))
    return set(session.scalars(query))


def _shortlisted_services(request: Request, session: Session) -> tuple[list[Service], int]:
    """The listed services on the shortlist, and how many saved ones are no longer listed."""
    ids = read_shortlist(request)
    services = [s for s in load_services(session, ids) if s.status in LISTED_STATUSES]
    return services, len(ids) - len(services)


def shortlist_page(request: Request) -> Response:
    with request.app.state.sessions() as session:
        services, missing = _shortlisted_services(request, session)
        return render(request, "shortlist.html", {"services": services, "missing": missing})


def shortlist_print(request: Request) -> Response:
    with request.app.state.sessions() as session:
        services, _ = _shortlisted_services(request, session)
        return render(
            request,
            "shortlist_print.html",
            {"services": services, "today": date.today()},  # noqa: DTZ011 - printed date
        )


def _change(request: Request, form: FormData, *, add: bool) -> Response:
    service_id = parse_service_id(text_field(form, "service_id"))
    back = local_path(text_field(form, "next"), "/shortlist")
    with request.app.state.sessions() as session:
        current = read_shortlist(request)
        # Saved services that have since been withdrawn drop out whenever the list changes.
        known = listed_ids(session, [*current, *([service_id] if service_id else [])])
    kept = [i for i in current if i in known]
    if service_id is None or service_id not in known:
        return see_other(back)
    if add and service_id not in kept and len(kept) >= MAX_ITEMS:
        return see_other(with_query(back, shortlist="full"))
    if add:
        ids, message = [*kept, service_id], "added"
    else:
        ids, message = [i for i in kept if i != service_id], "removed"
    response = see_other(with_query(back, shortlist=message))
    write_shortlist(request, response, ids)
    return response


def add_to_shortlist(request: Request, form: FormData) -> Response:
    return _change(request, form, add=True)


def remove_from_shortlist(request: Request, form: FormData) -> Response:
    return _change(request, form, add=False)


def clear_shortlist(request: Request, form: FormData) -> Response:
    response = see_other("/shortlist?shortlist=cleared")
    write_shortlist(request, response, [])
    return response


def csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading = + - @ becomes text."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _plain(description_text: str, description_html: str) -> str:
    if description_text.strip():
        return description_text.strip()
    return html.unescape(nh3.clean(description_html, tags=set())).strip()


def _phones(service: Service) -> list[str]:
    numbers = [p.number for p in service.phones]
    numbers += [p.number for c in service.contacts for p in c.phones]
    for link in service.service_at_locations:
        numbers += [p.number for p in link.phones] + [p.number for p in link.location.phones]
    return list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))


def _addresses(service: Service) -> list[str]:
    lines = []
    for link in service.service_at_locations:
        for address in link.location.addresses:
            parts = [address.address_1, address.address_2, address.city, address.postal_code]
            lines.append(", ".join(p.strip() for p in parts if p and p.strip()))
    return [line for line in dict.fromkeys(lines) if line]


def csv_row(service: Service, base_url: str) -> list[str]:
    emails = [service.email] + [c.email for c in service.contacts]
    access = [*term_names(service.attributes, "referral-route")]
    if service.application_process:
        access.append(service.application_process.strip())
    values = [
        service.name,
        service.organization.name,
        _plain(service.description_text, service.description),
        age_range(service.minimum_age, service.maximum_age),
        vocabulary("cost-state")[service.cost_state].name,
        "; ".join(access),
        service.eligibility_description or "",
        "; ".join(_phones(service)),
        "; ".join(dict.fromkeys(e.strip() for e in emails if e and e.strip())),
        service.url or service.organization.website or "",
        " | ".join(_addresses(service)),
        long_date(service.assured_date),
        f"{base_url}/services/{service.id}",
    ]
    return [csv_cell(v) for v in values]


def shortlist_csv(request: Request) -> Response:
    base_url = str(request.base_url).rstrip("/")
    with request.app.state.sessions() as session:
        services, _ = _shortlisted_services(request, session)
        buffer = io.StringIO()
        writer = csv.writer(buffer, dialect="excel")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_row(service, base_url) for service in services)
    today = date.today().isoformat()  # noqa: DTZ011 - a file name, not an instant
    return Response(
        # A byte order mark, so that Excel reads the file as UTF-8 (names with accents, £).
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="local-offer-shortlist-{today}.csv"',
            "Cache-Control": "no-store",
        },
    )


routes = [
    Route("/shortlist", shortlist_page, methods=["GET"], name="shortlist"),
    Route("/shortlist/print", shortlist_print, methods=["GET"], name="shortlist_print"),
    Route("/shortlist.csv", shortlist_csv, methods=["GET"], name="shortlist_csv"),
    Route("/shortlist/add", form_endpoint(add_to_shortlist), methods=["POST"]),
    Route("/shortlist/remove", form_endpoint(remove_from_shortlist), methods=["POST"]),
    Route("/shortlist/clear", form_endpoint(clear_shortlist), methods=["POST"]),
]
