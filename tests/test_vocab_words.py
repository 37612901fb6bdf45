"""The vocabularies carry the words people use, and the database stores them with the terms."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import TaxonomyTerm
from directory.vocab import term_id, vocabulary


def test_every_need_but_nsa_has_lay_words() -> None:
    missing = [t.code for t in vocabulary("send-need").terms if not t.data.get("synonyms")]
    assert missing == ["NSA"]


def test_service_types_have_a_sector_words_and_checklist_items() -> None:
    for term in vocabulary("service-type").terms:
        assert term.data["sector"] in vocabulary("sector"), term.code
        assert term.data.get("synonyms"), term.code
        assert all(item in vocabulary("lo-checklist") for item in term.data["checklist"])


def test_stored_terms_describe_themselves_with_the_lay_words(session: Session) -> None:
    stored = session.scalar(
        select(TaxonomyTerm.description).where(TaxonomyTerm.id == term_id("send-need", "ASD"))
    )
    assert stored is not None
    assert stored.startswith("Autistic spectrum disorder. Also called: ASD, ASC, autism, autistic")
