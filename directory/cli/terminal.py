"""Untrusted text made safe to print on a terminal.

Feedback and imported names are typed by strangers. Printed raw, an escape sequence could
recolour or clear the editor's screen, retitle the window or, on some terminals, write to the
clipboard; a carriage return or a bidirectional override could make a line read differently from
what it holds. Such characters are shown as visible escapes instead (``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import unicodedata

# Bidirectional embeddings, overrides and isolates, and the Arabic letter mark: invisible
# characters that reorder how the rest of a line is displayed (the "Trojan Source" trick).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _unsafe(char: str) -> bool:
    # Cc: C0 and C1 controls and DEL; Zl, Zp: line and paragraph separators.
    return unicodedata.category(char) in {"Cc", "Zl", "Zp"} or char in BIDI_CONTROLS


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str) -> str:
    """``text`` on one line, every control character shown as an escape (newlines too)."""
    return "".join(_escaped(c) if _unsafe(c) else c for c in text)


def plain_lines(text: str) -> list[str]:
    """``text`` split at its newlines (``\\n``, ``\\r\\n``), each line made ``plain``."""
    return [plain(line) for line in text.replace("\r\n", "\n").split("\n")]
