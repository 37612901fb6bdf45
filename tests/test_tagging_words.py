"""Need words: whole words, acronyms, plurals, negation, neutral phrases, HTML and postcodes."""

from __future__ import annotations

import pytest

from directory.tagging import ServiceFacts, phases
from directory.tagging.needs import need_inference
from directory.tagging.phrases import PhraseMatcher
from directory.tagging.text import html_to_text, postcode_district


def needs(text: str, *service_types: str) -> dict[str, str]:
    return {n.code: n.evidence for n in need_inference().infer(text, service_types)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Support for autistic teenagers", {"ASD": "autistic"}),
        ("A group for children with Asperger's", {"ASD": "Asperger's"}),
        ("Our ASC resource base", {"ASD": "ASC"}),
        ("Dyslexia-friendly tuition", {"SPLD": "Dyslexia"}),
        ("Family days for Deaf children", {"HI": "Deaf"}),
        ("ADHD parent workshop", {"SEMH": "ADHD"}),
        ("Football for wheelchair users", {"PD": "wheelchair users"}),
        ("Football for Down’s syndrome players", {"DS": "Down’s syndrome"}),
        ("Braille for blind and visually impaired children", {"VI": "Braille"}),
        ("Help with anxiety", {"SEMH": "anxiety"}),
        ("Young people who stammer", {"SLCN": "stammer"}),
        ("A learning disability", {"MLD": "learning disability", "SLD": "learning disability"}),
        ("Children with PMLD", {"PMLD": "PMLD"}),
        ("Sessions for deafblind children", {"MSI": "deafblind"}),
        ("For every child, whatever their needs", {"ALL": "whatever their needs"}),
    ],
)  # fmt: skip
def test_lay_words_and_acronyms(text: str, expected: dict[str, str]) -> None:
    assert needs(text) == expected


def test_acronyms_must_be_written_in_capitals() -> None:
    assert needs("Meet at the asc building; hi everyone; we send newsletters") == {}


def test_whole_words_only() -> None:
    assert needs("Speechmark events: a blindfold tasting and deafening music") == {}


def test_longer_phrase_wins_over_the_words_inside_it() -> None:
    assert needs("For pupils with specific learning difficulties") == {
        "SPLD": "specific learning difficulties"
    }
    assert needs("For pupils with moderate learning difficulties") == {
        "MLD": "moderate learning difficulties"
    }


def test_negated_needs_are_not_inferred() -> None:
    text = "The gym is upstairs and not suitable for wheelchair users. Great for autistic children."
    assert needs(text) == {"ASD": "autistic"}
    assert needs("We are unable to support children with severe learning disabilities.") == {}


def test_negation_ends_with_the_clause() -> None:
    text = "Not suitable for wheelchair users, but deaf children are very welcome."
    assert needs(text) == {"HI": "deaf"}


def test_a_negated_diagnosis_does_not_negate_the_need() -> None:
    assert needs("You do not need a diagnosis of autism to join.") == {"ASD": "autism"}


def test_venue_features_are_not_needs() -> None:
    text = "The hall is wheelchair accessible, with a hearing loop and BSL interpreters on request."
    assert needs(text) == {}


def test_general_send_words_mean_all_needs_only_when_nothing_specific_is_named() -> None:
    assert needs("Short breaks for disabled children") == {"ALL": "disabled children"}
    assert needs("A club for disabled children with autism") == {"ASD": "autism"}


def test_equality_statements_are_not_about_disability() -> None:
    assert needs("We welcome everyone regardless of race, disability or religion.") == {}


def test_broad_areas_stand_for_their_codes() -> None:
    assert set(needs("Support for cognition and learning needs")) == {"SPLD", "MLD", "SLD", "PMLD"}


def test_service_types_imply_needs() -> None:
    assert needs("Therapy at home", "speech_language_therapy") == {
        "SLCN": "service type speech and language therapy"
    }


def test_phrases_do_not_cross_sentences_or_list_items() -> None:
    assert needs("We offer speech. Language classes too.") == {"SLCN": "speech"}
    assert needs(html_to_text("<ul><li>Deaf</li><li>blind</li></ul>")) == {
        "HI": "Deaf",
        "VI": "blind",
    }


def test_keyword_matcher_credits_the_shorter_phrases_inside_a_match() -> None:
    matcher = PhraseMatcher(["supported internship", "internship", "college"], ["Royal College"])

    assert matcher.find_phrases("Supported internships for 18 year olds") == {
        "supported internship",
        "internship",
    }
    assert matcher.find_phrases("Therapists registered with the Royal College") == set()


def test_html_to_text() -> None:
    html = "<p>Autism&nbsp;support</p><script>alert(1)</script><p>Tea &amp; cake</p>"
    assert html_to_text(html) == "Autism support\n\nTea & cake"


@pytest.mark.parametrize(
    ("postcode", "district"),
    [
        ("n3 1ab", "N3"),
        ("NW117HB", "NW11"),
        ("EN5", "EN5"),
        ("SW1A 1AA", "SW1A"),
        ("nonsense", None),
    ],
)
def test_postcode_district(postcode: str, district: str | None) -> None:
    assert postcode_district(postcode) == district


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 5, ("early_years", "primary")),
        (11, 16, ("secondary", "post_16")),
        (16, 25, ("post_16", "post_19")),
        (4.5, 10.5, ("early_years", "primary")),
        (None, 4, ("early_years",)),
        (19, None, ("post_19",)),
        (None, None, ("early_years", "primary", "secondary", "post_16", "post_19")),
        (30, 65, ()),
    ],
)
def test_phases_from_ages(low: float | None, high: float | None, expected: tuple[str, ...]) -> None:
    assert phases(low, high) == expected


@pytest.mark.parametrize(
    ("name", "description", "summary"),
    [
        (
            "Job club",
            "Weekly sessions. We help with CVs! Referrals by email. Open to all.",
            "Job club\n\nWeekly sessions. We help with CVs!",
        ),
        ("Job club", "One sentence only", "Job club\n\nOne sentence only"),
        ("", "First.\n\nSecond paragraph. Third.", "First.\n\nSecond paragraph."),
        ("Name only", "", "Name only"),
    ],
)
def test_the_summary_is_the_name_and_two_sentences(
    name: str, description: str, summary: str
) -> None:
    facts = ServiceFacts(id="s", name=name, description=description, eligibility="Ages 16-25")
    assert facts.text()[: facts.summary_end()] == summary


def test_phrases_of_the_opening_are_found_in_the_same_pass() -> None:
    matcher = PhraseMatcher(["supported internship", "job coaching"])
    text = "Supported internships for 16 to 24s. Travel training too. Job coaching after."
    found, opening = matcher.find_phrases_split(text, text.index(" Job"))
    assert found == {"supported internship", "job coaching"}
    assert opening == {"supported internship"}
    # The cut is in the text as given; NFKC turns "…" into three characters before matching.
    text = "Autism hub … … … … for autism support. Third: job coaching."
    matcher = PhraseMatcher(["autism support", "job coaching"])
    found, opening = matcher.find_phrases_split(text, text.index(" Third"))
    assert opening == {"autism support"}
