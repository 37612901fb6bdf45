"""The authority configuration: Barnet's loads; mistakes fail with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.errors import ConfigurationError
from directory.localoffer import load_config
from directory.settings import default_config_path


def test_barnet_configuration() -> None:
    config = load_config(default_config_path())

    assert config.authority.la_code == "302"
    assert config.authority.gss_code == "E09000003"
    assert [p.id for p in config.priorities] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert config.priority("P6").title == (
        "To promote independence and prepare children and young people for adulthood"
    )
    assert config.in_borough("N3")
    assert not config.in_borough("E1")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "authority.toml"
    path.write_text(text, encoding="utf-8")
    return path


def barnet_text() -> str:
    return default_config_path().read_text(encoding="utf-8")


def line_number(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, barnet_text().replace('la_code = "302"', "la_code = 302 302"))

    with pytest.raises(ConfigurationError) as raised:
        load_config(path)

    assert str(path) in raised.value.message
    assert f"line {line_number(barnet_text(), 'la_code')}" in raised.value.message


def test_duplicate_priority_id_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, barnet_text().replace('id = "P2"', 'id = "P1"'))

    with pytest.raises(ConfigurationError) as raised:
        load_config(path)

    assert "priority id 'P1' is used twice" in raised.value.message
    expected_line = line_number(barnet_text(), 'id = "P2"')
    assert f"{path}, line {expected_line}" in raised.value.message


def test_bad_postcode_district_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, barnet_text().replace('"NW11"', '"NOT A DISTRICT"'))

    with pytest.raises(ConfigurationError, match="'NOT A DISTRICT' is not a postcode district"):
        load_config(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot read the configuration file"):
        load_config(tmp_path / "missing.toml")
