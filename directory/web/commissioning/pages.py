"""``/commissioning`` pages: heat-map tables and inline SVG charts, no JavaScript."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from directory.commissioning import SECTIONS, build_report, services_behind
from directory.commissioning.gaps import percent
from directory.commissioning.render import services_url
from directory.errors import NotFound
from directory.vocab import vocabulary
from directory.web.commissioning import params
from directory.web.commissioning.common import (
    age_range,
    authority_config,
    context_for,
    read_session,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PAGES = "/commissioning/services"
CSS_PATH = "/commissioning/assets/commissioning.css"
HEAT_LEVELS = 5


def heat_level(count: int, largest: int) -> int:
    """0 for none, then 1 (fewest) to 5 (most) in equal steps of the table's largest count."""
    if count <= 0 or largest <= 0:
        return 0
    return min(HEAT_LEVELS, 1 + math.floor((HEAT_LEVELS - 1) * count / largest))


def heat_legend(largest: int) -> list[tuple[int, str]]:
    """Each colour level with the counts it stands for, for the text legend."""
    ranges: dict[int, list[int]] = {}
    for count in range(0, largest + 1):
        ranges.setdefault(heat_level(count, largest), []).append(count)
    return [
        (level, str(c[0]) if len(c) == 1 else f"{c[0]} to {c[-1]}")
        for level, c in sorted(ranges.items())
    ]


def labels(codes: Any, names: dict[str, str], separator: str = ", ") -> str:
    """Names for codes, e.g. need codes to need names; a code without a name stays a code."""
    return separator.join(names.get(code, code) for code in codes)


def _templates(request: Request) -> Jinja2Templates:
    """The site's templates when the site has them (same layout as every page), else ours."""
    state = request.app.state
    templates = getattr(state, "templates", None) or getattr(state, "commissioning_templates", None)
    if templates is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, auto_reload=False
        )
        templates = Jinja2Templates(env=env)
        state.commissioning_templates = templates
    assert isinstance(templates, Jinja2Templates)
    return templates


def _render(request: Request, name: str, context: dict[str, Any]) -> Response:
    config = authority_config(request)
    helpers = {
        "config": config,
        "service_name": config.authority.service_name,
        "sections": [(key, title) for key, (title, _) in SECTIONS.items()],
        "heat_level": heat_level,
        "heat_legend": heat_legend,
        "percent": percent,
        "cell_url": lambda f: services_url(PAGES, f),
        "age_range": age_range,
        "labels": labels,
        "need_names": {t.code: t.name for t in vocabulary("send-need").terms},
        "sector_names": {t.code: t.name for t in vocabulary("sector").terms},
        "phase_names": {t.code: t.name for t in vocabulary("age-phase").terms},
        "css_path": CSS_PATH,
        "current_path": request.url.path,
    }
    return _templates(request).TemplateResponse(request, name, {**helpers, **context})


def overview(request: Request) -> Response:
    params.check_known(request.query_params, ("period",))
    with read_session(request) as session:
        ctx = context_for(request, session, params.period(request.query_params))
        report = build_report(ctx)
        return _render(request, "commissioning/overview.html", {"report": report, "ctx": ctx})


def section_page(request: Request) -> Response:
    name = str(request.path_params["section"])
    if name not in SECTIONS:
        raise NotFound(f"there is no commissioning page {name!r}")
    params.check_known(request.query_params, ("period",))
    with read_session(request) as session:
        ctx = context_for(request, session, params.period(request.query_params))
        data = SECTIONS[name][1](ctx)
        context = {
            "data": data,
            "title": SECTIONS[name][0],
            "section": name,
            "ctx": ctx,
            "demand": ctx.demand,
        }
        return _render(request, f"commissioning/{name}.html", context)


def services_page(request: Request) -> Response:
    params.check_known(request.query_params, (*params.FILTER_PARAMS, "period"))
    config = authority_config(request)
    chosen, coverage = params.service_filter(request.query_params, config)
    with read_session(request) as session:
        ctx = context_for(request, session, params.period(request.query_params))
        found = services_behind(ctx, chosen, coverage)
        context = {
            "services": found,
            "filter": chosen,
            "coverage": coverage,
            "coverage_name": vocabulary("lo-checklist")[coverage].name if coverage else "",
            "ctx": ctx,
            "priorities": {p.id: p.label for p in config.priorities},
        }
        return _render(request, "commissioning/services.html", context)


def stylesheet(request: Request) -> Response:
    css = resources.files(__package__).joinpath("commissioning.css").read_text("utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


routes = [
    Route("/commissioning", overview, methods=["GET"], name="commissioning"),
    Route(CSS_PATH, stylesheet, methods=["GET"], name="commissioning_css"),
    Route(PAGES, services_page, methods=["GET"], name="commissioning_services"),
    Route("/commissioning/{section}", section_page, methods=["GET"], name="commissioning_section"),
]
