"""The pages that need no search: home, accessibility statement, cookies, and the brand colour."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directory.localoffer import AuthorityConfig
from directory.vocab import Term, vocabulary
from directory.web.templating import render

log = logging.getLogger(__name__)

DEFAULT_BRAND_COLOUR = "#1d70b8"  # GOV.UK Frontend's own brand blue
MINIMUM_CONTRAST = 4.5  # WCAG 1.4.3 for the white service name on the brand colour


@dataclass(frozen=True)
class BrowseLink:
    text: str
    href: str


@dataclass(frozen=True)
class NeedArea:
    name: str
    href: str
    needs: tuple[BrowseLink, ...]


def results_url(**params: str | list[str]) -> str:
    """A link to the results page (``/services``) with these filters."""
    return "/services?" + urlencode(params, doseq=True)


def need_areas() -> tuple[NeedArea, ...]:
    """Broad areas of need with their need codes; an area links to all of its needs at once."""
    needs = [t for t in vocabulary("send-need").terms if t.code != "ALL"]
    areas = []
    for area in vocabulary("broad-area").terms:
        members: list[Term] = [t for t in needs if t.data.get("area") == area.code]
        codes = [t.code for t in members]
        links = tuple(BrowseLink(t.name, results_url(need=t.code)) for t in members)
        areas.append(NeedArea(area.name, results_url(need=codes), links))
    return tuple(areas)


def age_phases() -> tuple[BrowseLink, ...]:
    return tuple(
        BrowseLink(t.name, results_url(phase=t.code)) for t in vocabulary("age-phase").terms
    )


def home(request: Request) -> Response:
    return render(request, "home.html", {"need_areas": need_areas(), "phases": age_phases()})


def accessibility(request: Request) -> Response:
    return render(request, "accessibility.html")


def cookies(request: Request) -> Response:
    return render(request, "cookies.html")


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on ``colour`` (``#rrggbb``)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def brand_colour(config: AuthorityConfig) -> str:
    """The configured colour, or GOV.UK blue when white text on it would be hard to read."""
    colour = config.branding.primary_colour.lower()
    if contrast_with_white(colour) < MINIMUM_CONTRAST:
        log.warning(
            "%s: primary_colour %s has contrast %.1f:1 with white, below %s:1; using %s",
            config.path,
            colour,
            contrast_with_white(colour),
            MINIMUM_CONTRAST,
            DEFAULT_BRAND_COLOUR,
        )
        return DEFAULT_BRAND_COLOUR
    return colour


def brand_css(request: Request) -> Response:
    """The authority's colour as a CSS custom property GOV.UK Frontend reads (no inline style)."""
    colour = brand_colour(request.app.state.config)
    return Response(
        f":root{{--govuk-brand-colour:{colour}}}\n",
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def favicon(request: Request) -> Response:
    # No GOV.UK crown: answer the browsers' automatic request without an icon or a 404 log line.
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})


routes = [
    Route("/", home, methods=["GET"], name="home"),
    Route("/accessibility", accessibility, methods=["GET"], name="accessibility"),
    Route("/cookies", cookies, methods=["GET"], name="cookies"),
    Route("/brand.css", brand_css, methods=["GET"], name="brand_css"),
    Route("/favicon.ico", favicon, methods=["GET"]),
]
