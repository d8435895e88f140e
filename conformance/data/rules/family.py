"""What a check family module provides, and the values its two forms work with.

A family is one ``verification.checks`` family of the spec vocabulary (``data.length``, ``data.code``, …). Its
module holds everything about it: ``FAMILY`` (the name), ``MESSAGES`` (its finding codes, in catalogue order,
with their message templates) and, for a rule on one cell, the forms of `CellFamily`: the scalar one (value by
value, plain Python: the readable statement of the semantics) and the polars one (a flag expression per code,
and the family's part of the cheap screen). `conformance.data.codes` assembles the catalogue from the family
modules, `conformance.data.rules.cell_rules` and `conformance.data.rules.expressions` the rules of a cell; the
modules are listed there explicitly (no registration at import time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Final, Literal, Protocol, TypeAlias

import polars as pl

from conformance.domain.spec import DataItem

Params: TypeAlias = dict[str, str | int | None]
Codes: TypeAlias = frozenset[str] | None  # the valid values of the item's code table (None when it has none)


@dataclass(frozen=True, slots=True)
class CellFinding:
    """One rule a cell breaks: its code and message parameters."""

    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleExpr:
    """One rule on one column: the finding code, the item, and the flag expression."""

    column: str  # physical column name in the batch (c0, c1, …)
    item: DataItem
    code: str
    expr: pl.Expr
    rule_id: str | None = None  # the cross-field rule, when it is one
    params: Mapping[str, str | int | None] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The output column name of the flag."""
        return f"{self.column}|{self.code}|{self.rule_id or ''}"


class _NoCheapForm(Enum):
    UNSCREENED = "unscreened"


UNSCREENED: Final = _NoCheapForm.UNSCREENED
"""A family's screen part saying it has no cheap form for the item: the column is screened by its detailed rules."""

ScreenPart: TypeAlias = pl.Expr | Literal[_NoCheapForm.UNSCREENED] | None
"""True on a present value on which none of the family's rules fires (it may be False on a good one); None when the
family adds nothing for the item (it does not apply, or another family's part implies it); or `UNSCREENED`."""


class Family(Protocol):
    """Every check family: its name and its finding codes (read-only, as a module's constants are)."""

    @property
    def FAMILY(self) -> str:  # noqa: N802 (a module constant)
        """The spec's check family, e.g. ``data.length``."""
        ...

    @property
    def MESSAGES(self) -> Mapping[str, str]:  # noqa: N802 (a module constant)
        """The family's finding codes, in catalogue order, and their message templates."""
        ...


class CellFamily(Family, Protocol):
    """A family of rules on one present cell value (an empty cell is `mandatory`'s alone).

    Each yields at most one finding per cell. Its scalar form and its polars form must agree (tests hold them to
    each other and to an independent oracle), and its screen part must be true only where its rules find nothing.
    """

    def check(self, item: DataItem, value: str, codes: Codes) -> CellFinding | None:
        """The family's finding on a present value, if any (the scalar form)."""
        ...

    def rules(self, column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
        """The family's flag expressions on the column (each is ANDed with "the cell is present")."""
        ...

    def screen(self, col: pl.Expr, item: DataItem) -> ScreenPart:
        """The family's part of the screen of a present value of the column (see `ScreenPart`)."""
        ...

    def params(self, item: DataItem, code: str, value: str) -> Params | None:
        """The message parameters of a cell its flag `code` fired on; None when the flag was a candidate the value
        clears (a rule the polars form over-approximates and the scalar form confirms)."""
        ...


def present(col: pl.Expr) -> pl.Expr:
    """The cell is not empty (an empty field is missing)."""
    return col.str.len_bytes() > 0


def full(pattern: str) -> str:
    """A regex matching all of a value (polars' `str.contains` searches)."""
    return f"^(?:{pattern})$"


def no_params(item: DataItem, code: str, value: str) -> Params:
    """The parameters of a family whose messages take none."""
    return {}
