"""The ``local-offer`` command. Thin: each subcommand parses its options and calls the package.

Subcommands live in one module per topic and register themselves on ``main`` below.
"""

from __future__ import annotations

import logging

import click
from sqlalchemy.orm import sessionmaker

from directory.cli.session import SESSIONS
from directory.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="local-offer-directory")
@click.pass_context
def main(ctx: click.Context) -> None:
    """The SEND Local Offer directory: import, search, serve and report.

    Settings come from the environment (and an optional .env file): LOCAL_OFFER_DATA_DIR,
    DATABASE_URL, LOCAL_OFFER_INDEX_DIR, LOCAL_OFFER_CONFIG, LOCAL_OFFER_SECRET_KEY,
    LOCAL_OFFER_LOG_LEVEL.
    """
    settings = Settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    if isinstance(ctx.obj, sessionmaker):
        # A test's session factory: commands then work inside the test's transaction.
        ctx.meta[SESSIONS] = ctx.obj
    ctx.obj = settings


def _register() -> None:
    # Imported here, not at the top, so that each module can import `main` from this package.
    from directory.cli import commissioning, db, feedback, importing, search, serve, tagging

    for module in (db, serve, commissioning, importing, search, tagging, feedback):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
