"""Is the site showing demonstration data? Then every page says so in its phase banner.

Demonstration records are recognised as the importers mark them: the ORUK ``local_offer``
extension with ``"demo": true``, kept in ``Service.extra["local_offer"]["demo"]`` (the bundled
Barnet demo and ``local-offer demo`` both set it), or a provenance row with
``source_system = "demo"`` or a source name starting with ``demo``. Asking costs one small
query, so the answer is kept for ``TTL`` seconds per process; an import of real data that
withdraws the demo shows on the pages within that time.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from directory.models import Provenance, Service

TTL = 60.0


LISTED_STATUSES = ("active", "temporarily closed")
_DEMO_SOURCE = or_(Provenance.source_system == "demo", Provenance.source.like("demo%"))


def has_demo_data(session: Session) -> bool:
    """True when any listed service is demonstration data."""
    marked = exists().where(
        Service.status.in_(LISTED_STATUSES),
        Service.extra[("local_offer", "demo")].as_boolean().is_(True),
    )
    sourced = exists().where(
        Provenance.entity_type == "service", Provenance.withdrawn_at.is_(None), _DEMO_SOURCE
    )
    return bool(session.scalar(select(or_(marked, sourced))))


def is_demo_service(session: Session, service: Service) -> bool:
    offer = (service.extra or {}).get("local_offer")
    if isinstance(offer, dict) and offer.get("demo") is True:
        return True
    query = select(
        exists().where(
            Provenance.entity_type == "service",
            Provenance.entity_id == service.id,
            _DEMO_SOURCE,
        )
    )
    return bool(session.scalar(query))


class DemoFlag:
    """The cached answer for one process."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.value = False
        self.checked_at: float | None = None
        self._lock = threading.Lock()

    def get(self, *, refresh: bool = True) -> bool:
        now = time.monotonic()
        if refresh and (self.checked_at is None or now - self.checked_at > TTL):
            with self._lock, self.sessions() as session:
                self.value = has_demo_data(session)
                self.checked_at = now
        return self.value


def demo_data_present(request: Request, *, refresh: bool = True) -> bool:
    """The flag for this app; ``refresh=False`` never touches the database (error pages)."""
    flag: DemoFlag | None = getattr(request.app.state, "demo_flag", None)
    return flag.get(refresh=refresh) if flag else False
