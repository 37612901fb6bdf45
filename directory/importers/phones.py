"""UK telephone numbers as registers publish them, written the way people read them.

Registers lose the leading zero (CQC writes ``2073770990``), run the digits together (GIAS
``02072831147``) or space them oddly (ODS ``020 83613638``). A number that is not a UK number
after that raises ``ValueError`` with the reason, for the import report.
"""

from __future__ import annotations

import re

_NOT_DIGITS = re.compile(r"[\s().-]")


def uk_phone(value: str | None) -> str | None:
    """``"2073770990"`` -> ``"020 7377 0990"``; ``None`` for nothing."""
    if value is None or not value.strip():
        return None
    digits = _NOT_DIGITS.sub("", value.strip())
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if not digits.isdigit():
        raise ValueError("is not a telephone number")
    if len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits  # the register dropped the leading zero
    if len(digits) != 11 or not digits.startswith("0"):
        raise ValueError("is not a UK telephone number (11 digits starting 0)")
    if digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith(("07", "08", "03")):
        return (
            f"{digits[:4]} {digits[4:7]} {digits[7:]}"
            if digits.startswith(("080", "084", "087", "03"))
            else f"{digits[:5]} {digits[5:]}"
        )
    return f"{digits[:5]} {digits[5:]}"
