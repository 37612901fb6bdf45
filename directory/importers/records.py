"""Normalised records: what every parser yields and the shared loader stores.

A parser turns bytes into these plain, immutable values and never touches the database. Text is
already cleaned (trimmed, empty strings made ``None``, HTML sanitised), codes are already our
vocabulary codes, and postcodes are already normalised; anything a parser could not make sense of
became a ``Problem`` instead. The loader then only has to match, compare and write.

Kinds of record (a parser may yield several kinds from one file):

- ``ServiceRecord``: a service with its organisation, locations and children. The unit of
  provenance, change detection and withdrawal.
- ``OrganizationRecord``: an organisation on its own (a register of providers); services carry
  their organisation inside them too, and the loader shares one row per ``source_id``.
- ``PostcodeRecord`` / ``DistrictRecord``: reference geography, upserted by postcode/district.
- ``DemandRecord``: one published statistic (a ``DemandStatistic`` row).

``source_id`` is the record's identifier in its source (an ORUK id, a URN, an ODS code, a
spreadsheet reference). Together with the import's source name it keys the upsert.
``publisher_id`` is the source's UUID when it has one; the loader keeps it as our id when free.
``fingerprint`` (optional) is a digest of the source's own record (``text.fingerprint``): when
set, the loader compares it instead of hashing the whole normalised record, which is faster.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

# Vocabulary codes, e.g. TermRef("send-need", "ASD").


@dataclass(frozen=True, slots=True)
class TermRef:
    vocabulary: str
    code: str


@dataclass(frozen=True, slots=True)
class PriorityRef:
    """A strategic priority the source asserts, with its reason (origin ``import``)."""

    priority_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class IdentifierRecord:
    """An organisation identifier: ``scheme`` is the org-id.guide prefix (GB-CHC, GB-EDU, ...)."""

    identifier: str
    identifier_type: str
    scheme: str | None = None


@dataclass(frozen=True, slots=True)
class PhoneRecord:
    number: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ContactRecord:
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phones: tuple[PhoneRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    """HSDS schedule; ``byday`` is an RRULE day list ("MO,WE"), times are "HH:MM"."""

    description: str | None = None
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    dtstart: date | None = None
    until: date | None = None
    interval: int | None = None
    bymonthday: str | None = None
    notes: str | None = None
    attending_type: str | None = None
    schedule_link: str | None = None


@dataclass(frozen=True, slots=True)
class CostRecord:
    option: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    amount_description: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class AddressRecord:
    address_1: str = ""
    address_2: str | None = None
    city: str = ""
    region: str | None = None
    state_province: str = ""
    postal_code: str = ""
    country: str = "GB"
    address_type: str = "physical"
    attention: str | None = None


@dataclass(frozen=True, slots=True)
class LocationRecord:
    """A place. Coordinates come from the record, else its grid reference, else its postcode."""

    source_id: str
    location_type: str = "physical"
    name: str | None = None
    description: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    easting: float | None = None
    northing: float | None = None
    url: str | None = None
    transportation: str | None = None
    external_identifier: str | None = None
    external_identifier_type: str | None = None
    addresses: tuple[AddressRecord, ...] = ()
    accessibility: tuple[str, ...] = ()  # free-text descriptions
    features: tuple[str, ...] = ()  # accessibility-feature codes
    schedules: tuple[ScheduleRecord, ...] = ()
    phones: tuple[PhoneRecord, ...] = ()
    languages: tuple[str, ...] = ()
    publisher_id: uuid.UUID | None = None
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    source_id: str
    name: str
    description: str = ""
    organization_type: str | None = None
    email: str | None = None
    website: str | None = None
    logo: str | None = None
    uri: str | None = None
    legal_status: str | None = None
    year_incorporated: int | None = None
    identifiers: tuple[IdentifierRecord, ...] = ()
    phones: tuple[PhoneRecord, ...] = ()
    publisher_id: uuid.UUID | None = None
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class ServiceAreaRecord:
    name: str | None = None
    description: str | None = None
    extent: str | None = None
    extent_type: str | None = None
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """One service as the source states it. ``None`` means "the source does not say"."""

    source_id: str
    name: str
    organization: OrganizationRecord
    description: str = ""  # sanitised HTML
    description_text: str = ""  # plain text for search
    status: str = "active"
    url: str | None = None
    email: str | None = None
    alternate_name: str | None = None
    minimum_age: Decimal | None = None
    maximum_age: Decimal | None = None
    eligibility_description: str | None = None
    application_process: str | None = None
    fees_description: str | None = None
    accreditations: str | None = None
    interpretation_services: str | None = None
    alert: str | None = None
    assured_date: date | None = None
    assurer_email: str | None = None
    ehcp_required: bool | None = None
    cost_state: str | None = None  # None: derive from cost options, else "unknown"
    area_served: str | None = None  # None: derive from the locations' postcodes
    terms: tuple[TermRef, ...] = ()
    priorities: tuple[PriorityRef, ...] = ()
    locations: tuple[LocationRecord, ...] = ()
    contacts: tuple[ContactRecord, ...] = ()
    phones: tuple[PhoneRecord, ...] = ()
    schedules: tuple[ScheduleRecord, ...] = ()
    cost_options: tuple[CostRecord, ...] = ()
    languages: tuple[str, ...] = ()
    service_areas: tuple[ServiceAreaRecord, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    publisher_id: uuid.UUID | None = None
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class PostcodeRecord:
    postcode: str  # normalised "N3 1AB"
    latitude: float
    longitude: float
    quality: int | None = None
    la_code: str | None = None
    ward_code: str | None = None


@dataclass(frozen=True, slots=True)
class DistrictRecord:
    district: str  # "N3"
    latitude: float
    longitude: float
    area_name: str | None = None
    population: int | None = None


@dataclass(frozen=True, slots=True)
class DemandRecord:
    """One published statistic; fields as ``directory.models.DemandStatistic``."""

    dataset: str
    period: str
    period_label: str
    geographic_level: str
    area_code: str
    area_name: str
    measure: str
    value: Decimal | None
    need_code: str = "ALL"
    breakdown_topic: str = "total"
    breakdown: str = "total"
    unit: str = "count"
    symbol: str | None = None


Record = ServiceRecord | OrganizationRecord | PostcodeRecord | DistrictRecord | DemandRecord
