"""The one place where values are masked before they leave the validator.

Personal data (DataItem.personal_data: names, kana, addresses, My Numbers, dates of birth, …) is
never written in full to a report, a log line or an exception. A masked value keeps only what
helps a vendor find the problem without revealing the person:

- the first character (or, for a date, the year), and
- the length class (the number of masked characters, capped so long values do not reveal length).

Examples: ``山田太郎`` → ``山***``, ``1990-04-01`` → ``1990-**-**``, ``983205673214`` →
``9***********``. Non-personal values are shown, truncated to `SHOWN_LIMIT` characters.
"""

from __future__ import annotations

import re

SHOWN_LIMIT = 40
_MASK_CAP = 12
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def mask_value(value: str, personal: bool) -> str:
    """The value as it may appear in any output.

    Args:
        value: the raw cell value.
        personal: whether the item is personal data.

    Returns:
        The masked (personal) or truncated (non-personal) value; control characters escaped.
    """
    if not personal:
        return _printable(value if len(value) <= SHOWN_LIMIT else value[:SHOWN_LIMIT] + "…")
    if len(value) <= 2:
        return "*" * len(value)
    if _DATE_LIKE.fullmatch(value[:10]) and len(value) >= 10:
        return value[:4] + "-**-**" + ("T**" if len(value) > 10 else "")
    first = value[0]
    if first.isdigit() and first.isascii():
        return first + "*" * min(len(value) - 1, _MASK_CAP)
    return _printable(first) + "*" * min(max(len(value) - 1, 1), 3)


def _printable(text: str) -> str:
    if text.isprintable():  # the usual case, checked in C
        return text
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in text)
