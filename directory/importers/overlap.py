"""Registers fill gaps; they never list a second time what another source already describes.

A school, GP practice or charity that an authority (or a provider's feed) already describes in
its own words is the same establishment the register lists: the same URN, ODS code or charity
number. Loading the register's version too would show families the same place twice, with the
thinner entry beside the richer one. So before a register import loads, services whose
organisation identifier belongs to an organisation that another source lists with an active
service are left out, and reported in a note. They are not counted as seen: a register entry
loaded earlier for that establishment is withdrawn once the other source describes it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.importers.records import ServiceRecord
from directory.importers.report import Parsed
from directory.models import Organization, OrganizationIdentifier, Provenance, Service


def leave_out_listed_elsewhere(session: Session, parsed: Parsed, source: str) -> str | None:
    """Drop from ``parsed`` the services other sources already list; the note says which."""
    wanted = {
        (identifier.scheme, identifier.identifier)
        for record in parsed.records
        if isinstance(record, ServiceRecord)
        for identifier in record.organization.identifiers
    }
    if not wanted:
        return None
    listed = _listed_elsewhere(session, wanted, source)
    if not listed:
        return None
    kept, left_out = [], defaultdict(list)
    for record in parsed.records:
        owner = _owner(record, listed)
        if owner is None:
            kept.append(record)
        else:
            left_out[owner].append(record.source_id)  # type: ignore[union-attr]
            parsed.seen_ids.discard(record.source_id)  # type: ignore[union-attr]
    parsed.records = kept
    total = sum(len(ids) for ids in left_out.values())
    where = "; ".join(f"{src}: {', '.join(sorted(ids))}" for src, ids in sorted(left_out.items()))
    return (
        f"{total:,} record(s) left out because another source already lists the same "
        f"organisation (same identifier) with its own service ({where})"
    )


def _owner(record: object, listed: dict[tuple[str | None, str], str]) -> str | None:
    if not isinstance(record, ServiceRecord):
        return None
    for identifier in record.organization.identifiers:
        owner = listed.get((identifier.scheme, identifier.identifier))
        if owner is not None:
            return owner
    return None


def _listed_elsewhere(
    session: Session, wanted: set[tuple[str | None, str]], source: str
) -> dict[tuple[str | None, str], str]:
    """(scheme, identifier) -> the other source listing an active service for it."""
    numbers = sorted({number for _scheme, number in wanted})
    found: dict[tuple[str | None, str], str] = {}
    for start in range(0, len(numbers), 500):
        query = (
            select(
                OrganizationIdentifier.identifier_scheme,
                OrganizationIdentifier.identifier,
                Provenance.source,
            )
            .join(Organization, Organization.id == OrganizationIdentifier.organization_id)
            .join(Service, Service.organization_id == Organization.id)
            .join(
                Provenance,
                (Provenance.entity_id == Service.id) & (Provenance.entity_type == "service"),
            )
            .where(
                OrganizationIdentifier.identifier.in_(numbers[start : start + 500]),
                Provenance.source != source,
                Provenance.withdrawn_at.is_(None),
                Service.status == "active",
            )
        )
        for scheme, number, owner in session.execute(query):
            if (scheme, number) in wanted:
                found.setdefault((scheme, number), owner)
    return found
