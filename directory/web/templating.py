"""Jinja2 set-up for the pages: autoescaping, GOV.UK Frontend macros, filters and globals.

Templates see ``config`` (the authority configuration), ``service_name``, ``demo`` (whether the
site shows demonstration data), ``shortlist_ids``, ``static_url()`` and ``csrf_token()``.
Render pages with ``render`` from sync code (it may read the database), never from ``async def``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from directory.web import formatting, schedules
from directory.web.csrf import csrf_token, set_csrf_cookie
from directory.web.demo import demo_data_present
from directory.web.security import JS_ENABLED_SCRIPT
from directory.web.shortlist_cookie import read_shortlist

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


def make_environment() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(TEMPLATES_DIR),
            # The macros refer to each other as "govuk_frontend_jinja/...".
            jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
            ),
        ]
    )
    env = jinja2.Environment(loader=loader, autoescape=True, auto_reload=False)
    env.filters.update(
        sanitise_html=formatting.sanitise_html,
        paragraphs=formatting.paragraphs,
        safe_url=formatting.safe_url,
        display_url=formatting.display_url,
        mailto=formatting.mailto,
        tel=formatting.tel,
        long_date=formatting.long_date,
        money=formatting.money,
    )
    env.globals.update(
        age_range=formatting.age_range,
        describe_schedules=schedules.describe_schedules,
        static_url=static_url,
        JS_ENABLED_SCRIPT=JS_ENABLED_SCRIPT,
    )
    return env


def make_templates() -> Jinja2Templates:
    return Jinja2Templates(env=make_environment(), context_processors=[_site_context])


@cache
def _asset_version(name: str) -> str:
    path = STATIC_DIR / name
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return "missing"


def static_url(name: str) -> str:
    """``/static/<name>?v=<content hash>``: a new build gets a new address, so no stale cache."""
    return f"/static/{name}?v={_asset_version(name)}"


def _site_context(request: Request) -> dict[str, Any]:
    config = request.app.state.config
    return {
        "config": config,
        "service_name": config.authority.service_name,
        "demo": demo_data_present(request, refresh=getattr(request.state, "may_query", True)),
        "shortlist_ids": read_shortlist(request),
        "csrf_token": lambda: csrf_token(request),
        "current_path": request.url.path,
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Render ``name`` as a full HTML response, setting the CSRF cookie if a form needed one."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, name, context or {}, status_code=status_code, headers=headers
    )
    set_csrf_cookie(request, response)
    return response
