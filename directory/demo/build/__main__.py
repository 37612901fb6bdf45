"""``python -m directory.demo.build``: rebuild the demo feed and the relevance judgments.

``--check`` rebuilds in memory and fails if the committed files differ, so a test (and CI) can
prove the JSON is what the content says.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from directory.demo.build.pipeline import AS_OF, GEOGRAPHY, ROOT, build_outputs


@click.command()
@click.option(
    "--geography",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=GEOGRAPHY,
    show_default=True,
    help="Folder with codepoint_open_barnet_districts.csv and postcode_districts.csv.",
)
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Date the review dates count back from."
)
@click.option("--check", is_flag=True, help="Fail if the committed files differ from a rebuild.")
def main(geography: Path, as_of: datetime | None, check: bool) -> None:
    """Rebuild directory/demo/barnet_services.json and tests/relevance/judgments.toml."""
    outputs = build_outputs(geography, as_of.date() if as_of else AS_OF)
    stale = [p for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
    if check:
        for path in stale:
            click.echo(f"out of date: {path.relative_to(ROOT)}", err=True)
        sys.exit(1 if stale else 0)
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
