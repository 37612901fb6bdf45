"""``local-offer serve``: run the web application with uvicorn."""

from __future__ import annotations

import click
import uvicorn

from directory.settings import Settings
from directory.web.app import create_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes; use one per core in production.",
)
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve the pages, the JSON API and the Open Referral UK API."""
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    else:
        # Each worker builds its own app (and engine, and searcher) from the environment.
        uvicorn.run(
            "directory.web.asgi:app", host=host, port=port, workers=workers, log_level="info"
        )


COMMANDS = [serve]
