"""data.cross-field — 項目間: rules between two items of a row (``not_before``, ``required_when``, ``empty_when``).

``not_before`` compares only two valid dates (a datetime by its date part: `dates.comparable_date`);
``required_when`` is checked only for an optional item (a mandatory one already gets ``cell.mandatory``);
``empty_when`` fires when the item is present. A finding is reported on the rule's item.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from conformance.data.rules import dates
from conformance.data.rules.family import CellFinding, Params, RuleExpr, present
from conformance.domain.spec import CrossFieldKind, CrossFieldRule, DataItem, ItemType

FAMILY = "data.cross-field"
MESSAGES = {
    "table.not-before": "{item} が {other} より前の日付です ({rule})",
    "table.required-when": "{other} が {values} のとき {item} は必須です ({rule})",
    "table.empty-when": "{other} が {values} のとき {item} は空欄でなければなりません ({rule})",
}


def _params(rule: CrossFieldRule, item: DataItem, other: DataItem) -> Params:
    return {"item": item.name_ja, "other": other.name_ja, "rule": rule.id, "values": "/".join(rule.values)}


def cross_field_finding(
    rule: CrossFieldRule, item: DataItem, other: DataItem, row: dict[str, str]
) -> CellFinding | None:
    """The finding of one cross-field rule on one row (values keyed by item ID), if any (the scalar form)."""
    mine, theirs = row.get(item.id, ""), row.get(other.id, "")
    if rule.kind is CrossFieldKind.NOT_BEFORE:
        first, second = dates.comparable_date(item, mine), dates.comparable_date(other, theirs)
        if first is not None and second is not None and first < second:
            return CellFinding("table.not-before", _params(rule, item, other))
    elif rule.kind is CrossFieldKind.REQUIRED_WHEN:
        if not item.mandatory and mine == "" and theirs in rule.values:
            return CellFinding("table.required-when", _params(rule, item, other))
    elif rule.kind is CrossFieldKind.EMPTY_WHEN and mine != "" and theirs in rule.values:
        return CellFinding("table.empty-when", _params(rule, item, other))
    return None


def cross_field_rule(
    rule: CrossFieldRule, columns: Mapping[str, str], items: Mapping[str, DataItem]
) -> RuleExpr | None:
    """The flag of one cross-field rule, reported on the rule's item; None if a column is absent (the polars form)."""
    if rule.item not in columns or rule.other not in columns:
        return None
    item, other = items[rule.item], items[rule.other]
    mine, theirs = pl.col(columns[rule.item]), pl.col(columns[rule.other])
    if rule.kind is CrossFieldKind.NOT_BEFORE:
        flag = (dates.comparable(columns[rule.item], item) & dates.comparable(columns[rule.other], other)
                & (mine.str.slice(0, 10) < theirs.str.slice(0, 10)))
        code = "table.not-before"
    elif rule.kind is CrossFieldKind.REQUIRED_WHEN:
        if item.mandatory:
            return None
        flag = ~present(mine) & theirs.is_in(list(rule.values))
        code = "table.required-when"
    else:
        flag = present(mine) & theirs.is_in(list(rule.values))
        code = "table.empty-when"
    return RuleExpr(columns[rule.item], item, code, flag, rule.id, _params(rule, item, other))


def screen_when_cells_pass(rule: CrossFieldRule, columns: Mapping[str, str],
                           items: Mapping[str, DataItem]) -> pl.Expr | None:
    """A cheaper form of the rule's flag for rows where both cells passed their screens (`expressions.cell_ok`), or
    None when there is none (the flag itself is the screen then).

    For ``not_before`` between two dates whose screens have a cheap form, a cell that passed is empty or a valid
    date, so "comparable" is "present".
    """
    item, other = items[rule.item], items[rule.other]
    dated = (ItemType.DATE, ItemType.DATETIME)
    if rule.kind is not CrossFieldKind.NOT_BEFORE or item.type not in dated or other.type not in dated:
        return None
    mine, theirs = pl.col(columns[rule.item]), pl.col(columns[rule.other])
    return (present(mine) & present(theirs) & (mine.str.slice(0, 10) < theirs.str.slice(0, 10))).fill_null(False)
