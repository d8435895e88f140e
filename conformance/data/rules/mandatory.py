"""data.mandatory — 必須: a mandatory item's cell must not be empty.

An empty field is missing. A missing mandatory cell gives ``cell.mandatory`` and nothing else, a missing optional
cell gives nothing: every other cell family looks at present values only. So this family is the one whose forms
look at missing cells, and the assembly (`cell_rules.check_cell`, `expressions.cell_rules`) calls it apart.
"""

from __future__ import annotations

import polars as pl

from conformance.data.rules.family import CellFinding, RuleExpr, present
from conformance.domain.spec import DataItem

FAMILY = "data.mandatory"
MESSAGES = {"cell.mandatory": "必須項目が空です"}


def check(item: DataItem) -> list[CellFinding]:
    """The finding of a missing cell (scalar form)."""
    return [CellFinding("cell.mandatory")] if item.mandatory else []


def rules(column: str, item: DataItem) -> list[RuleExpr]:
    """The flag of a missing mandatory cell (polars form)."""
    return [RuleExpr(column, item, "cell.mandatory", ~present(pl.col(column)))] if item.mandatory else []


def screen(col: pl.Expr, item: DataItem, present_ok: pl.Expr) -> pl.Expr:
    """The cell passes every rule, given `present_ok` (a present value passes the other families)."""
    filled = present(col)
    return filled & present_ok if item.mandatory else ~filled | present_ok
