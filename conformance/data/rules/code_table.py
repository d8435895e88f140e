"""data.code — コード表: a coded item holds one of its code table's values.

Code-table items get no character finding (this check covers them). Their screen is membership in the code values
that pass every rule of the item (`expressions.good_codes`), so this family adds no part of its own to it.
"""

from __future__ import annotations

import polars as pl

from conformance.data.rules.family import CellFinding, Codes, Params, RuleExpr, ScreenPart, present
from conformance.domain.spec import DataItem

FAMILY = "data.code"
MESSAGES = {"cell.code": "コード表 {code_table} にない値です"}


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """``cell.code`` when a present value is not in the item's code table."""
    if codes is not None and value not in codes:
        return CellFinding("cell.code", {"code_table": item.code_table})
    return None


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The flag of a value outside the code table."""
    if codes is None:
        return []
    col = pl.col(column)
    return [RuleExpr(column, item, "cell.code", present(col) & ~col.is_in(sorted(codes)))]


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:
    """Nothing: a code column's screen is the membership of `expressions.good_codes`."""
    return None


def params(item: DataItem, code: str, value: str) -> Params:
    """The code table the value is not in."""
    return {"code_table": item.code_table}
