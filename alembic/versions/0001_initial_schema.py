"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 21:32:03.257642
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import directory.models.base
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "import_run",
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("started_at", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", directory.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column(
            "counts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "problems",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'loaded', 'loaded_with_rejections', 'failed', 'dry_run')",
            name=op.f("ck_import_run_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_run")),
    )
    with op.batch_alter_table("import_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_run_source"), ["source"], unique=False)

    op.create_table(
        "organization",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("alternate_name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("year_incorporated", sa.Integer(), nullable=True),
        sa.Column("legal_status", sa.Text(), nullable=True),
        sa.Column("logo", sa.Text(), nullable=True),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.Column("parent_organization_id", sa.Uuid(), nullable=True),
        sa.Column("organization_type", sa.String(length=16), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "organization_type IN ('council', 'nhs', 'school', 'charity', 'private', 'other') OR organization_type IS NULL",
            name=op.f("ck_organization_organization_type"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_parent_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
    )
    op.create_table(
        "postcode",
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=False),
        sa.Column("longitude", sa.Double(), nullable=False),
        sa.Column("district", sa.String(length=4), nullable=False),
        sa.Column("ward_code", sa.String(length=9), nullable=True),
        sa.Column("la_code", sa.String(length=9), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("postcode", name=op.f("pk_postcode")),
    )
    with op.batch_alter_table("postcode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_postcode_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_postcode_la_code"), ["la_code"], unique=False)

    op.create_table(
        "postcode_district",
        sa.Column("district", sa.String(length=4), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=False),
        sa.Column("longitude", sa.Double(), nullable=False),
        sa.Column("area_name", sa.Text(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("district", name=op.f("pk_postcode_district")),
    )
    op.create_table(
        "search_log",
        sa.Column("created_at", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("query_text", sa.Text(), nullable=False),
        sa.Column(
            "need_codes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("min_age", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("max_age", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column(
            "filters",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("postcode_district", sa.String(length=4), nullable=True),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_log")),
    )
    with op.batch_alter_table("search_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_log_created_at"), ["created_at"], unique=False)

    op.create_table(
        "taxonomy",
        sa.Column("vocabulary", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.Column("version", sa.String(length=32), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy")),
        sa.UniqueConstraint("vocabulary", name=op.f("uq_taxonomy_vocabulary")),
    )
    op.create_table(
        "demand_statistic",
        sa.Column("dataset", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_label", sa.String(length=32), nullable=False),
        sa.Column("geographic_level", sa.String(length=32), nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("area_name", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("need_code", sa.String(length=16), nullable=False),
        sa.Column("breakdown_topic", sa.String(length=32), nullable=False),
        sa.Column("breakdown", sa.String(length=128), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("symbol", sa.String(length=8), nullable=True),
        sa.Column("import_run_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_run.id"],
            name=op.f("fk_demand_statistic_import_run_id_import_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_statistic")),
        sa.UniqueConstraint(
            "dataset",
            "period",
            "area_code",
            "measure",
            "need_code",
            "breakdown_topic",
            "breakdown",
            name=op.f(
                "uq_demand_statistic_dataset_period_area_code_measure_need_code_breakdown_topic_breakdown"
            ),
        ),
    )
    with op.batch_alter_table("demand_statistic", schema=None) as batch_op:
        batch_op.create_index(
            "ix_demand_statistic_lookup", ["measure", "area_code", "period"], unique=False
        )

    op.create_table(
        "location",
        sa.Column("location_type", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("alternate_name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("transportation", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("external_identifier", sa.Text(), nullable=True),
        sa.Column("external_identifier_type", sa.String(length=32), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("coordinates_precision", sa.String(length=16), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "location_type IN ('physical', 'postal', 'virtual')",
            name=op.f("ck_location_location_type"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_location_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
    )
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_location_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_location_postcode"), ["postcode"], unique=False)

    op.create_table(
        "organization_identifier",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("identifier_scheme", sa.String(length=32), nullable=True),
        sa.Column("identifier_type", sa.Text(), nullable=False),
        sa.Column("identifier", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_identifier_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_identifier")),
    )
    with op.batch_alter_table("organization_identifier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_identifier_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "provenance",
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("first_seen", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", directory.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("import_run_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_run.id"],
            name=op.f("fk_provenance_import_run_id_import_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provenance")),
        sa.UniqueConstraint(
            "source",
            "entity_type",
            "source_id",
            name=op.f("uq_provenance_source_entity_type_source_id"),
        ),
    )
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.create_index("ix_provenance_entity", ["entity_type", "entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_provenance_import_run_id"), ["import_run_id"], unique=False
        )

    op.create_table(
        "service",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("alternate_name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("interpretation_services", sa.Text(), nullable=True),
        sa.Column("application_process", sa.Text(), nullable=True),
        sa.Column("fees_description", sa.Text(), nullable=True),
        sa.Column("accreditations", sa.Text(), nullable=True),
        sa.Column("eligibility_description", sa.Text(), nullable=True),
        sa.Column("minimum_age", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("maximum_age", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("assured_date", sa.Date(), nullable=True),
        sa.Column("assurer_email", sa.String(length=320), nullable=True),
        sa.Column("alert", sa.Text(), nullable=True),
        sa.Column(
            "last_modified", directory.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("ehcp_required", sa.Boolean(), nullable=True),
        sa.Column("cost_state", sa.String(length=16), nullable=False),
        sa.Column("area_served", sa.String(length=16), nullable=True),
        sa.Column(
            "extra",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "area_served IN ('in_borough', 'out_of_borough', 'regional', 'national') OR area_served IS NULL",
            name=op.f("ck_service_area_served"),
        ),
        sa.CheckConstraint(
            "cost_state IN ('free', 'paid', 'some_free', 'unknown')",
            name=op.f("ck_service_cost_state"),
        ),
        sa.CheckConstraint(
            "status IN ('active', 'inactive', 'defunct', 'temporarily closed')",
            name=op.f("ck_service_status"),
        ),
        sa.CheckConstraint(
            "minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age",
            name=op.f("ck_service_age_range"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_service_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_last_modified"), ["last_modified"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            "ix_service_status_last_modified", ["status", "last_modified"], unique=False
        )

    op.create_table(
        "taxonomy_term",
        sa.Column("taxonomy_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("term_uri", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["taxonomy_term.id"],
            name=op.f("fk_taxonomy_term_parent_id_taxonomy_term"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_id"],
            ["taxonomy.id"],
            name=op.f("fk_taxonomy_term_taxonomy_id_taxonomy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_term")),
        sa.UniqueConstraint("taxonomy_id", "code", name=op.f("uq_taxonomy_term_taxonomy_id_code")),
    )
    with op.batch_alter_table("taxonomy_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taxonomy_term_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "accessibility",
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_accessibility_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accessibility")),
    )
    with op.batch_alter_table("accessibility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accessibility_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "address",
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("attention", sa.Text(), nullable=True),
        sa.Column("address_1", sa.Text(), nullable=False),
        sa.Column("address_2", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("state_province", sa.Text(), nullable=False),
        sa.Column("postal_code", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("address_type", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "address_type IN ('physical', 'postal', 'virtual')",
            name=op.f("ck_address_address_type"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_address_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address")),
    )
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_location_id"), ["location_id"], unique=False)

    op.create_table(
        "attribute",
        sa.Column("link_id", sa.Uuid(), nullable=False),
        sa.Column("link_entity", sa.String(length=32), nullable=False),
        sa.Column("link_type", sa.String(length=64), nullable=True),
        sa.Column("taxonomy_term_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("created_at", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "origin IN ('import', 'editor', 'rule', 'inferred')", name=op.f("ck_attribute_origin")
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_term_id"],
            ["taxonomy_term.id"],
            name=op.f("fk_attribute_taxonomy_term_id_taxonomy_term"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribute")),
        sa.UniqueConstraint(
            "link_entity",
            "link_id",
            "taxonomy_term_id",
            "link_type",
            name=op.f("uq_attribute_link_entity_link_id_taxonomy_term_id_link_type"),
        ),
    )
    with op.batch_alter_table("attribute", schema=None) as batch_op:
        batch_op.create_index("ix_attribute_link", ["link_entity", "link_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attribute_taxonomy_term_id"), ["taxonomy_term_id"], unique=False
        )

    op.create_table(
        "cost_option",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("option", sa.Text(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("amount_description", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_cost_option_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_option")),
    )
    with op.batch_alter_table("cost_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cost_option_service_id"), ["service_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_at", directory.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'in_progress', 'resolved', 'dismissed')",
            name=op.f("ck_feedback_status"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_feedback_service_id_service"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_service_id"), ["service_id"], unique=False)

    op.create_table(
        "priority_tag",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("priority_id", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("created_at", directory.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "origin IN ('rule', 'import', 'editor')", name=op.f("ck_priority_tag_origin")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_priority_tag_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_tag")),
        sa.UniqueConstraint(
            "service_id", "priority_id", name=op.f("uq_priority_tag_service_id_priority_id")
        ),
    )
    with op.batch_alter_table("priority_tag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_priority_tag_priority_id"), ["priority_id"], unique=False
        )

    op.create_table(
        "service_area",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("extent", sa.Text(), nullable=True),
        sa.Column("extent_type", sa.String(length=16), nullable=True),
        sa.Column("uri", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_area_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_area")),
    )
    with op.batch_alter_table("service_area", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_area_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "service_at_location",
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_at_location_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_at_location_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_at_location")),
    )
    with op.batch_alter_table("service_at_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_at_location_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            "ix_service_at_location_pair", ["service_id", "location_id"], unique=False
        )

    op.create_table(
        "contact",
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("service_at_location_id", sa.Uuid(), nullable=True),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_contact_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_contact_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["service_at_location.id"],
            name=op.f("fk_contact_service_at_location_id_service_at_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_contact_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_location_id"), ["location_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contact_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_contact_service_at_location_id"),
            ["service_at_location_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_contact_service_id"), ["service_id"], unique=False)

    op.create_table(
        "schedule",
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("service_at_location_id", sa.Uuid(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("dtstart", sa.Date(), nullable=True),
        sa.Column("timezone", sa.Double(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("wkst", sa.String(length=2), nullable=True),
        sa.Column("freq", sa.String(length=8), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=True),
        sa.Column("byday", sa.String(length=64), nullable=True),
        sa.Column("byweekno", sa.String(length=64), nullable=True),
        sa.Column("bymonthday", sa.String(length=64), nullable=True),
        sa.Column("byyearday", sa.String(length=64), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("opens_at", sa.String(length=16), nullable=True),
        sa.Column("closes_at", sa.String(length=16), nullable=True),
        sa.Column("schedule_link", sa.Text(), nullable=True),
        sa.Column("attending_type", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_schedule_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["service_at_location.id"],
            name=op.f("fk_schedule_service_at_location_id_service_at_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_schedule_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule")),
    )
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_location_id"), ["location_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_schedule_service_at_location_id"),
            ["service_at_location_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_schedule_service_id"), ["service_id"], unique=False)

    op.create_table(
        "phone",
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("service_at_location_id", sa.Uuid(), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("extension", sa.String(length=16), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_phone_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_phone_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_phone_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["service_at_location.id"],
            name=op.f("fk_phone_service_at_location_id_service_at_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_phone_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone")),
    )
    with op.batch_alter_table("phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phone_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_phone_location_id"), ["location_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_phone_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_phone_service_at_location_id"), ["service_at_location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_phone_service_id"), ["service_id"], unique=False)

    op.create_table(
        "language",
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("phone_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_language_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["phone_id"], ["phone.id"], name=op.f("fk_language_phone_id_phone"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_language_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language")),
    )
    with op.batch_alter_table("language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_language_location_id"), ["location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_language_phone_id"), ["phone_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_language_service_id"), ["service_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_language_service_id"))
        batch_op.drop_index(batch_op.f("ix_language_phone_id"))
        batch_op.drop_index(batch_op.f("ix_language_location_id"))

    op.drop_table("language")
    with op.batch_alter_table("phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phone_service_id"))
        batch_op.drop_index(batch_op.f("ix_phone_service_at_location_id"))
        batch_op.drop_index(batch_op.f("ix_phone_organization_id"))
        batch_op.drop_index(batch_op.f("ix_phone_location_id"))
        batch_op.drop_index(batch_op.f("ix_phone_contact_id"))

    op.drop_table("phone")
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_service_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_service_at_location_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_location_id"))

    op.drop_table("schedule")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_service_id"))
        batch_op.drop_index(batch_op.f("ix_contact_service_at_location_id"))
        batch_op.drop_index(batch_op.f("ix_contact_organization_id"))
        batch_op.drop_index(batch_op.f("ix_contact_location_id"))

    op.drop_table("contact")
    with op.batch_alter_table("service_at_location", schema=None) as batch_op:
        batch_op.drop_index("ix_service_at_location_pair")
        batch_op.drop_index(batch_op.f("ix_service_at_location_location_id"))

    op.drop_table("service_at_location")
    with op.batch_alter_table("service_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_area_service_id"))

    op.drop_table("service_area")
    with op.batch_alter_table("priority_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_tag_priority_id"))

    op.drop_table("priority_tag")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_service_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_created_at"))

    op.drop_table("feedback")
    with op.batch_alter_table("cost_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cost_option_service_id"))

    op.drop_table("cost_option")
    with op.batch_alter_table("attribute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attribute_taxonomy_term_id"))
        batch_op.drop_index("ix_attribute_link")

    op.drop_table("attribute")
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_location_id"))

    op.drop_table("address")
    with op.batch_alter_table("accessibility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accessibility_location_id"))

    op.drop_table("accessibility")
    with op.batch_alter_table("taxonomy_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taxonomy_term_parent_id"))

    op.drop_table("taxonomy_term")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index("ix_service_status_last_modified")
        batch_op.drop_index(batch_op.f("ix_service_organization_id"))
        batch_op.drop_index(batch_op.f("ix_service_last_modified"))

    op.drop_table("service")
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provenance_import_run_id"))
        batch_op.drop_index("ix_provenance_entity")

    op.drop_table("provenance")
    with op.batch_alter_table("organization_identifier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_identifier_organization_id"))

    op.drop_table("organization_identifier")
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_postcode"))
        batch_op.drop_index(batch_op.f("ix_location_organization_id"))

    op.drop_table("location")
    with op.batch_alter_table("demand_statistic", schema=None) as batch_op:
        batch_op.drop_index("ix_demand_statistic_lookup")

    op.drop_table("demand_statistic")
    op.drop_table("taxonomy")
    with op.batch_alter_table("search_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_log_created_at"))

    op.drop_table("search_log")
    op.drop_table("postcode_district")
    with op.batch_alter_table("postcode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_postcode_la_code"))
        batch_op.drop_index(batch_op.f("ix_postcode_district"))

    op.drop_table("postcode")
    op.drop_table("organization")
    with op.batch_alter_table("import_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_run_source"))

    op.drop_table("import_run")
