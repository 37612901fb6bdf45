"""Loading service records (with their organisations and locations) in bulk.

For each entity type: preload provenance, hash each record, and sort it into new, changed,
unchanged or restored. New rows are inserted in bulk; a changed record's row is updated and its
children are replaced (children are owned by their parent and carry no identity of their own);
unchanged records only get ``last_seen``. Attributes and priority tags set by editors or rules
are never touched: only those with origin ``import`` are replaced.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session

from directory.importers import rows as build
from directory.importers.bulk import bulk_insert
from directory.importers.locate import Locator
from directory.importers.provenance import (
    CHUNK,
    LoadContext,
    ProvenanceIndex,
    assign_ids,
    content_hash,
    table_of,
)
from directory.importers.records import LocationRecord, OrganizationRecord, ServiceRecord
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Base,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    PriorityTag,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

# Origins the tagging engine owns: an import's row replaces one of them, never an editor's.
ENGINE_ORIGINS = ("rule", "inferred")

MODELS: dict[str, type[Base]] = {
    "organization": Organization,
    "organization_identifier": OrganizationIdentifier,
    "location": Location,
    "address": Address,
    "accessibility": Accessibility,
    "service": Service,
    "contact": Contact,
    "phone": Phone,
    "schedule": Schedule,
    "cost_option": CostOption,
    "language": Language,
    "service_area": ServiceArea,
    "service_at_location": ServiceAtLocation,
    "attribute": Attribute,
    "priority_tag": PriorityTag,
}


class ServiceLoader:
    def __init__(
        self,
        session: Session,
        context: LoadContext,
        locator: Locator,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.session = session
        self.context = context
        self.locator = locator
        self.progress = progress or (lambda n: None)
        self.counts = dict.fromkeys(
            (
                "created",
                "updated",
                "unchanged",
                "restored",
                "withdrawn",
                "organizations created",
                "organizations updated",
            ),
            0,
        )
        self.changed_ids: list[uuid.UUID] = []
        self.rows = build.new_rows()
        self.updates: dict[str, list[dict[str, Any]]] = {
            "organization": [],
            "location": [],
            "service": [],
        }

    def load(self, records: Sequence[ServiceRecord], seen_ids: set[str], complete: bool) -> None:
        org_ids = self._organizations([r.organization for r in records])
        location_ids = self._locations(records, org_ids)
        services = ProvenanceIndex(self.session, self.context, "service")
        new = {r.source_id: r.publisher_id for r in records if services.get(r.source_id) is None}
        ids = assign_ids(self.session, Service, self.context, "service", new)
        replaced: list[uuid.UUID] = []
        for done, record in enumerate(records, start=1):
            self._service(record, services, ids, org_ids, location_ids, replaced)
            if done % CHUNK == 0:
                self.progress(CHUNK)
        self.progress(len(records) % CHUNK)
        withdrawn = services.withdraw(seen_ids | {r.source_id for r in records}) if complete else []
        self._write(replaced, withdrawn)
        services.flush(self.session)
        self.counts["withdrawn"] = len(withdrawn)

    def load_organizations(self, orgs: list[OrganizationRecord]) -> None:
        """Organisations on their own (a register of providers); never withdrawn."""
        self._organizations(orgs)
        self._write([], [])

    def _organizations(self, orgs: list[OrganizationRecord]) -> dict[str, uuid.UUID]:
        unique = {o.source_id: o for o in reversed(orgs)}  # the first occurrence wins
        index = ProvenanceIndex(self.session, self.context, "organization")
        wanted = {sid: o.publisher_id for sid, o in unique.items() if index.get(sid) is None}
        ids = assign_ids(self.session, Organization, self.context, "organization", wanted)
        changed: list[uuid.UUID] = []
        for source_id, org in unique.items():
            digest = content_hash(org.fingerprint or org)
            known = index.get(source_id)
            org_id = known.entity_id if known else ids[source_id]
            ids[source_id] = org_id
            if known is None:
                self.rows["organization"].append(build.organization_row(org, org_id))
                self.counts["organizations created"] += 1
            elif known.content_hash != digest:
                self.updates["organization"].append(build.organization_row(org, org_id))
                self.counts["organizations updated"] += 1
                changed.append(org_id)
            if known is None or known.content_hash != digest:
                build.organization_children(self.rows, org, org_id)
            index.seen(source_id, org_id, digest)
        self._delete_children(
            changed, [(OrganizationIdentifier, "organization_id"), (Phone, "organization_id")]
        )
        index.flush(self.session)
        return ids

    def _locations(
        self, records: Sequence[ServiceRecord], org_ids: dict[str, uuid.UUID]
    ) -> dict[str, uuid.UUID]:
        unique: dict[str, tuple[LocationRecord, uuid.UUID]] = {}
        for record in records:
            for location in record.locations:
                org_id = org_ids[record.organization.source_id]
                unique.setdefault(location.source_id, (location, org_id))
        positions = self.locator.locate([loc for loc, _ in unique.values()])
        index = ProvenanceIndex(self.session, self.context, "location")
        wanted = {
            sid: loc.publisher_id for sid, (loc, _) in unique.items() if index.get(sid) is None
        }
        ids = assign_ids(self.session, Location, self.context, "location", wanted)
        changed: list[uuid.UUID] = []
        for source_id, (location, org_id) in unique.items():
            position = positions.get(source_id)
            digest = content_hash(location.fingerprint or location, position)
            known = index.get(source_id)
            location_id = known.entity_id if known else ids[source_id]
            ids[source_id] = location_id
            row = build.location_row(location, location_id, position, org_id)
            if known is None:
                self.rows["location"].append(row)
            elif known.content_hash != digest:
                self.updates["location"].append(row)
                changed.append(location_id)
            if known is None or known.content_hash != digest:
                build.location_children(self.rows, location, location_id)
            index.seen(source_id, location_id, digest)
        self._delete_children(
            changed,
            [
                (Address, "location_id"),
                (Accessibility, "location_id"),
                (Phone, "location_id"),
                (Language, "location_id"),
            ],
        )
        self._delete_import_attributes("location", changed)
        index.flush(self.session)
        return ids

    def _service(
        self,
        record: ServiceRecord,
        index: ProvenanceIndex,
        new_ids: dict[str, uuid.UUID],
        org_ids: dict[str, uuid.UUID],
        location_ids: dict[str, uuid.UUID],
        replaced: list[uuid.UUID],
    ) -> None:
        area = record.area_served or self.locator.area_served(record.locations)
        digest = content_hash(record.fingerprint or record, area)
        known = index.get(record.source_id)
        service_id = known.entity_id if known else new_ids[record.source_id]
        index.seen(record.source_id, service_id, digest)
        if known is not None and known.content_hash == digest:
            if known.withdrawn_at is None:
                self.counts["unchanged"] += 1
                return
            self.counts["restored"] += 1
            self.updates["service"].append(
                {"id": service_id, "status": record.status, "last_modified": self.context.now}
            )
            self.changed_ids.append(service_id)
            return
        org_id = org_ids[record.organization.source_id]
        row = build.service_row(record, service_id, org_id, area, self.context.now)
        if known is None:
            self.counts["created"] += 1
            self.rows["service"].append(row)
        else:
            self.counts["updated"] += 1
            self.updates["service"].append(row)
            replaced.append(service_id)
        locations = [location_ids[loc.source_id] for loc in record.locations]
        build.service_children(self.rows, record, service_id, locations, self.context.now)
        self.changed_ids.append(service_id)

    def _write(self, replaced: list[uuid.UUID], withdrawn: list[uuid.UUID]) -> None:
        self._delete_children(
            replaced,
            [
                (Phone, "service_id"),
                (Contact, "service_id"),
                (Schedule, "service_id"),
                (CostOption, "service_id"),
                (Language, "service_id"),
                (ServiceArea, "service_id"),
                (ServiceAtLocation, "service_id"),
            ],
        )
        self._delete_import_attributes("service", replaced)
        self._delete_where(PriorityTag, "service_id", replaced, PriorityTag.origin == "import")
        self._drop_existing_tags(replaced)
        for table in ("organization", "location", "service"):
            if self.updates[table]:
                self.session.execute(update(MODELS[table]), self.updates[table])
        if withdrawn:
            for start in range(0, len(withdrawn), CHUNK):
                self.session.execute(
                    update(Service)
                    .where(Service.id.in_(withdrawn[start : start + CHUNK]))
                    .values(status="inactive", last_modified=self.context.now)
                )
        for table in build.TABLE_ORDER:
            if self.rows.get(table):
                bulk_insert(self.session, table_of(MODELS[table]), self.rows[table])
        self.rows = build.new_rows()

    def _delete_children(
        self, parent_ids: list[uuid.UUID], tables: list[tuple[type[Base], str]]
    ) -> None:
        for model, column in tables:
            self._delete_where(model, column, parent_ids)

    def _delete_where(
        self, model: type[Base], column: str, ids: list[uuid.UUID], *extra: Any
    ) -> None:
        col = model.__table__.c[column]
        for start in range(0, len(ids), CHUNK):
            self.session.execute(delete(model).where(col.in_(ids[start : start + CHUNK]), *extra))

    def _delete_import_attributes(self, entity: str, ids: list[uuid.UUID]) -> None:
        self._delete_where(
            Attribute, "link_id", ids, Attribute.link_entity == entity, Attribute.origin == "import"
        )

    def _drop_existing_tags(self, ids: list[uuid.UUID]) -> None:
        """Editors' attributes and tags stay, and an import's duplicate of one is skipped; the
        tagging engine's (origin rule or inferred) give way to what the source now says, and
        the engine re-tags after the load."""
        if not ids:
            return
        kept_attributes: set[tuple[Any, ...]] = set()
        engine_attributes: dict[tuple[Any, ...], uuid.UUID] = {}
        kept_tags: set[tuple[Any, ...]] = set()
        engine_tags: dict[tuple[Any, ...], uuid.UUID] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for row in self.session.execute(
                select(
                    Attribute.id,
                    Attribute.link_id,
                    Attribute.taxonomy_term_id,
                    Attribute.link_type,
                    Attribute.origin,
                ).where(and_(Attribute.link_entity == "service", Attribute.link_id.in_(chunk)))
            ):
                key = (row.link_id, row.taxonomy_term_id, row.link_type)
                if row.origin in ENGINE_ORIGINS:
                    engine_attributes[key] = row.id
                else:
                    kept_attributes.add(key)
            for tag in self.session.execute(
                select(
                    PriorityTag.id,
                    PriorityTag.service_id,
                    PriorityTag.priority_id,
                    PriorityTag.origin,
                ).where(PriorityTag.service_id.in_(chunk))
            ):
                if tag.origin in ENGINE_ORIGINS:
                    engine_tags[(tag.service_id, tag.priority_id)] = tag.id
                else:
                    kept_tags.add((tag.service_id, tag.priority_id))
        self.rows["attribute"] = [
            r
            for r in self.rows["attribute"]
            if (r["link_id"], r["taxonomy_term_id"], r["link_type"]) not in kept_attributes
        ]
        self.rows["priority_tag"] = [
            r
            for r in self.rows["priority_tag"]
            if (r["service_id"], r["priority_id"]) not in kept_tags
        ]
        incoming_attributes = {
            (r["link_id"], r["taxonomy_term_id"], r["link_type"]) for r in self.rows["attribute"]
        }
        incoming_tags = {(r["service_id"], r["priority_id"]) for r in self.rows["priority_tag"]}
        self._delete_ids(
            Attribute, [i for k, i in engine_attributes.items() if k in incoming_attributes]
        )
        self._delete_ids(PriorityTag, [i for k, i in engine_tags.items() if k in incoming_tags])

    def _delete_ids(self, model: type[Base], ids: list[uuid.UUID]) -> None:
        self._delete_where(model, "id", ids)
