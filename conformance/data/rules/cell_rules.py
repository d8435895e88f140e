"""The cell and cross-field rules, value by value, in plain Python: the families' scalar forms assembled.

This is the readable statement of the semantics (docs/guides/data-validation.md §Semantics), one family per
module: `mandatory` for a missing cell, then the `CELL_FAMILIES` on a present one, in the order their findings
are listed, and `cross_field` for two cells of a row. The bulk validator (`conformance.data.rules.expressions`)
evaluates the families' polars forms; the scalar forms are used by the synthetic generator to make sure each
injected defect yields exactly its code, by the linkage suites on API records, and by the validator to confirm
the rare candidates that need per-value work (IVS lengths, JIS X 0213).

Semantics:
- An empty field is missing. A missing mandatory cell gives ``cell.mandatory`` and nothing else;
  a missing optional cell gives nothing.
- Every other rule is evaluated on its own, except: the check digit only when the value has the
  identifier's shape (the pattern passes); character rules give at most one finding per cell
  (外字 first); code-table items get no character finding (the code check covers them); the
  digits/半角英数字 classes are not checked separately when the item has a pattern.
"""

from __future__ import annotations

from conformance.data.rules import (
    characters,
    check_digit,
    code_table,
    datatype,
    dates,
    length,
    mandatory,
    pattern,
)
from conformance.data.rules.cross_field import cross_field_finding
from conformance.data.rules.family import CellFamily, CellFinding, Codes
from conformance.domain.spec import DataItem

CELL_FAMILIES: tuple[CellFamily, ...] = (datatype, dates, length, code_table, pattern, check_digit, characters)
"""The families of rules on a present cell, in the order of their findings (and of the catalogue)."""


def check_cell(item: DataItem, value: str, codes: Codes) -> list[CellFinding]:
    """Every finding of one cell, in catalogue order.

    Args:
        item: the data item of the column.
        value: the raw field ("" is missing).
        codes: the valid values of the item's code table (None when it has none).
    """
    if value == "":
        return mandatory.check(item)
    found: list[CellFinding] = []
    for family in CELL_FAMILIES:
        finding = family.check(item, value, codes)
        if finding is not None:
            found.append(finding)
    return found


__all__ = ["CELL_FAMILIES", "CellFinding", "check_cell", "cross_field_finding"]
