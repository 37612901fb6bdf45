"""The commissioning report on the web: JSON under ``/api/v1/commissioning``, CSV downloads and
the ``/commissioning`` pages."""

from starlette.routing import BaseRoute

from directory.web.commissioning import api, pages


def commissioning_routes() -> list[BaseRoute]:
    # The CSV route comes first: "/commissioning/gaps.csv" would otherwise match the page route.
    return [*api.routes, *pages.routes]


__all__ = ["commissioning_routes"]
