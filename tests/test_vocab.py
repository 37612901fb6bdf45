"""The vocabularies are stored as ORUK taxonomies, idempotently."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.models import Taxonomy, TaxonomyTerm
from directory.vocab import sync_vocabularies, vocabularies, vocabulary


def test_sync_is_idempotent_and_complete(session: Session) -> None:
    assert sync_vocabularies(session) == 0  # the fixture database is already in sync

    stored = dict(
        session.execute(
            select(Taxonomy.vocabulary, func.count(TaxonomyTerm.id))
            .join(TaxonomyTerm)
            .group_by(Taxonomy.vocabulary)
        ).all()
    )
    assert stored == {key: len(v.terms) for key, v in vocabularies().items()}


def test_need_codes_are_the_dfe_codes_plus_all_needs() -> None:
    assert vocabulary("send-need").codes == (
        "SLCN", "ASD", "SPLD", "MLD", "SLD", "PMLD", "SEMH", "HI", "VI", "MSI", "PD", "OTH", "DS",
        "NSA", "ALL",
    )  # fmt: skip
    assert [t.code for t in vocabulary("lo-checklist").terms] == [
        f"LO-{n:02d}" for n in range(1, 34)
    ]
