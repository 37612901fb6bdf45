"""The demo builder: the committed files are what the content says, ids never drift, and
content that breaks a rule is refused with a message naming the file and the record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from directory.demo.build.checks import check_content, description_words
from directory.demo.build.content import Content, ContentError, load_content
from directory.demo.build.geography import GeographyError, PostcodeIndex
from directory.demo.build.judgments import render_judgments
from directory.demo.build.oruk import service_id
from directory.demo.build.pipeline import build_outputs
from tests.conftest import SHARED_DATA

GEOGRAPHY = SHARED_DATA / "geography"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def with_service(content: Content, slug: str, **changes: object) -> Content:
    services = tuple(
        dataclasses.replace(s, **changes) if s.slug == slug else s for s in content.services
    )
    return dataclasses.replace(content, services=services)


def test_committed_feed_and_judgments_are_exactly_a_rebuild_of_the_content() -> None:
    for path, text in build_outputs(GEOGRAPHY).items():
        assert path.read_text("utf-8") == text, (
            f"{path.name} is stale: python -m directory.demo.build"
        )


def test_ids_are_stable_across_builds() -> None:
    # Judgments, bookmarks and other installations cite these ids: they must never change.
    assert service_id("northway-school") == "edd3f5d5-0570-5a55-a121-45f1d26c193f"


def test_the_shipped_content_keeps_every_rule(content: Content) -> None:
    check_content(content)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"needs": ("AUTISM",)}, "needs: 'AUTISM' is not a send-need code"),
        ({"venues": ("nowhere",)}, "venue 'nowhere' is not in venues.toml"),
        ({"description": "<p>Too short to help anyone.</p>"}, "description has 5 words"),
        ({"cost": "paid", "costs": ()}, "cost 'paid' needs a cost option with an amount"),
        ({"status": "temporarily closed", "alert": None}, "needs an alert saying why"),
        ({"delivery": ("online",)}, "a service with venues is delivered in person"),
    ],
)
def test_content_breaking_a_rule_is_refused_naming_file_and_service(
    content: Content, changes: dict[str, object], message: str
) -> None:
    broken = with_service(content, "northway-school", **changes)
    with pytest.raises(ContentError) as raised:
        check_content(broken)
    assert "services_1_specialist_education.toml: service 'northway-school'" in raised.value.message
    assert message in raised.value.message


def test_a_judgment_of_an_unknown_service_is_refused(content: Content, tmp_path: Path) -> None:
    source = tmp_path / "judgments.toml"
    source.write_text('# guide\n[[query]]\ntext = "speech"\ng3 = ["no-such-service"]\n')
    with pytest.raises(
        ContentError, match=r"query 'speech' grades unknown services \['no-such-service'\]"
    ):
        render_judgments(source, content)


def test_a_postcode_that_cannot_be_placed_is_named() -> None:
    with pytest.raises(GeographyError, match="'ZZ9 9ZZ'"):
        PostcodeIndex(GEOGRAPHY).position("ZZ9 9ZZ")


def test_words_are_counted_as_a_reader_sees_them() -> None:
    assert description_words("<p>Tuesdays&nbsp;4pm&nbsp;to&nbsp;5pm, A&amp;E</p>") == 6
