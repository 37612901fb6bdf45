"""ASGI entry point for process managers (``uvicorn directory.web.asgi:app``)."""

from directory.settings import Settings
from directory.web.app import create_app

app = create_app(Settings())
