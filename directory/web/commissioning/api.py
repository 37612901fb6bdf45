"""``/api/v1/commissioning/...`` (JSON) and ``/commissioning/<section>.csv`` (downloads).

Public, like the pages: the figures describe published services and published DfE statistics,
and the search words shown are only those many families used (see ``searches``).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from directory.commissioning import SECTIONS, build_report, services_behind
from directory.commissioning.render import csv_text, section_table, to_json
from directory.errors import NotFound
from directory.web.commissioning import params
from directory.web.commissioning.common import (
    authority_config,
    context_for,
    read_session,
    service_json,
)

API = "/api/v1/commissioning"


def index(request: Request) -> JSONResponse:
    params.check_known(request.query_params, ())
    config = authority_config(request)
    return JSONResponse(
        {
            "authority": config.authority.name,
            "sections": [
                {
                    "name": name,
                    "title": title,
                    "url": f"{API}/{name}",
                    "csv_url": f"/commissioning/{name}.csv",
                    "page_url": f"/commissioning/{name}",
                }
                for name, (title, _) in SECTIONS.items()
            ],
            "report_url": f"{API}/report",
            "services_url": f"{API}/services",
            "definitions": "docs/commissioning.md",
        }
    )


def section_json(request: Request) -> JSONResponse:
    name = _section(request)
    params.check_known(request.query_params, ("period",))
    period = params.period(request.query_params)
    with read_session(request) as session:
        ctx = context_for(request, session, period)
        data = build_report(ctx) if name == "report" else SECTIONS[name][1](ctx)
        body: dict[str, Any] = {
            "section": name,
            "title": "Commissioning report" if name == "report" else SECTIONS[name][0],
            "authority": ctx.config.authority.name,
            "as_of": ctx.as_of.isoformat(),
            "data": to_json(data),
        }
    return JSONResponse(body)


def services(request: Request) -> JSONResponse:
    params.check_known(request.query_params, (*params.FILTER_PARAMS, "period"))
    chosen, coverage = params.service_filter(request.query_params, authority_config(request))
    with read_session(request) as session:
        ctx = context_for(request, session, params.period(request.query_params))
        found = services_behind(ctx, chosen, coverage)
        body = {
            "filters": {**chosen.query(), **({"coverage": coverage} if coverage else {})},
            "as_of": ctx.as_of.isoformat(),
            "count": len(found),
            "services": [service_json(s) for s in found],
        }
    return JSONResponse(body)


def section_csv(request: Request) -> Response:
    name = _section(request, allow_report=False)
    params.check_known(request.query_params, ("period",))
    with read_session(request) as session:
        ctx = context_for(request, session, params.period(request.query_params))
        text = csv_text(section_table(name, SECTIONS[name][1](ctx)))
        filename = f"{_slug(ctx.config.authority.short_name)}-commissioning-{name}-{ctx.as_of}.csv"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _section(request: Request, *, allow_report: bool = True) -> str:
    name = str(request.path_params["section"])
    if name in SECTIONS or (allow_report and name == "report"):
        return name
    raise NotFound(f"there is no commissioning section {name!r}; see {API}")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


routes = [
    Route(API, index, methods=["GET"], name="commissioning_api"),
    Route(f"{API}/services", services, methods=["GET"], name="commissioning_api_services"),
    Route(f"{API}/{{section}}", section_json, methods=["GET"], name="commissioning_api_section"),
    Route("/commissioning/{section}.csv", section_csv, methods=["GET"], name="commissioning_csv"),
]
