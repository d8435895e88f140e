"""The cell and cross-field rules of one data group as polars expressions: the families' polars forms assembled.

Each rule becomes one boolean expression ("this cell breaks the rule") named ``{column}|{code}``.
The semantics are those of `conformance.data.rules.cell_rules` (same regexes, [0-9] never \\d, full
match, strict calendar arithmetic rather than a lenient date parser). Two rules are evaluated as
*candidates* here and confirmed per value (`flagged_params`): lengths (an IVS sequence counts as one
character) and JIS X 0213 membership (values holding characters outside the single-code-point set).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from conformance.data.rules import cross_field, mandatory
from conformance.data.rules.cell_rules import CELL_FAMILIES, check_cell
from conformance.data.rules.family import UNSCREENED, CellFamily, Codes, Params, RuleExpr, present
from conformance.domain.spec import CrossFieldRule, DataItem

_BY_CODE: Mapping[str, CellFamily] = {code: family for family in CELL_FAMILIES for code in family.MESSAGES}


def cell_rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """Every cell rule of one column; a missing cell fails only ``cell.mandatory``."""
    filled = present(pl.col(column))
    rules = mandatory.rules(column, item)
    for family in CELL_FAMILIES:
        for rule in family.rules(column, item, codes):
            rules.append(RuleExpr(rule.column, rule.item, rule.code, filled & rule.expr))
    return rules


def flagged_params(rule: RuleExpr, value: str) -> Params | None:
    """Message parameters of a flagged cell; None when a candidate code is not confirmed."""
    family = _BY_CODE.get(rule.code)
    return dict(rule.params) if family is None else family.params(rule.item, rule.code, value)


# -- the screen: one cheap "every rule passes" expression per column ----------------------------------
#
# Each `cell_ok` expression is true only when no rule of `cell_rules` can flag the cell (it may be false
# for a cell that is fine: such rows merely go through the detailed rules). Rows where every column is
# ok and no `cross_field_screen` fires cannot yield a finding, so the detailed expressions run only on
# the few rows the screen flags.


def good_codes(item: DataItem, codes: frozenset[str]) -> list[str]:
    """The values of a code column (and "" when allowed) for which no cell rule fires, by the plain rules."""
    return sorted(value for value in (*codes, "") if not check_cell(item, value, codes))


def present_ok(column: str, item: DataItem) -> pl.Expr | None:
    """True for a present value on which no rule fires; None when there is no cheap form (use the rules)."""
    col = pl.col(column)
    parts: list[pl.Expr] = []
    for family in CELL_FAMILIES:
        part = family.screen(col, item)
        if part is UNSCREENED:
            return None
        if part is not None:
            parts.append(part)
    return pl.all_horizontal(parts) if len(parts) > 1 else parts[0] if parts else pl.lit(True)


def cell_ok(column: str, item: DataItem, codes: Codes) -> pl.Expr:
    """True only when no rule of `cell_rules(column, item, codes)` fires on the cell (never null)."""
    col = pl.col(column)
    if codes is not None:
        return col.is_in(good_codes(item, codes))
    cheap = present_ok(column, item)
    if cheap is None:
        flags = [rule.expr.fill_null(False) for rule in cell_rules(column, item, codes)]
        return ~pl.any_horizontal(flags) if flags else pl.lit(True)
    return mandatory.screen(col, item, cheap).fill_null(False)


def cross_field_screen(
    rule: CrossFieldRule, columns: Mapping[str, str], items: Mapping[str, DataItem]
) -> pl.Expr | None:
    """True on every row where the rule fires *given* that both cells passed `cell_ok` (never null)."""
    built = cross_field.cross_field_rule(rule, columns, items)
    if built is None:
        return None
    cheaper = cross_field.screen_when_cells_pass(rule, columns, items)
    if (cheaper is not None and present_ok(columns[rule.item], items[rule.item]) is not None
            and present_ok(columns[rule.other], items[rule.other]) is not None):
        return cheaper
    return built.expr.fill_null(False)
