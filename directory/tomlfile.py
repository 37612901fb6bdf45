"""Read TOML files that people edit by hand, with errors that name the file and the line.

``tomllib`` gives parsed values but no positions, so checks made after parsing find their line by
searching the text for the offending key or value (``line_of``). The person fixing the file is an
officer with a text editor, not a developer reading a traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from directory.errors import ConfigurationError


def parse_toml(path: Path | str, text: str) -> dict[str, Any]:
    """Parse ``text`` (read from ``path``); malformed TOML names the file, line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends "(at line N, column M)".
        raise ConfigurationError(f"{path}: not valid TOML: {exc}", file=str(path)) from exc


class TomlReader:
    """Reads typed values out of parsed TOML, raising errors that point at the line."""

    def __init__(self, path: Path | str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fail(
        self, message: str, near: str | None = None, occurrence: int = 1
    ) -> ConfigurationError:
        line = self.line_of(near, occurrence) if near else None
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigurationError(f"{where}: {message}", file=str(self.path), line=line)

    def line_of(self, needle: str, occurrence: int = 1, after: int = 0) -> int | None:
        """The line of the ``occurrence``-th line after line ``after`` containing ``needle``."""
        found = [n for n, line in enumerate(self.lines, start=1) if n > after and needle in line]
        return found[occurrence - 1] if len(found) >= occurrence else None

    def fail_at(self, message: str, line: int | None) -> ConfigurationError:
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigurationError(f"{where}: {message}", file=str(self.path), line=line)

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(f"missing section [{key}]")
        return value

    def string(self, data: dict[str, Any], key: str, section: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"[{section}] needs a text value for {key!r}", near=f"[{section}")
        return value.strip()

    def strings(self, data: dict[str, Any], key: str, section: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"[{section}] {key!r} must be a list of texts", near=key)
        return tuple(value)
