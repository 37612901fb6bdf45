"""``GET /healthz``: is the database reachable and migrated?"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse

from directory import migrations


def healthz(request: Request) -> JSONResponse:
    engine = request.app.state.engine
    head = migrations.head_revision()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revision = migrations.current_revision(connection)
    except SQLAlchemyError as exc:
        # The driver's message can carry the host name but never a password (URLs are masked).
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return JSONResponse(
            {
                "status": "unavailable",
                "database": {
                    "status": "unreachable",
                    "message": f"cannot connect to the database: {reason}",
                    "head": head,
                },
            },
            status_code=503,
        )
    migrated = revision == head
    body: dict[str, Any] = {
        "status": "ok" if migrated else "unavailable",
        "database": {
            "status": "ok" if migrated else "not_migrated",
            "backend": engine.dialect.name,
            "revision": revision,
            "head": head,
        },
    }
    if not migrated:
        body["database"]["message"] = (
            f"database is at revision {revision or 'none'}, the code needs {head}: "
            "run `local-offer db upgrade`"
        )
    return JSONResponse(body, status_code=200 if migrated else 503)
