"""Our own tables: priority tags, provenance, import runs, postcodes, demand, feedback, searches."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, UUIDKey, utcnow

if TYPE_CHECKING:
    from directory.models.hsds import Service

TAG_ORIGINS = ("rule", "import", "editor")
IMPORT_STATUSES = ("running", "loaded", "loaded_with_rejections", "failed", "dry_run")
FEEDBACK_STATUSES = ("new", "in_progress", "resolved", "dismissed")


class PriorityTag(UUIDKey, Base):
    """A strategic priority a service supports, with the reason a person can read."""

    __tablename__ = "priority_tag"
    __table_args__ = (
        UniqueConstraint("service_id", "priority_id"),
        CheckConstraint(
            "origin IN (" + ", ".join(f"'{o}'" for o in TAG_ORIGINS) + ")", name="origin"
        ),
    )

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    priority_id: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(8), default="rule")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    service: Mapped[Service] = relationship(back_populates="priority_tags")


class ImportRun(UUIDKey, Base):
    __tablename__ = "import_run"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in IMPORT_STATUSES) + ")", name="status"
        ),
    )

    source: Mapped[str] = mapped_column(String(128), index=True)
    format: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(Text)  # file name or URL as given
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(32), default="running")
    # {"created": n, "updated": n, "unchanged": n, "withdrawn": n, "rejected": n}
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # [{"location": "row 12", "field": "postcode", "value": "XX1", "reason": "..."}]
    problems: Mapped[list[Any]] = mapped_column(default=list)
    message: Mapped[str | None] = mapped_column(Text)


class Provenance(UUIDKey, Base):
    """Where a row came from, so re-imports update it and a missing record is withdrawn."""

    __tablename__ = "provenance"
    __table_args__ = (
        UniqueConstraint("source", "entity_type", "source_id"),
        Index("ix_provenance_entity", "entity_type", "entity_id"),
    )

    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID]
    source: Mapped[str] = mapped_column(String(128))
    source_system: Mapped[str] = mapped_column(String(32))  # the format: oruk, gias, cqc, ...
    source_id: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    import_run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("import_run.id", ondelete="SET NULL"), index=True
    )


class Postcode(Base):
    """A unit postcode's position, from Code-Point Open or the ONS Postcode Directory."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # "N3 1AB"
    latitude: Mapped[float]
    longitude: Mapped[float]
    district: Mapped[str] = mapped_column(String(4), index=True)
    ward_code: Mapped[str | None] = mapped_column(String(9))
    la_code: Mapped[str | None] = mapped_column(String(9), index=True)
    # Positional quality from the source (Code-Point Open 10 = within the building).
    quality: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(32))


class PostcodeDistrict(Base):
    """Centroid of a postcode district ("N3"), the fallback when a unit postcode is unknown."""

    __tablename__ = "postcode_district"

    district: Mapped[str] = mapped_column(String(4), primary_key=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    area_name: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None]


class DemandStatistic(UUIDKey, Base):
    """One published figure, e.g. EHC plans with primary need ASD aged 10 in Barnet, 2024/25.

    Stored long: ``measure`` is the source column's meaning (``ehc_plans``, ``open_supp_intern``,
    ``pc_plans_issued_within_20_weeks``, ...), ``need_code`` is the primary need the figure is
    for (a ``send-need`` code, ``UNKNOWN``, or ``ALL`` for every need together) and
    ``breakdown_topic``/``breakdown`` the source's other split (``total``/``total``,
    ``age``/``10``, ``placement``/``Mainstream school``, ...). Symbols the DfE uses for
    suppressed or not-applicable figures (x, z, c, low) are kept in ``symbol`` with ``value``
    NULL, never turned into zeros.
    """

    __tablename__ = "demand_statistic"
    __table_args__ = (
        UniqueConstraint(
            "dataset",
            "period",
            "area_code",
            "measure",
            "need_code",
            "breakdown_topic",
            "breakdown",
        ),
        Index("ix_demand_statistic_lookup", "measure", "area_code", "period"),
    )

    dataset: Mapped[str] = mapped_column(String(64))  # "sen2_all_plans", "sen2_timeliness", ...
    period: Mapped[str] = mapped_column(String(16))  # as published: "202425", "2024"
    period_label: Mapped[str] = mapped_column(String(32))  # "2024/25", "2024"
    geographic_level: Mapped[str] = mapped_column(String(32))  # national/regional/local_authority
    area_code: Mapped[str] = mapped_column(String(16))  # E92000001, E12000007, E09000003
    area_name: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(64))
    need_code: Mapped[str] = mapped_column(String(16), default="ALL")
    breakdown_topic: Mapped[str] = mapped_column(String(32), default="total")
    breakdown: Mapped[str] = mapped_column(String(128), default="total")
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    unit: Mapped[str] = mapped_column(String(16), default="count")  # count or percent
    symbol: Mapped[str | None] = mapped_column(String(8))
    import_run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("import_run.id", ondelete="SET NULL")
    )


class Feedback(UUIDKey, Base):
    """'Report a problem' and comments on the Local Offer (SEND Regulations 2014 reg. 56).

    Holds no personal data by design: no name, e-mail or IP address is asked for or stored.
    """

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in FEEDBACK_STATUSES) + ")", name="status"
        ),
    )

    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None]
    published: Mapped[bool] = mapped_column(default=False)


class SearchLog(UUIDKey, Base):
    """A privacy-safe record of a search: analysed words, filters, postcode district, hits."""

    __tablename__ = "search_log"

    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(8))  # api, web, oruk
    # Query words after removing postcodes, e-mail addresses, phone numbers and digits.
    query_text: Mapped[str] = mapped_column(Text, default="")
    need_codes: Mapped[list[Any]] = mapped_column(default=list)
    min_age: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    max_age: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    postcode_district: Mapped[str | None] = mapped_column(String(4))
    result_count: Mapped[int]
