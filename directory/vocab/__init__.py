"""The controlled vocabularies (needs, phases, sectors, service types, ...) and their lookups.

The data is ``vocabularies.toml``; ``sync_vocabularies`` stores it as ORUK taxonomies and terms.
Taxonomy and term ids are UUID v5 of ``urn:local-offer:<vocabulary>[:<code>]``, identical on every
installation, so an Open Referral UK feed (ours, the demo data, another council running this
product) can attach a term by id; importers also accept the vocabulary key in
``taxonomy_term.taxonomy`` with the ``code``.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Taxonomy, TaxonomyTerm


def taxonomy_id(vocabulary_key: str) -> uuid.UUID:
    """Taxonomy ids are the same on every installation, so feeds and demo data can cite them."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:local-offer:{vocabulary_key}")


def term_id(vocabulary_key: str, code: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:local-offer:{vocabulary_key}:{code}")


@dataclass(frozen=True)
class Term:
    vocabulary: str
    code: str
    name: str
    position: int
    data: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Vocabulary:
    key: str
    name: str
    description: str
    terms: tuple[Term, ...]

    def __getitem__(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise KeyError(f"{code!r} is not a term of {self.key}")

    def __contains__(self, code: object) -> bool:
        return any(term.code == code for term in self.terms)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms)


@cache
def vocabularies() -> dict[str, Vocabulary]:
    text = resources.files(__package__).joinpath("vocabularies.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    result = {}
    for key, body in raw.items():
        terms = tuple(
            Term(
                vocabulary=key,
                code=item["code"],
                name=item["name"],
                position=position,
                data={k: v for k, v in item.items() if k not in ("code", "name")},
            )
            for position, item in enumerate(body["terms"])
        )
        result[key] = Vocabulary(key, body["name"], body.get("description", ""), terms)
    return result


def vocabulary(key: str) -> Vocabulary:
    return vocabularies()[key]


def sync_vocabularies(session: Session) -> int:
    """Create or update every taxonomy and term; returns how many rows changed. Idempotent."""
    changed = 0
    existing = {t.vocabulary: t for t in session.scalars(select(Taxonomy))}
    for key, vocab in vocabularies().items():
        taxonomy = existing.get(key)
        if taxonomy is None:
            taxonomy = Taxonomy(id=taxonomy_id(key), vocabulary=key, name=vocab.name)
            session.add(taxonomy)
            changed += 1
        for attr, value in (("name", vocab.name), ("description", vocab.description)):
            if getattr(taxonomy, attr) != value:
                setattr(taxonomy, attr, value)
                changed += 1
        session.flush()
        terms = {
            t.code: t
            for t in session.scalars(
                select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id == taxonomy.id)
            )
        }
        for term in vocab.terms:
            row = terms.get(term.code)
            if row is None:
                row = TaxonomyTerm(
                    id=term_id(key, term.code), taxonomy_id=taxonomy.id, code=term.code
                )
                session.add(row)
                changed += 1
            wanted: dict[str, object] = {
                "name": term.name,
                "description": str(term.data.get("description", term.name)),
                "position": term.position,
            }
            for attr, wanted_value in wanted.items():
                if getattr(row, attr) != wanted_value:
                    setattr(row, attr, wanted_value)
                    changed += 1
    session.flush()
    return changed
