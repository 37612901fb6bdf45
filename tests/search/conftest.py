"""Search fixtures: an index built from the test's own services, and a fixed set of places."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from directory.errors import NotFound
from directory.localoffer import AuthorityConfig, load_config
from directory.search import PostcodePoint, SearchIndex, rebuild
from directory.settings import default_config_path

# Real centroids (ONS): Finchley Central, Edgware, Barnet High Street, central Bristol.
PLACES = {
    "N3 1AB": PostcodePoint("N3 1AB", "N3", 51.6010, -0.1930, "unit"),
    "HA8 7AA": PostcodePoint("HA8 7AA", "HA8", 51.6130, -0.2750, "unit"),
    "EN5 4AA": PostcodePoint("EN5 4AA", "EN5", 51.6530, -0.2000, "unit"),
    "BS1 4AA": PostcodePoint("BS1 4AA", "BS1", 51.4545, -2.5879, "unit"),
}


def locate(postcode: str) -> PostcodePoint:
    try:
        return PLACES[postcode]
    except KeyError:
        raise NotFound(f"postcode {postcode} is not known", parameter="postcode") from None


@pytest.fixture
def config() -> AuthorityConfig:
    return load_config(default_config_path())


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def build_index(
    session: Session, config: AuthorityConfig, index_dir: Path
) -> Iterator[Callable[[], SearchIndex]]:
    """Rebuild the index from the services the test created, and open it."""
    opened: list[SearchIndex] = []

    def build() -> SearchIndex:
        session.flush()
        rebuild(session, config, index_dir)
        index = SearchIndex(index_dir, config)
        opened.append(index)
        return index

    yield build
    for index in opened:
        index.close()
