"""data.pattern — 書式: a value fully matches the item's pattern.

Patterns are full matches; spec patterns use ``[0-9]``, never ``\\d`` (which matches full-width digits in Python
and polars), and Python's `re` runs with ASCII semantics as in the spec. Whether a value has the pattern's shape
also decides whether its check digit is checked (`check_digit`).
"""

from __future__ import annotations

import re

import polars as pl

from conformance.data.rules.family import CellFinding, Codes, Params, RuleExpr, ScreenPart, full, present
from conformance.domain.spec import DataItem

FAMILY = "data.pattern"
MESSAGES = {"cell.pattern": "書式 {pattern} に一致しません"}


def pattern_ok(item: DataItem, value: str) -> bool:
    """Full match of the item's pattern (Python `re`, ASCII semantics as in the spec's [0-9])."""
    return item.pattern is None or re.fullmatch(item.pattern, value, flags=re.ASCII) is not None


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """``cell.pattern`` when a present value does not match the pattern."""
    return None if pattern_ok(item, value) else CellFinding("cell.pattern", {"pattern": item.pattern})


def shaped(col: pl.Expr, item: DataItem) -> pl.Expr:
    """The value matches the pattern (always true without one)."""
    return pl.lit(True) if item.pattern is None else col.str.contains(full(item.pattern))


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The flag of a value that does not match the pattern."""
    if item.pattern is None:
        return []
    col = pl.col(column)
    return [RuleExpr(column, item, "cell.pattern", present(col) & ~shaped(col, item))]


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:
    """The value matches the pattern."""
    return None if item.pattern is None else shaped(col, item)


def params(item: DataItem, code: str, value: str) -> Params:
    """The pattern the value does not match."""
    return {"pattern": item.pattern}
