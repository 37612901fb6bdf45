"""What the commissioning routes share: the authority configuration, a read-only session, the
report context for a request, and the service list a cell links to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from directory.commissioning import ReportContext, report_context
from directory.commissioning.facts import ServiceFacts
from directory.localoffer import AuthorityConfig, load_config
from directory.vocab import vocabulary


def authority_config(request: Request) -> AuthorityConfig:
    """The site's configuration when the site set one up, else loaded once from settings."""
    state = request.app.state
    config = getattr(state, "config", None) or getattr(state, "commissioning_config", None)
    if config is None:
        config = load_config(state.settings.config_path)
        state.commissioning_config = config
    assert isinstance(config, AuthorityConfig)
    return config


@contextmanager
def read_session(request: Request) -> Iterator[Session]:
    """A session for one request that only reads: rolled back, never committed."""
    with request.app.state.sessions() as session:
        try:
            yield session
        finally:
            session.rollback()


def context_for(request: Request, session: Session, period: str | None) -> ReportContext:
    return report_context(session, authority_config(request), period=period)


def _years(age: Decimal) -> str:
    return str(int(age)) if age == int(age) else f"{age.normalize():f}"


def age_range(service: ServiceFacts) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return "All ages"
    if high is None:
        assert low is not None
        return f"{_years(low)} and over"
    if low is None:
        return f"Up to {_years(high)}"
    return f"{_years(low)} to {_years(high)}"


def service_json(service: ServiceFacts) -> dict[str, Any]:
    needs = vocabulary("send-need")
    return {
        "id": str(service.id),
        "name": service.name,
        "organization": service.organization,
        "url": f"/services/{service.id}",
        "needs": [t.code for t in needs.terms if t.code in service.needs],
        "sectors": sorted(service.sectors),
        "service_types": sorted(service.service_types),
        "phases": [p.code for p in vocabulary("age-phase").terms if p.code in service.phases],
        "minimum_age": None if service.minimum_age is None else float(service.minimum_age),
        "maximum_age": None if service.maximum_age is None else float(service.maximum_age),
        "districts": sorted(service.districts),
        "borough": service.borough,
        "integrated": service.integrated,
        "last_checked": service.assured_date.isoformat() if service.assured_date else None,
        "stale": service.stale,
        "priorities": sorted(service.priorities),
    }
