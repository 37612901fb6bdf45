"""(being written)"""

from collections.abc import Sequence

from directory.importers.report import ImportFailed, Parsed
from directory.importers.scope import Scope
from directory.importers.sources import Document, read_file


def parse(documents: Sequence[Document], scope: Scope) -> Parsed:
    raise ImportFailed("not yet")


def read_local(location: str) -> list[Document]:
    from pathlib import Path

    return [read_file(Path(location))]
