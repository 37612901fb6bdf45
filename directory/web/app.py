"""``create_app(settings)``: build the application; resources open in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from directory.db import make_engine, make_sessionmaker
from directory.localoffer import load_config
from directory.settings import Settings
from directory.web.api import api_routes
from directory.web.api.common import close_search, open_search
from directory.web.api_http import ApiHttpMiddleware
from directory.web.commissioning import commissioning_routes
from directory.web.errors import exception_handlers
from directory.web.health import healthz
from directory.web.oruk import oruk_routes
from directory.web.site import open_site, site_middleware, site_routes


def create_app(settings: Settings, *, sessions: sessionmaker[Session] | None = None) -> Starlette:
    """Build the app. ``sessions`` lets tests run every request inside their own transaction."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        app.state.settings = settings
        app.state.engine = engine
        app.state.sessions = sessions or make_sessionmaker(engine)
        open_site(app, settings)
        open_search(app, settings)
        try:
            yield
        finally:
            close_search(app)
            engine.dispose()

    config = load_config(settings.config_path)
    routes = [Route("/healthz", healthz, methods=["GET"]), *commissioning_routes(), *site_routes()]
    routes += [*api_routes(config), *oruk_routes()]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers=exception_handlers(),
        middleware=[*site_middleware(), Middleware(ApiHttpMiddleware)],
    )
