"""HSDS 3.0 classification: taxonomies, their terms, and attributes that attach terms to rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.base import Base, UUIDKey, utcnow

# Who put an attribute on a record. Rules never overwrite what an import or an editor set.
ATTRIBUTE_ORIGINS = ("import", "editor", "rule", "inferred")


class Taxonomy(UUIDKey, Base):
    __tablename__ = "taxonomy"

    # (ours) stable machine key for the vocabulary, e.g. "send-need", "sector".
    vocabulary: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(String(32))

    terms: Mapped[list[TaxonomyTerm]] = relationship(
        back_populates="taxonomy", cascade="all, delete-orphan", order_by="TaxonomyTerm.position"
    )


class TaxonomyTerm(UUIDKey, Base):
    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    taxonomy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("taxonomy_term.id", ondelete="SET NULL"), index=True
    )
    term_uri: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    # (ours) display order within the taxonomy.
    position: Mapped[int] = mapped_column(default=0)

    taxonomy: Mapped[Taxonomy] = relationship(back_populates="terms")
    parent: Mapped[TaxonomyTerm | None] = relationship(remote_side="TaxonomyTerm.id")


class Attribute(UUIDKey, Base):
    """Attaches a taxonomy term to any row (HSDS 3.0 ``attribute``)."""

    __tablename__ = "attribute"
    __table_args__ = (
        CheckConstraint(
            "origin IN (" + ", ".join(f"'{o}'" for o in ATTRIBUTE_ORIGINS) + ")", name="origin"
        ),
        UniqueConstraint("link_entity", "link_id", "taxonomy_term_id", "link_type"),
        Index("ix_attribute_link", "link_entity", "link_id"),
    )

    link_id: Mapped[uuid.UUID]
    link_entity: Mapped[str] = mapped_column(String(32))
    link_type: Mapped[str | None] = mapped_column(String(64))
    taxonomy_term_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("taxonomy_term.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str | None] = mapped_column(Text)
    # (ours) import, editor, rule (tagging engine) or inferred (need words in the text).
    origin: Mapped[str] = mapped_column(String(16), default="import")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    taxonomy_term: Mapped[TaxonomyTerm] = relationship(lazy="joined")
