"""Content in, generated files out: what ``python -m directory.demo.build`` writes, and where."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from directory.demo.build.checks import check_content
from directory.demo.build.content import load_content
from directory.demo.build.geography import PostcodeIndex
from directory.demo.build.judgments import JUDGMENTS_SOURCE, render_judgments
from directory.demo.build.oruk import Renderer

# The day the content was last reviewed. Assured dates count back from it, so the feed has a
# realistic spread of fresh and stale records; pass --as-of to move the whole feed forward.
AS_OF = date(2026, 11, 27)
# A development tool: it writes into the source tree, next to the package and the tests.
ROOT = Path(__file__).resolve().parents[3]
SERVICES_OUT = ROOT / "directory" / "demo" / "barnet_services.json"
JUDGMENTS_OUT = ROOT / "tests" / "relevance" / "judgments.toml"
GEOGRAPHY = ROOT.parent / "shared" / "data" / "geography"


def build_outputs(geography: Path = GEOGRAPHY, as_of: date = AS_OF) -> dict[Path, str]:
    """The text of every generated file, keyed by where it belongs. Raises ContentError."""
    content = load_content()
    check_content(content)
    services = Renderer(content, PostcodeIndex(geography), as_of).services()
    feed = json.dumps(services, indent=2, ensure_ascii=False) + "\n"
    judgments = render_judgments(JUDGMENTS_SOURCE, content)
    return {SERVICES_OUT: feed, JUDGMENTS_OUT: judgments}
