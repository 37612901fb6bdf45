"""The ``local-offer`` command: help everywhere, and the database commands do what they say."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from directory.cli import main


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", all_commands(main), ids=lambda p: " ".join(p) or "local-offer")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])

    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output
    assert "Show this message and exit" in result.output


def test_db_upgrade_then_check_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    env = {"LOCAL_OFFER_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    runner = CliRunner()

    before = runner.invoke(main, ["db", "check"], env=env)
    assert before.exit_code == 1
    assert "run `local-offer db upgrade`" in before.output

    upgraded = runner.invoke(main, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert (tmp_path / "local-offer.sqlite3").exists()

    checked = runner.invoke(main, ["db", "check"], env=env)
    assert checked.exit_code == 0, checked.output
    assert "models and migrations agree" in checked.output
