"""Tagging rules as configuration: mistakes fail at start-up naming the file and line, and
another authority's configuration works with nothing wired to Barnet."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.errors import ConfigurationError
from directory.localoffer import load_config
from directory.settings import default_config_path
from directory.tagging import ServiceFacts, Tagger
from directory.vocab import load_vocabularies

NORTHMOOR = Path(__file__).parent / "data" / "northmoor.toml"


def barnet_text() -> str:
    return default_config_path().read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "authority.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def load_error(path: Path) -> str:
    with pytest.raises(ConfigurationError) as raised:
        load_config(path)
    assert raised.value.details["file"] == str(path)
    return raised.value.message


def test_barnet_rules_load_and_cover_every_priority() -> None:
    config = load_config(default_config_path())

    assert {rule.priority for rule in config.rules} == {p.id for p in config.priorities}
    assert len({rule.id for rule in config.rules}) == len(config.rules)
    assert config.rules_for("P3")[0].min_sectors == 2


def test_unknown_priority_in_a_rule_names_the_file_and_line(tmp_path: Path) -> None:
    text = barnet_text().replace('priority = "P4"\nservice_types', 'priority = "P9"\nservice_types')
    path = write(tmp_path, text)

    message = load_error(path)

    line = line_of(text, 'priority = "P9"')
    assert message.startswith(f"{path}, line {line}: ")
    assert "rule 'P4-education-services': priority 'P9' is not one of the configured" in message


def test_malformed_toml_in_the_rules_names_the_line(tmp_path: Path) -> None:
    text = barnet_text().replace('id = "P5-local-places"', 'id = "P5-local-places')
    path = write(tmp_path, text)

    message = load_error(path)

    assert f"{path}: not valid TOML" in message
    line = line_of(text, 'id = "P5-local-places')
    assert f"line {line}, column" in message


def test_duplicate_rule_id_points_at_the_second(tmp_path: Path) -> None:
    text = barnet_text().replace(
        'id = "P2-participation-words"', 'id = "P2-participation-services"'
    )
    path = write(tmp_path, text)

    message = load_error(path)

    expected = line_of(text, '"P2-participation-services"', occurrence=2)
    assert message == f"{path}, line {expected}: rule id 'P2-participation-services' is used twice"


def test_duplicate_code_in_a_rule(tmp_path: Path) -> None:
    text = barnet_text().replace(
        'service_types = ["sendiass", "parent_carer_forum"]',
        'service_types = ["sendiass", "parent_carer_forum", "sendiass"]',
    )
    path = write(tmp_path, text)

    message = load_error(path)

    line = line_of(text, '"sendiass", "parent_carer_forum"')
    assert message.startswith(f"{path}, line {line}: ")
    assert "service_types: 'sendiass' is listed twice" in message


def test_unknown_vocabulary_code_in_a_rule(tmp_path: Path) -> None:
    text = barnet_text().replace('"supported_internship", ', '"supported_internships", ')
    path = write(tmp_path, text)

    message = load_error(path)

    assert message.startswith(f"{path}, line {line_of(text, 'supported_internships')}: ")
    assert "'supported_internships' is not a known code" in message


def test_misspelt_setting_is_refused(tmp_path: Path) -> None:
    text = barnet_text().replace("min_sectors = 2", "min_sector = 2")
    path = write(tmp_path, text)

    message = load_error(path)

    assert message.startswith(f"{path}, line {line_of(text, 'min_sector = 2')}: ")
    assert "unknown setting 'min_sector'" in message


def test_where_must_be_text_or_summary(tmp_path: Path) -> None:
    text = barnet_text().replace('where = "summary"', 'where = "everywhere"', 1)
    path = write(tmp_path, text)

    message = load_error(path)

    line = line_of(text, 'where = "everywhere"')
    assert message.startswith(f"{path}, line {line}: ")
    assert "rule 'P1-assessment-words': where must be one of text, summary" in message


def test_rule_without_conditions(tmp_path: Path) -> None:
    text = barnet_text() + '\n[[rules]]\nid = "empty"\npriority = "P1"\n'
    path = write(tmp_path, text)

    message = load_error(path)

    assert message.startswith(f"{path}, line {line_of(text, '[[rules]]', occurrence=14)}: ")
    assert "rule 'empty': has no conditions" in message


def test_duplicate_postcode_district(tmp_path: Path) -> None:
    text = barnet_text().replace('"NW11"]', '"NW11", "N3"]')
    path = write(tmp_path, text)

    assert "postcode district 'N3' is listed twice" in load_error(path)


def test_duplicate_vocabulary_code_names_the_line(tmp_path: Path) -> None:
    text = '[sector]\nname = "Sector"\nterms = [\n  { code = "health", name = "Health" },\n'
    text += '  { code = "health", name = "Health again" },\n]\n'
    path = write(tmp_path, text, "vocabularies.toml")

    with pytest.raises(ConfigurationError) as raised:
        load_vocabularies(path, text)

    assert raised.value.message == f"{path}, line 5: [sector] code 'health' is used twice"


def test_unknown_code_in_a_vocabulary_field_table(tmp_path: Path) -> None:
    text = '[sector]\nname = "Sector"\nterms = [{ code = "health", name = "Health" }]\n\n'
    text += '[sector.synonyms]\nhealth = ["NHS"]\nhelth = ["typo"]\n'
    path = write(tmp_path, text, "vocabularies.toml")

    with pytest.raises(ConfigurationError) as raised:
        load_vocabularies(path, text)

    assert raised.value.message == (
        f"{path}, line 7: [sector.synonyms] 'helth' is not a sector code"
    )


def test_another_authority_with_its_own_priorities() -> None:
    config = load_config(NORTHMOOR)
    tagger = Tagger(config)
    facts = ServiceFacts(
        id="1",
        name="Northmoor Speech and Language Therapy",
        description="Therapy for pre-school children with speech and language difficulties.",
        service_types=frozenset({"speech_language_therapy"}),
        minimum_age=0,
        maximum_age=5,
    )
    school = ServiceFacts(
        id="2",
        name="Moorside special school",
        description="A special school for autistic pupils.",
        service_types=frozenset({"special_school"}),
        postcode_districts=frozenset({"BB2"}),
        minimum_age=4,
        maximum_age=11,
    )

    assert [(p.id, p.reason) for p in tagger.tag(facts).priorities] == [
        ("EARLY", "EARLY: for ages 0 to 5"),
        ("HEALTH", "HEALTH: service type speech and language therapy"),
    ]
    assert [(p.id, p.reason) for p in tagger.tag(school).priorities] == [
        ("LOCAL", "LOCAL: service type special school, in Northmoor"),
    ]
    # A Barnet postcode is not local to Northmoor.
    barnet_school = ServiceFacts(**{**school.__dict__, "postcode_districts": frozenset({"N3"})})
    assert tagger.tag(barnet_school).priorities == ()


def test_a_configuration_without_rules_tags_needs_but_no_priorities(tmp_path: Path) -> None:
    text = NORTHMOOR.read_text(encoding="utf-8").split("[[rules]]")[0]
    config = load_config(write(tmp_path, text))

    tagging = Tagger(config).tag(ServiceFacts(id="1", description="An autism support group"))

    assert config.rules == ()
    assert tagging.priorities == ()
    assert [n.code for n in tagging.needs] == ["ASD"]


def test_summary_rules_read_what_a_service_is_not_what_it_mentions() -> None:
    tagger = Tagger(load_config(default_config_path()))
    mentions = ServiceFacts(
        id="1",
        name="Talk Together",
        description="Private speech and language therapy. Clinics in Finchley on Saturdays. "
        "Our reports can support an EHC needs assessment.",
    )
    is_one = ServiceFacts(
        id="2",
        name="SEN Team",
        description="We carry out EHC needs assessments. Contact us on 020 8359 7007.",
    )

    assert tagger.tag(mentions).priorities == ()
    assert [p.reason for p in tagger.tag(is_one).priorities] == [
        'P1: mentions "EHC needs assessment"'
    ]
