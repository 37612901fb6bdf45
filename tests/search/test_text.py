"""Text search: SEND words, acronyms, misspellings, British spellings, query syntax as text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from directory.models import Service
from directory.search import SearchIndex, SearchQuery
from tests.factories import classify, create_organization, create_service

Build = Callable[[], SearchIndex]


@pytest.fixture
def index(session: Session, build_index: Build) -> SearchIndex:
    autism = create_service(
        session,
        name="Outreach for autistic pupils",
        description_text="Specialist teachers visit schools to support autistic children.",
    )
    classify(session, autism, "send-need", "ASD")
    tagged_only = create_service(
        session, name="Social communication group", description_text="A friendly weekly group."
    )
    classify(session, tagged_only, "send-need", "ASD")
    speech = create_service(
        session,
        name="Speech and language therapy",
        description_text="Therapists help children with speech delay and stammering.",
    )
    classify(session, speech, "service-type", "speech_language_therapy")
    classify(session, speech, "send-need", "SLCN")
    create_service(
        session,
        name="Occupational therapy",
        description_text="Help with handwriting, dressing and sensory needs.",
    )
    create_service(
        session,
        name="Short breaks",
        description_text="Play schemes and clubs giving parents a break from caring.",
    )
    create_service(
        session,
        name="Behaviour support",
        description_text="Advice on behaviour at home and school.",
        organization=create_organization(session, name="Barnet Paediatric Centre"),
    )
    return build_index()


def found(index: SearchIndex, session: Session, text: str) -> list[str]:
    result = index.search(SearchQuery(text=text))
    return [session.get_one(Service, hit.service_id).name for hit in result.hits]


def test_lay_words_and_acronyms_find_the_same_services(
    index: SearchIndex, session: Session
) -> None:
    for text in ("autism", "autistic", "ASC", "asd", "Asperger's"):
        results = found(index, session, text)
        assert results[:2] == ["Outreach for autistic pupils", "Social communication group"], text

    for text in ("SALT", "speech therapy", "SLT", "speech and language therapist"):
        assert found(index, session, text)[0] == "Speech and language therapy", text


def test_why_it_matched(index: SearchIndex, session: Session) -> None:
    hits = index.search(SearchQuery(text="autism")).hits

    # The first service says "autistic" in its name and text; the second is only classified.
    assert hits[0].matched == ("autism: name, keywords, description", "autism: need ASD")
    assert hits[1].matched == ("autism: keywords", "autism: need ASD")


def test_misspellings_are_corrected_and_suggested(index: SearchIndex, session: Session) -> None:
    result = index.search(SearchQuery(text="speach therapy"))
    assert result.suggestion == "speech therapy"
    assert result.interpretation.corrected_text == "speech therapy"
    assert found(index, session, "speach therapy")[0] == "Speech and language therapy"

    assert index.search(SearchQuery(text="autisum")).suggestion == "autism"
    assert index.search(SearchQuery(text="short brakes")).suggestion == "short breaks"
    assert index.search(SearchQuery(text="autism")).suggestion is None


def test_british_and_american_spellings_meet(index: SearchIndex, session: Session) -> None:
    assert found(index, session, "behavior") == ["Behaviour support"]
    assert found(index, session, "pediatric") == ["Behaviour support"]


@pytest.mark.parametrize(
    "text",
    ["autism AND", "autis*", '"speech', "name:autism", "(therapy", "OR NOT", "*", "::", '"'],
)
def test_query_syntax_is_searched_as_plain_text(index: SearchIndex, text: str) -> None:
    result = index.search(SearchQuery(text=text))
    assert result.total >= 0  # no exception: the words are searched, symbols ignored


def test_empty_query_browses_everything(index: SearchIndex) -> None:
    assert index.search(SearchQuery(text="   ")).total == 6


def test_ages_written_in_the_text_are_understood(index: SearchIndex) -> None:
    result = index.search(SearchQuery(text="speech therapy for my 4 year old"))
    assert result.interpretation.age_from_text == 4
    assert result.total >= 1


def test_synonyms_are_reported(index: SearchIndex) -> None:
    interpretation = index.search(SearchQuery(text="SALT")).interpretation
    use = interpretation.synonyms[0]
    assert use.said == "salt"
    assert "speech languag therapi" in use.searched  # index terms are stems
    assert use.service_types == ("speech_language_therapy",)
