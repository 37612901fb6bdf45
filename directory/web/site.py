"""The public site: its routes, middleware and the resources it opens in the app's lifespan."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from directory.localoffer import load_config
from directory.settings import Settings
from directory.web import feedback, pages, results, service_page, shortlist, you_said
from directory.web.demo import DemoFlag
from directory.web.ratelimit import FeedbackLimits
from directory.web.security import SecurityHeadersMiddleware
from directory.web.templating import STATIC_DIR, make_templates

log = logging.getLogger(__name__)

REQUIRED_ASSETS = ("app.css", "app.js")


def site_routes() -> list[BaseRoute]:
    # Static files carry no secrets, so they can be compressed safely (pages are not: see
    # README "Security"); check_dir=False lets the app start before `make assets` has run.
    static = GZipMiddleware(StaticFiles(directory=STATIC_DIR, check_dir=False), minimum_size=500)
    return [
        *pages.routes,
        *results.routes,
        *service_page.routes,
        *feedback.routes,
        *shortlist.routes,
        *you_said.routes,
        Mount("/static", app=static, name="static"),
    ]


def site_middleware() -> list[Middleware]:
    return [Middleware(SecurityHeadersMiddleware)]


def open_site(app: Starlette, settings: Settings) -> None:
    """Load the authority configuration and set up what the pages need (in the lifespan)."""
    app.state.config = load_config(settings.config_path)
    app.state.templates = make_templates()
    app.state.demo_flag = DemoFlag(app.state.sessions)
    app.state.feedback_limits = FeedbackLimits()
    missing = [name for name in REQUIRED_ASSETS if not (STATIC_DIR / name).is_file()]
    if missing:
        log.warning(
            "front-end assets missing from %s (%s): run `make assets`; pages will be unstyled",
            STATIC_DIR,
            ", ".join(missing),
        )
