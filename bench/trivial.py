"""The ceiling for the API load test: a Starlette app whose one endpoint does no work, served by
the same uvicorn with the same settings (``uvicorn bench.trivial:app``)."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def ok(request: Request) -> JSONResponse:
    # A sync endpoint, like the API's: it pays for the same thread-pool hop.
    return JSONResponse({"ok": True})


app = Starlette(routes=[Route("/", ok)])
