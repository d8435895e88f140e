"""data.length — 桁数: at most the item's length, in characters for strings, in digits for numbers.

Strings count characters, an ideographic variation sequence (base + U+E0100–U+E01EF) counting as one; integers
and decimals count digits (the sign and the decimal point are not counted). polars counts code points, so its
flag is a candidate for a value holding IVS selectors, confirmed per value by the scalar form (`params`).
"""

from __future__ import annotations

import polars as pl

from conformance.data.rules import charsets
from conformance.data.rules.family import CellFinding, Codes, Params, RuleExpr, ScreenPart
from conformance.domain.spec import DataItem, ItemType

FAMILY = "data.length"
MESSAGES = {"cell.length": "文字数 {actual} が桁数 {limit} を超えています"}

_MEASURED = (ItemType.STRING, ItemType.INTEGER, ItemType.DECIMAL)


def value_length(item: DataItem, value: str) -> int:
    """The length the spec's 桁数 limits: characters for strings (an IVS sequence is one), digits for numbers.

    For integer and decimal items the sign and the decimal point are not counted.
    """
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        return len(value) - value.count("-") - value.count(".")
    return charsets.char_length(value)


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """``cell.length`` when a present value is longer than the item allows."""
    if item.length is None or item.type not in _MEASURED:
        return None
    actual = value_length(item, value)
    return CellFinding("cell.length", {"actual": actual, "limit": item.length}) if actual > item.length else None


def _length(col: pl.Expr, item: DataItem) -> pl.Expr:
    """The length by polars: code points, less the sign and point of a number."""
    length = col.str.len_chars()
    if item.type is not ItemType.STRING:
        length = length - col.str.count_matches(r"[.\-]")
    return length


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The length flag (a candidate: see the module's docstring)."""
    if item.length is None or item.type not in _MEASURED:
        return []
    return [RuleExpr(column, item, "cell.length", _length(pl.col(column), item) > item.length)]


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:
    """No more code points than the length allows."""
    if item.length is None or item.type not in _MEASURED:
        return None
    return _length(col, item) <= item.length


def params(item: DataItem, code: str, value: str) -> Params | None:
    """The actual length and the limit; None for a candidate whose IVS sequences bring it within the limit."""
    finding = check(item, value, None)
    return finding.params if finding is not None else None
