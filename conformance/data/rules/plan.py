"""What is checked in every frame of one file: the rule flags, the screen, and the key columns.

Built once per file from the spec and the file's header (which expected item stands in which column ``c0``,
``c1``, …): every cell rule of every expected column and every cross-field rule whose two columns are present
(`expressions.cell_rules`, `cross_field.cross_field_rule`), and, when screening, one cheap "no rule can fire"
expression per column and cross-field rule (`expressions.cell_ok`, `expressions.cross_field_screen`) with, for
each rule, the screens whose firing can make it fire.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from conformance.data.rules.cross_field import cross_field_rule
from conformance.data.rules.expressions import cell_ok, cell_rules, cross_field_screen
from conformance.data.rules.family import Codes, RuleExpr
from conformance.domain.spec import DataGroup, DataItem, SpecBundle


@dataclass(frozen=True, slots=True)
class Plan:
    """What is checked in every frame of one file: rule flags, the screen, and the key columns."""

    columns: list[str]  # the columns of the expected items (c0, c1, …): every rule reads only these
    flags: list[pl.Expr]
    by_name: dict[str, RuleExpr]
    screens: list[pl.Expr]
    guards: list[list[int]]
    primary: list[str] | None
    foreign: list[list[str] | None]


def build_plan(bundle: SpecBundle, group: DataGroup, positions: dict[str, int], *, screen: bool) -> Plan:
    """The plan of a file of `group` whose header has the expected items at `positions` (column name -> index);
    without `screen` (or without any rule) there is no screen and every rule runs on every row."""
    columns = {item.id: f"c{positions[item.name_ja]}" for item in group.items if item.name_ja in positions}
    rules = _rules(bundle, group, columns)
    flags = [rule.expr.fill_null(False).alias(rule.name) for rule in rules]
    screens, guards = _screen(bundle, group, columns, rules) if screen and flags else ([], [])
    return Plan([f"c{index}" for index in sorted(positions.values())], flags,
                {rule.name: rule for rule in rules}, screens, guards,
                _key_columns(group, positions, group.primary_key),
                [_key_columns(group, positions, fk.items) for fk in group.foreign_keys])


def code_values(bundle: SpecBundle, item: DataItem) -> Codes:
    """The valid values of the item's code table (None without one, or when the spec lacks the table)."""
    if item.code_table is None:
        return None
    table = bundle.code_tables.get(item.code_table)
    return table.values() if table is not None else None


def _rules(bundle: SpecBundle, group: DataGroup, columns: dict[str, str]) -> list[RuleExpr]:
    items = {item.id: item for item in group.items}
    rules: list[RuleExpr] = []
    for item in group.items:
        if item.id in columns:
            rules.extend(cell_rules(columns[item.id], item, code_values(bundle, item)))
    for rule in bundle.cross_field_rules:
        if rule.group == group.id:
            built = cross_field_rule(rule, columns, items)
            if built is not None:
                rules.append(built)
    return rules


def _screen(bundle: SpecBundle, group: DataGroup, columns: dict[str, str],
            rules: list[RuleExpr]) -> tuple[list[pl.Expr], list[list[int]]]:
    """The screen: per column and cross-field rule, True on the rows some rule may flag (see expressions.cell_ok).

    Returns the screen expressions and, for each rule, the indices of the screens whose firing can make
    it fire: a rule none of whose screens fired in a frame cannot fire there.
    """
    items = {item.id: item for item in group.items}
    suspects: list[pl.Expr] = []
    by_column: dict[str, int] = {}
    for item in group.items:
        if item.id in columns:
            by_column[columns[item.id]] = len(suspects)
            suspects.append(~cell_ok(columns[item.id], item, code_values(bundle, item)))
    by_rule: dict[str, list[int]] = {}
    for rule in bundle.cross_field_rules:
        if rule.group == group.id:
            screen = cross_field_screen(rule, columns, items)
            if screen is not None:
                by_rule[rule.id] = [len(suspects), by_column[columns[rule.item]], by_column[columns[rule.other]]]
                suspects.append(screen)
    guards = [by_rule[rule.rule_id] if rule.rule_id is not None else [by_column[rule.column]] for rule in rules]
    return [expr.alias(f"s{index}") for index, expr in enumerate(suspects)], guards


def _key_columns(group: DataGroup, positions: dict[str, int], item_ids: tuple[str, ...]) -> list[str] | None:
    names = [group.item(item_id).name_ja for item_id in item_ids]
    if any(name not in positions for name in names):
        return None
    return [f"c{positions[name]}" for name in names]
