"""data.check-digit — 検査数字: 地方公共団体コード, 個人番号 and 法人番号 carry the right check digit.

Checked only when the value has the identifier's shape: it matches the item's pattern (`pattern`) and is all
ASCII digits of the identifier's length; any other value is the pattern's or the type's to report. The digit
itself is `conformance.domain.identifiers`' in the scalar form and integer arithmetic in the polars form.
"""

from __future__ import annotations

import re

import polars as pl

from conformance.data.rules import pattern
from conformance.data.rules.family import UNSCREENED, CellFinding, Codes, Params, RuleExpr, ScreenPart, present
from conformance.domain.identifiers import is_valid_corporate_number, is_valid_lg_code, is_valid_my_number
from conformance.domain.spec import CheckDigit, DataItem

FAMILY = "data.check-digit"
MESSAGES = {"cell.check-digit": "検査数字 ({scheme}) が正しくありません"}

CHECK_DIGIT_LENGTH = {CheckDigit.LG_CODE: 6, CheckDigit.MY_NUMBER: 12, CheckDigit.CORPORATE_NUMBER: 13}
CHECK_DIGIT_LABEL = {
    CheckDigit.LG_CODE: "地方公共団体コード",
    CheckDigit.MY_NUMBER: "個人番号",
    CheckDigit.CORPORATE_NUMBER: "法人番号",
}


def check_digit_ok(scheme: CheckDigit, value: str) -> bool:
    """Whether a well-shaped identifier carries the right check digit."""
    if scheme is CheckDigit.LG_CODE:
        return is_valid_lg_code(value)
    if scheme is CheckDigit.MY_NUMBER:
        return is_valid_my_number(value)
    return is_valid_corporate_number(value)


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """``cell.check-digit`` when a present, well-shaped identifier carries a wrong check digit."""
    scheme = item.check_digit
    if scheme is None or not pattern.pattern_ok(item, value):
        return None
    if re.fullmatch(f"[0-9]{{{CHECK_DIGIT_LENGTH[scheme]}}}", value) and not check_digit_ok(scheme, value):
        return CellFinding("cell.check-digit", {"scheme": CHECK_DIGIT_LABEL[scheme]})
    return None


def _digits(scheme: CheckDigit) -> str:
    return f"^[0-9]{{{CHECK_DIGIT_LENGTH[scheme]}}}$"


def _check_digit_ok(col: pl.Expr, scheme: CheckDigit) -> pl.Expr:
    number = col.str.to_integer(strict=False)

    def digit(value: pl.Expr, position: int) -> pl.Expr:  # position 1 = least significant
        shifted: pl.Expr = value // (10 ** (position - 1))
        return shifted % 10

    if scheme is CheckDigit.LG_CODE:
        base = number // 10
        total = sum((digit(base, n) * (n + 1) for n in range(1, 6)), pl.lit(0))
        return (11 - total % 11) % 10 == number % 10
    if scheme is CheckDigit.MY_NUMBER:
        base = number // 10
        total = sum((digit(base, n) * (n + 1 if n <= 6 else n - 5) for n in range(1, 12)), pl.lit(0))
        remainder = total % 11
        expected = pl.when(remainder <= 1).then(0).otherwise(11 - remainder)
        return expected == number % 10
    base = number % (10**12)
    total = sum((digit(base, n) * (1 if n % 2 == 1 else 2) for n in range(1, 13)), pl.lit(0))
    corporate: pl.Expr = 9 - total % 9 == number // (10**12)
    return corporate


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The check-digit flag of a well-shaped identifier."""
    scheme = item.check_digit
    if scheme is None:
        return []
    col = pl.col(column)
    candidate = present(col) & pattern.shaped(col, item) & col.str.contains(_digits(scheme))
    return [RuleExpr(column, item, "cell.check-digit", candidate & ~_check_digit_ok(col, scheme))]


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:
    """Not all digits of the identifier's length, or the right check digit (given that the pattern part passed);
    without a pattern there is no cheap form."""
    scheme = item.check_digit
    if scheme is None:
        return None
    if item.pattern is None:
        return UNSCREENED
    return ~col.str.contains(_digits(scheme)) | _check_digit_ok(col, scheme)


def params(item: DataItem, code: str, value: str) -> Params:
    """The identifier whose check digit is wrong."""
    assert item.check_digit is not None
    return {"scheme": CHECK_DIGIT_LABEL[item.check_digit]}
