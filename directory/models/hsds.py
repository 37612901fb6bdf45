"""Open Referral UK 3.0 / HSDS 3.0 entities, with the Local Offer fields HSDS lacks.

Names follow HSDS 3.0 exactly so that the ORUK API is a rendering of these rows. Our own
additions are marked "(ours)".
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Age, Base, UUIDKey, utcnow

if TYPE_CHECKING:
    from directory.models.local import PriorityTag
    from directory.models.taxonomy import Attribute

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
LOCATION_TYPES = ("physical", "postal", "virtual")
COST_STATES = ("free", "paid", "some_free", "unknown")
AREA_SERVED = ("in_borough", "out_of_borough", "regional", "national")
ORGANIZATION_TYPES = ("council", "nhs", "school", "charity", "private", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Organization(UUIDKey, Base):
    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint(
            _in("organization_type", ORGANIZATION_TYPES) + " OR organization_type IS NULL",
            name="organization_type",
        ),
    )

    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(320))
    website: Mapped[str | None] = mapped_column(Text)
    year_incorporated: Mapped[int | None]
    legal_status: Mapped[str | None] = mapped_column(Text)
    logo: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(Text)
    parent_organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    # (ours) council, nhs, school, charity, private, other: what families need to know.
    organization_type: Mapped[str | None] = mapped_column(String(16))

    services: Mapped[list[Service]] = relationship(back_populates="organization")
    identifiers: Mapped[list[OrganizationIdentifier]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )


class OrganizationIdentifier(UUIDKey, Base):
    """Charity, company, URN or ODS numbers; `identifier_scheme` is the org-id.guide prefix."""

    __tablename__ = "organization_identifier"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    identifier_scheme: Mapped[str | None] = mapped_column(String(32))
    identifier_type: Mapped[str] = mapped_column(Text)
    identifier: Mapped[str] = mapped_column(String(64))

    organization: Mapped[Organization] = relationship(back_populates="identifiers")


class Service(UUIDKey, Base):
    __tablename__ = "service"
    __table_args__ = (
        CheckConstraint(_in("status", SERVICE_STATUSES), name="status"),
        CheckConstraint(_in("cost_state", COST_STATES), name="cost_state"),
        CheckConstraint(
            _in("area_served", AREA_SERVED) + " OR area_served IS NULL", name="area_served"
        ),
        CheckConstraint(
            "minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age",
            name="age_range",
        ),
        Index("ix_service_status_last_modified", "status", "last_modified"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    # Sanitised HTML (allow-list) for display; ``description_text`` is the plain text for search.
    description: Mapped[str] = mapped_column(Text, default="")
    description_text: Mapped[str] = mapped_column(Text, default="")  # (ours)
    url: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(24), default="active")
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    accreditations: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    # Decimal years; NULL means open-ended on that side.
    minimum_age: Mapped[Decimal | None] = mapped_column(Age)
    maximum_age: Mapped[Decimal | None] = mapped_column(Age)
    assured_date: Mapped[date | None] = mapped_column(Date)
    assurer_email: Mapped[str | None] = mapped_column(String(320))
    alert: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # (ours) Local Offer fields that HSDS lacks.
    ehcp_required: Mapped[bool | None]
    cost_state: Mapped[str] = mapped_column(String(16), default="unknown")
    area_served: Mapped[str | None] = mapped_column(String(16))
    # Vendor fields we do not model (``pc_*`` and friends), kept as they came.
    extra: Mapped[dict[str, Any] | None]

    organization: Mapped[Organization] = relationship(back_populates="services")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    cost_options: Mapped[list[CostOption]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    languages: Mapped[list[Language]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    service_areas: Mapped[list[ServiceArea]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    priority_tags: Mapped[list[PriorityTag]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        primaryjoin="and_(Service.id == foreign(Attribute.link_id), "
        "Attribute.link_entity == 'service')",
        cascade="all, delete-orphan",
        overlaps="attributes",
    )


class Location(UUIDKey, Base):
    __tablename__ = "location"
    __table_args__ = (CheckConstraint(_in("location_type", LOCATION_TYPES), name="location_type"),)

    location_type: Mapped[str] = mapped_column(String(16), default="physical")
    url: Mapped[str | None] = mapped_column(Text)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    transportation: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    external_identifier: Mapped[str | None] = mapped_column(Text)
    external_identifier_type: Mapped[str | None] = mapped_column(String(32))
    # (ours) normalised postcode and how the coordinates were found: source, unit, district.
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    coordinates_precision: Mapped[str | None] = mapped_column(String(16))

    addresses: Mapped[list[Address]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    accessibility: Mapped[list[Accessibility]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    languages: Mapped[list[Language]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        primaryjoin="and_(Location.id == foreign(Attribute.link_id), "
        "Attribute.link_entity == 'location')",
        cascade="all, delete-orphan",
        overlaps="attributes",
    )


class ServiceAtLocation(UUIDKey, Base):
    __tablename__ = "service_at_location"
    __table_args__ = (Index("ix_service_at_location_pair", "service_id", "location_id"),)

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    location_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship(back_populates="service_at_locations")
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service_at_location", cascade="all, delete-orphan"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service_at_location", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="service_at_location", cascade="all, delete-orphan"
    )


class Address(UUIDKey, Base):
    __tablename__ = "address"
    __table_args__ = (CheckConstraint(_in("address_type", LOCATION_TYPES), name="address_type"),)

    location_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    attention: Mapped[str | None] = mapped_column(Text)
    address_1: Mapped[str] = mapped_column(Text, default="")
    address_2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str | None] = mapped_column(Text)
    state_province: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(16), default="")
    country: Mapped[str] = mapped_column(String(2), default="GB")
    address_type: Mapped[str] = mapped_column(String(16), default="physical")

    location: Mapped[Location] = relationship(back_populates="addresses")


class Contact(UUIDKey, Base):
    __tablename__ = "contact"

    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    service_at_location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))

    service: Mapped[Service | None] = relationship(back_populates="contacts")
    service_at_location: Mapped[ServiceAtLocation | None] = relationship(back_populates="contacts")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan"
    )


class Phone(UUIDKey, Base):
    __tablename__ = "phone"

    location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    service_at_location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(64))
    extension: Mapped[str | None] = mapped_column(String(16))
    type: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)

    location: Mapped[Location | None] = relationship(back_populates="phones")
    service: Mapped[Service | None] = relationship(back_populates="phones")
    organization: Mapped[Organization | None] = relationship(back_populates="phones")
    contact: Mapped[Contact | None] = relationship(back_populates="phones")
    service_at_location: Mapped[ServiceAtLocation | None] = relationship(back_populates="phones")


class Schedule(UUIDKey, Base):
    __tablename__ = "schedule"

    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    service_at_location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    dtstart: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[float | None]
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None]
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(8))
    interval: Mapped[int | None]
    # Comma-separated RRULE days ("MO,TU"; "2MO" when monthly), as HSDS has it.
    byday: Mapped[str | None] = mapped_column(String(64))
    byweekno: Mapped[str | None] = mapped_column(String(64))
    bymonthday: Mapped[str | None] = mapped_column(String(64))
    byyearday: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[str | None] = mapped_column(String(16))
    closes_at: Mapped[str | None] = mapped_column(String(16))
    schedule_link: Mapped[str | None] = mapped_column(Text)
    attending_type: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="schedules")
    location: Mapped[Location | None] = relationship(back_populates="schedules")
    service_at_location: Mapped[ServiceAtLocation | None] = relationship(back_populates="schedules")


class CostOption(UUIDKey, Base):
    __tablename__ = "cost_option"

    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    option: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[Decimal | None]
    amount_description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="cost_options")


class Language(UUIDKey, Base):
    __tablename__ = "language"

    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    phone_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("phone.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="languages")
    location: Mapped[Location | None] = relationship(back_populates="languages")


class Accessibility(UUIDKey, Base):
    __tablename__ = "accessibility"

    location_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)

    location: Mapped[Location] = relationship(back_populates="accessibility")


class ServiceArea(UUIDKey, Base):
    __tablename__ = "service_area"

    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(16))
    uri: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="service_areas")
