"""Small record mutations the seeded faults apply (which item they touch, and how)."""

from __future__ import annotations

import unicodedata
from typing import Any

from conformance.domain.spec import CharClass, DataGroup, DataItem, ItemType

NUMERIC_TYPES = (ItemType.INTEGER, ItemType.DECIMAL)


def kana_item(group: DataGroup) -> DataItem | None:
    """The group's first full-width katakana item, if any."""
    return next((i for i in group.items if i.char_class is CharClass.FULLWIDTH_KATAKANA), None)


def outside_code_item(group: DataGroup) -> DataItem | None:
    """The group's first coded item that is not part of its primary key."""
    return next((i for i in group.items if i.code_table and i.id not in group.primary_key), None)


def mandatory_item(group: DataGroup) -> DataItem | None:
    """The group's first mandatory item that is not part of its primary key."""
    return next((i for i in group.items if i.mandatory and i.id not in group.primary_key), None)


def typed_item(group: DataGroup) -> DataItem | None:
    """The item a wrong-type fault changes: a numeric or flag item, else a date."""
    for types in (NUMERIC_TYPES, (ItemType.FLAG,), (ItemType.DATE,)):
        found = next((i for i in group.items if i.type in types and i.id not in group.primary_key), None)
        if found is not None:
            return found
    return None


def halfwidth_kana(text: str) -> str:
    """Full-width katakana converted to half-width (ｶﾅ), the classic legacy-system defect."""
    out: list[str] = []
    for ch in text:
        name = unicodedata.name(ch, "")
        if name.startswith("KATAKANA LETTER "):
            half = _HALFWIDTH.get(ch)
            out.append(half if half is not None else ch)
        else:
            out.append(ch)
    return "".join(out)


def wrong_type(value: Any) -> Any:
    """A value of the wrong JSON type (a number or flag as a string; a date as a number)."""
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, str):
        return 20250401
    return "0"


def _halfwidth_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(0xFF66, 0xFF9E):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1:
            table[full] = half
    return table


_HALFWIDTH = _halfwidth_table()
