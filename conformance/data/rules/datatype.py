"""data.type — データ型: an integer, decimal or flag item holds a number or flag spelled in ASCII.

Full matches of ``-?[0-9]+`` (integer), a decimal with at most the item's scale fraction digits, and ``[01]``
(flag); never ``\\d`` (it matches full-width digits in Python and polars). Dates and datetimes are `dates`'s.
"""

from __future__ import annotations

import re

import polars as pl

from conformance.data.rules.family import CellFinding, Codes, Params, RuleExpr, ScreenPart, full, present
from conformance.domain.spec import DataItem, ItemType

FAMILY = "data.type"
MESSAGES = {"cell.type": "データ型 {type} の値ではありません"}

INTEGER_RE = "-?[0-9]+"
FLAG_RE = "[01]"


def decimal_re(scale: int | None) -> str:
    """Full-match pattern of a decimal with at most `scale` fraction digits (any when None)."""
    if scale == 0:
        return INTEGER_RE
    fraction = "[0-9]+" if scale is None else f"[0-9]{{1,{scale}}}"
    return f"-?[0-9]+(\\.{fraction})?"


def _regex(item: DataItem) -> str | None:
    """The spelling of the item's type; None for strings, dates and datetimes."""
    if item.type is ItemType.INTEGER:
        return INTEGER_RE
    if item.type is ItemType.DECIMAL:
        return decimal_re(item.scale)
    return FLAG_RE if item.type is ItemType.FLAG else None


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """``cell.type`` when a present number or flag is not spelled as its type."""
    kind = item.type
    if kind is ItemType.FLAG:
        bad = value not in ("0", "1")
    else:
        regex = _regex(item)
        bad = regex is not None and not re.fullmatch(regex, value, flags=re.ASCII)
    return CellFinding("cell.type", {"type": kind.value}) if bad else None


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The type flag of a number or flag column."""
    regex = _regex(item)
    if regex is None:
        return []
    col = pl.col(column)
    return [RuleExpr(column, item, "cell.type", present(col) & ~col.str.contains(full(regex)))]


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:
    """The value is spelled as its type."""
    regex = _regex(item)
    return None if regex is None else col.str.contains(full(regex))


def params(item: DataItem, code: str, value: str) -> Params:
    """The type the value does not have."""
    return {"type": item.type.value}
