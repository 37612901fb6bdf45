"""``local-offer import``, ``template`` and ``demo`` as a user runs them: output and exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from directory.cli import main
from directory.demo import demo_folder
from tests.import_helpers import FEEDS, oruk_service, write_json


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"LOCAL_OFFER_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": ""}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def services(env: dict[str, str]) -> list[tuple[str, str]]:
    with sqlite3.connect(Path(env["LOCAL_OFFER_DATA_DIR"]) / "local-offer.sqlite3") as db:
        return db.execute("SELECT name, status FROM service ORDER BY name").fetchall()


def test_exit_codes_clean_with_rejections_and_nothing_loaded(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert run(env, "db", "upgrade").exit_code == 0
    service = oruk_service(name="Good")
    good = write_json(tmp_path / "good.json", [service])
    mixed = write_json(tmp_path / "mixed.json", [service, oruk_service(name="")])
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "name": "cut', encoding="utf-8")

    clean = run(env, "import", "oruk", str(good), "--source", "s")
    assert (clean.exit_code, clean.output.splitlines()[-1]) == (
        0,
        f"loaded {good} as source 's': 1 created, 1 organizations created",
    )
    rejected = run(env, "import", "oruk", str(mixed), "--source", "s")
    assert rejected.exit_code == 1
    assert "rejected: mixed.json record 2 (id " in rejected.output
    assert "name is required and is missing" in rejected.output
    nothing = run(env, "import", "oruk", str(broken), "--source", "s")
    assert nothing.exit_code == 2
    assert nothing.output.strip().startswith(
        f"nothing loaded from {broken}: broken.json: the JSON ends too early"
    )
    assert services(env) == [("Good", "active")]


def test_dry_run_writes_nothing(env: dict[str, str]) -> None:
    run(env, "db", "upgrade")

    result = run(
        env, "import", "oruk", str(FEEDS / "northlincs_services_v1_2024-12.json"), "--dry-run"
    )

    assert result.exit_code == 0
    assert "would load" in result.output and "738 created" in result.output
    assert services(env) == []


def test_import_before_the_database_exists_says_what_to_do(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = run(env, "import", "oruk", str(write_json(tmp_path / "a.json", oruk_service())))

    assert result.exit_code == 2
    assert "run `local-offer db upgrade` first" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["gaps"],
        ["tag"],
        ["search", "autism"],
        ["index", "rebuild"],
        ["index", "sync"],
        ["index", "check"],
        ["feedback", "list"],
    ],
)
def test_commands_on_a_database_not_yet_created_say_what_to_do(
    env: dict[str, str], command: list[str]
) -> None:
    result = run(env, *command)

    assert result.exit_code == 2, result.output
    assert "run `local-offer db upgrade` first" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_template_writes_a_workbook(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"

    result = run(env, "template", str(path))

    assert result.exit_code == 0 and path.exists()
    assert f"local-offer import provider-csv {path}" in result.output
    wrong = run(env, "template", str(tmp_path / "blank.csv"))
    assert wrong.exit_code == 2 and "give a name ending .xlsx" in wrong.output


def test_demo_builds_a_fresh_database_with_every_demo_file(env: dict[str, str]) -> None:
    first = run(env, "demo")
    after_first = services(env)
    second = run(env, "demo")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "as source 'demo:barnet_providers': 28 created" in second.output
    if not (demo_folder() / "barnet_services.json").exists():
        assert "the demo file barnet_services.json is not in this version" in second.output
    assert second.output.splitlines()[-1].startswith("demo ready: ")
    assert len(after_first) >= 28
    assert services(env) == after_first, (
        "a second demo starts again rather than adding to the first"
    )


def test_demo_loads_the_registers_after_the_content(env: dict[str, str]) -> None:
    result = run(env, "demo")

    assert result.exit_code == 0, result.output
    output = result.output
    # Four special schools are already described by the demo's content (same URN), so the
    # register only adds the eleven schools hosting resourced provision.
    assert "as source 'demo:barnet_schools_gias': 11 created" in output
    assert "4 record(s) left out because another source already lists" in output
    # 54 active Barnet practices in the ODS file; the content already has 9 (same ODS code).
    assert "as source 'demo:barnet_gp_practices_epraccur': 45 created" in output
    assert "9 record(s) left out" in output
    assert "as source 'demo:dfe_ehcp_2025'" in output
    with sqlite3.connect(Path(env["LOCAL_OFFER_DATA_DIR"]) / "local-offer.sqlite3") as connection:
        [(plans,)] = connection.execute(
            "SELECT value FROM demand_statistic WHERE dataset = 'sen2_all_plans' AND "
            "area_code = 'E09000003' AND period = '202425' AND measure = 'ehc_plans' AND "
            "need_code = 'ALL' AND breakdown = 'total'"
        ).fetchall()
    assert float(plans) == 4320


def test_import_gias_for_every_authority(env: dict[str, str], tmp_path: Path) -> None:
    from tests.register_files import GIAS_FIXTURE

    assert run(env, "db", "upgrade").exit_code == 0
    ours = run(env, "import", "gias", str(GIAS_FIXTURE))
    everyone = run(env, "import", "gias", str(GIAS_FIXTURE), "--all-las")

    assert ours.exit_code == 2
    assert "no open establishments of LA 302" in ours.output
    assert everyone.exit_code == 0, everyone.output
    assert "1 created" in everyone.output
    assert services(env) == [("The Aldgate School", "active")]
