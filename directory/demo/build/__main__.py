"""``python -m directory.demo.build``: rebuild the demo feed and the relevance judgments.

``--check`` rebuilds in memory and fails if the committed files differ, so a test (and CI) can
prove the JSON is what the content says.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from directory.demo.build.checks import check_content
from directory.demo.build.content import load_content
from directory.demo.build.geography import PostcodeIndex
from directory.demo.build.judgments import JUDGMENTS_SOURCE, render_judgments
from directory.demo.build.oruk import Renderer

# The day the content was last reviewed. Assured dates count back from it, so the feed has a
# realistic spread of fresh and stale records; pass --as-of to move the whole feed forward.
AS_OF = date(2026, 11, 27)
ROOT = Path(__file__).resolve().parents[3]
SERVICES_OUT = ROOT / "directory" / "demo" / "barnet_services.json"
JUDGMENTS_OUT = ROOT / "tests" / "relevance" / "judgments.toml"
GEOGRAPHY = ROOT.parent / "shared" / "data" / "geography"


def build_outputs(geography: Path, as_of: date = AS_OF) -> dict[Path, str]:
    """The text of every generated file, keyed by where it belongs."""
    content = load_content()
    check_content(content)
    services = Renderer(content, PostcodeIndex(geography), as_of).services()
    feed = json.dumps(services, indent=2, ensure_ascii=False) + "\n"
    judgments = render_judgments(JUDGMENTS_SOURCE, content)
    return {SERVICES_OUT: feed, JUDGMENTS_OUT: judgments}


@click.command()
@click.option(
    "--geography",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=GEOGRAPHY,
    show_default=True,
    help="Folder with codepoint_open_barnet_districts.csv and postcode_districts.csv.",
)
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Date the content counts back from."
)
@click.option("--check", is_flag=True, help="Fail if the committed files differ from a rebuild.")
def main(geography: Path, as_of: datetime | None, check: bool) -> None:
    """Rebuild directory/demo/barnet_services.json and tests/relevance/judgments.toml."""
    day = as_of.date() if as_of else AS_OF
    outputs = build_outputs(geography, day)
    stale = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text("utf-8") != text
    ]
    if check:
        for path in stale:
            click.echo(f"out of date: {path.relative_to(ROOT)}", err=True)
        sys.exit(1 if stale else 0)
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
