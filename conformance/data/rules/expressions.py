"""The cell and cross-field rules of one data group as polars expressions, generated from the spec.

Each rule becomes one boolean expression ("this cell breaks the rule") named ``{column}|{code}``.
The semantics are those of `conformance.data.rules.cell_rules` (same regexes, [0-9] never \\d, full
match, strict calendar arithmetic rather than a lenient date parser). Two rules are evaluated as
*candidates* here and confirmed per value (`CONFIRMED_CODES`): lengths (an IVS sequence counts as one
character) and JIS X 0213 membership (values holding characters outside the single-code-point set).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from conformance.data.rules import charsets
from conformance.data.rules.cell_rules import (
    CHECK_DIGIT_LENGTH,
    DATE_RE,
    DATETIME_RE,
    FLAG_RE,
    INTEGER_RE,
    WAREKI_RE,
    decimal_re,
)
from conformance.domain.spec import CharClass, CheckDigit, CrossFieldKind, CrossFieldRule, DataItem, ItemType

CONFIRMED_CODES = frozenset({"cell.length", "cell.char-repertoire"})


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


def _full(pattern: str) -> str:
    return f"^(?:{pattern})$"


def _present(col: pl.Expr) -> pl.Expr:
    return col.str.len_bytes() > 0


def _int(col: pl.Expr, start: int, length: int) -> pl.Expr:
    return col.str.slice(start, length).str.to_integer(strict=False)


def _real_date(col: pl.Expr) -> pl.Expr:
    """The YYYY-MM-DD prefix is a real calendar date, year 0001 or later; assumes the spelling passed.

    polars' parser is strict about the calendar (2023-02-30 is null); the lenient spellings it
    accepts (2023-2-3, a leading space) are excluded by the spelling regex checked beside this.
    """
    parsed = col.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    return parsed.is_not_null() & ~col.str.starts_with("0000")


def _real_time(col: pl.Expr) -> pl.Expr:
    hour, minute, second = _int(col, 11, 2), _int(col, 14, 2), _int(col, 17, 2)
    offset_ok = col.str.ends_with("Z") | (
        (col.str.slice(-5, 2).str.to_integer(strict=False) <= 14)
        & (col.str.slice(-2, 2).str.to_integer(strict=False) <= 59)
    )
    return (hour <= 23) & (minute <= 59) & (second <= 59) & offset_ok


def date_checks(col: pl.Expr, kind: ItemType) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(wareki, bad spelling, not a real date, valid) flags of a date or datetime column."""
    present = _present(col)
    wareki = present & col.str.contains(WAREKI_RE)
    spelled = col.str.contains(_full(DATE_RE if kind is ItemType.DATE else DATETIME_RE))
    bad_spelling = present & ~wareki & ~spelled
    real = _real_date(col) if kind is ItemType.DATE else _real_date(col) & _real_time(col)
    invalid = present & ~wareki & spelled & ~real.fill_null(False)
    valid = present & ~wareki & spelled & real.fill_null(False)
    return wareki, bad_spelling, invalid, valid


def _type_rules(column: str, item: DataItem) -> list[RuleExpr]:
    col = pl.col(column)
    present = _present(col)
    kind = item.type
    if kind in (ItemType.DATE, ItemType.DATETIME):
        wareki, bad, invalid, _ = date_checks(col, kind)
        spelling = "cell.date-format" if kind is ItemType.DATE else "cell.datetime-format"
        return [RuleExpr(column, item, "cell.date-wareki", wareki), RuleExpr(column, item, spelling, bad),
                RuleExpr(column, item, "cell.date-invalid", invalid)]
    regex = {ItemType.INTEGER: INTEGER_RE, ItemType.DECIMAL: decimal_re(item.scale), ItemType.FLAG: FLAG_RE}.get(kind)
    if regex is None:
        return []
    return [RuleExpr(column, item, "cell.type", present & ~col.str.contains(_full(regex)))]


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


def _value_rules(column: str, item: DataItem, codes: frozenset[str] | None) -> list[RuleExpr]:
    col = pl.col(column)
    present = _present(col)
    rules: list[RuleExpr] = []
    if item.length is not None and item.type in (ItemType.STRING, ItemType.INTEGER, ItemType.DECIMAL):
        length = col.str.len_chars()
        if item.type is not ItemType.STRING:
            length = length - col.str.count_matches(r"[.\-]")
        rules.append(RuleExpr(column, item, "cell.length", length > item.length))
    if codes is not None:
        rules.append(RuleExpr(column, item, "cell.code", present & ~col.is_in(sorted(codes))))
    shaped = pl.lit(True)
    if item.pattern is not None:
        shaped = col.str.contains(_full(item.pattern))
        rules.append(RuleExpr(column, item, "cell.pattern", present & ~shaped))
    if item.check_digit is not None:
        digits = CHECK_DIGIT_LENGTH[item.check_digit]
        candidate = present & shaped & col.str.contains(f"^[0-9]{{{digits}}}$")
        rules.append(RuleExpr(column, item, "cell.check-digit", candidate & ~_check_digit_ok(col, item.check_digit)))
    return rules


def _char_rules(column: str, item: DataItem) -> list[RuleExpr]:
    if item.code_table is not None or item.type is not ItemType.STRING:
        return []
    col = pl.col(column)
    gaiji = col.str.contains(charsets.PUA_CLASS)
    rules = [RuleExpr(column, item, "cell.char-gaiji", gaiji)]
    clean = ~gaiji
    klass = item.char_class
    if klass is CharClass.FULLWIDTH_KATAKANA:
        halfwidth = col.str.contains(charsets.HALFWIDTH_KANA_CLASS)
        rules.append(RuleExpr(column, item, "cell.char-halfwidth-kana", clean & halfwidth))
        rules.append(RuleExpr(column, item, "cell.char-katakana",
                              clean & ~halfwidth & ~col.str.contains(charsets.KATAKANA_ONLY)))
    elif klass is CharClass.DIGITS and item.pattern is None:
        rules.append(RuleExpr(column, item, "cell.char-digits", clean & ~col.str.contains(charsets.DIGITS_ONLY)))
    elif klass is CharClass.HALFWIDTH_ALNUM and item.pattern is None:
        rules.append(RuleExpr(column, item, "cell.char-alnum", clean & ~col.str.contains(r"^[\x20-\x7E]*$")))
    elif klass is CharClass.GYOSEI_STANDARD:
        rules.append(RuleExpr(column, item, "cell.char-repertoire",
                              clean & col.str.contains(charsets.outside_jis_class())))
    return rules


def cell_rules(column: str, item: DataItem, codes: frozenset[str] | None) -> list[RuleExpr]:
    """Every cell rule of one column; a missing cell fails only ``cell.mandatory``."""
    col = pl.col(column)
    present = _present(col)
    rules = [RuleExpr(column, item, "cell.mandatory", ~present)] if item.mandatory else []
    for rule in _type_rules(column, item) + _value_rules(column, item, codes) + _char_rules(column, item):
        rules.append(RuleExpr(rule.column, rule.item, rule.code, present & rule.expr))
    return rules


def comparable(column: str, item: DataItem) -> pl.Expr:
    """The cell holds a valid date (or datetime), so a cross-field comparison applies."""
    if item.type not in (ItemType.DATE, ItemType.DATETIME):
        return pl.lit(False)
    return date_checks(pl.col(column), item.type)[3]


def cross_field_rule(
    rule: CrossFieldRule, columns: Mapping[str, str], items: Mapping[str, DataItem]
) -> RuleExpr | None:
    """The flag of one cross-field rule, reported on the rule's item; None if a column is absent."""
    if rule.item not in columns or rule.other not in columns:
        return None
    item, other = items[rule.item], items[rule.other]
    mine, theirs = pl.col(columns[rule.item]), pl.col(columns[rule.other])
    if rule.kind is CrossFieldKind.NOT_BEFORE:
        flag = (comparable(columns[rule.item], item) & comparable(columns[rule.other], other)
                & (mine.str.slice(0, 10) < theirs.str.slice(0, 10)))
        code = "table.not-before"
    elif rule.kind is CrossFieldKind.REQUIRED_WHEN:
        if item.mandatory:
            return None
        flag = ~_present(mine) & theirs.is_in(list(rule.values))
        code = "table.required-when"
    else:
        flag = _present(mine) & theirs.is_in(list(rule.values))
        code = "table.empty-when"
    params = {"item": item.name_ja, "other": other.name_ja, "rule": rule.id, "values": "/".join(rule.values)}
    return RuleExpr(columns[rule.item], item, code, flag, rule.id, params)


# -- the screen: one cheap "every rule passes" expression per column ----------------------------------
#
# Each `cell_ok` expression is true only when no rule of `cell_rules` can flag the cell (it may be false
# for a cell that is fine: such rows merely go through the detailed rules). Rows where every column is
# ok and no `cross_field_screen` fires cannot yield a finding, so the detailed expressions run only on
# the few rows the screen flags.

_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"  # 0001–9999
_MONTH_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              "|02-(?:0[1-9]|1[0-9]|2[0-8]))")  # 29 February goes to the detailed rules
_TIME = ("T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?"
         "(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])")
VALID_DATE_RE = f"^{_YEAR}-{_MONTH_DAY}$"
VALID_DATETIME_RE = f"^{_YEAR}-{_MONTH_DAY}{_TIME}$"


def good_codes(item: DataItem, codes: frozenset[str]) -> list[str]:
    """The values of a code column (and "" when allowed) for which no cell rule fires, by the plain rules."""
    from conformance.data.rules.cell_rules import check_cell

    return sorted(value for value in (*codes, "") if not check_cell(item, value, codes))


def _printable_ascii_pattern(pattern: str) -> bool:
    """True when every string fully matching `pattern` is printable ASCII (so it holds no 外字).

    Conservative: the pattern itself is printable ASCII without escapes, `.`, negated classes or
    inline flags, so every character it matches is a literal or lies in a range between two
    printable ASCII characters.
    """
    if not all("\x20" <= ch <= "\x7e" for ch in pattern):
        return False
    return not any(token in pattern.replace("(?:", "(") for token in ("\\", ".", "[^", "(?"))


@cache
def _jis_excludes_pua() -> bool:
    return all(hi < charsets.PUA_FIRST or lo > charsets.PUA_LAST for lo, hi in charsets.jis_x_0213_codepoints())


def _present_ok(column: str, item: DataItem) -> pl.Expr | None:
    """True for a present value on which no rule fires; None when there is no cheap form (use the rules)."""
    col = pl.col(column)
    kind = item.type
    if kind in (ItemType.DATE, ItemType.DATETIME):
        if item.pattern is not None or item.check_digit is not None:
            return None
        return col.str.contains(VALID_DATE_RE if kind is ItemType.DATE else VALID_DATETIME_RE)
    parts: list[pl.Expr] = []
    type_re = {ItemType.INTEGER: INTEGER_RE, ItemType.DECIMAL: decimal_re(item.scale), ItemType.FLAG: FLAG_RE}.get(kind)
    if type_re is not None:
        parts.append(col.str.contains(_full(type_re)))
    elif kind is not ItemType.STRING:
        return None
    if item.length is not None and kind in (ItemType.STRING, ItemType.INTEGER, ItemType.DECIMAL):
        length = col.str.len_chars()
        if kind is not ItemType.STRING:
            length = length - col.str.count_matches(r"[.\-]")
        parts.append(length <= item.length)
    if item.pattern is not None:
        parts.append(col.str.contains(_full(item.pattern)))
    if item.check_digit is not None:
        if item.pattern is None:
            return None
        digits = CHECK_DIGIT_LENGTH[item.check_digit]
        parts.append(~col.str.contains(f"^[0-9]{{{digits}}}$") | _check_digit_ok(col, item.check_digit))
    if kind is ItemType.STRING and item.code_table is None:
        chars = _chars_ok(col, item)
        if chars is not None:
            parts.append(chars)
    return pl.all_horizontal(parts) if len(parts) > 1 else parts[0] if parts else pl.lit(True)


def _chars_ok(col: pl.Expr, item: DataItem) -> pl.Expr | None:  # noqa: PLR0911
    """No character rule fires on a present string (None: nothing to add, the other parts imply it)."""
    klass = item.char_class
    if klass is CharClass.FULLWIDTH_KATAKANA:
        return col.str.contains(charsets.KATAKANA_ONLY)
    if klass is CharClass.DIGITS and item.pattern is None:
        return col.str.contains(charsets.DIGITS_ONLY)
    if klass is CharClass.HALFWIDTH_ALNUM and item.pattern is None:
        return col.str.contains(charsets.ALNUM_ONLY)
    if klass is CharClass.GYOSEI_STANDARD and _jis_excludes_pua():
        return ~col.str.contains(charsets.outside_jis_class())
    if klass is CharClass.GYOSEI_STANDARD:
        return ~col.str.contains(charsets.outside_jis_class()) & ~col.str.contains(charsets.PUA_CLASS)
    if item.pattern is not None and _printable_ascii_pattern(item.pattern):
        return None  # the pattern part already admits only printable ASCII: no 外字
    return ~col.str.contains(charsets.PUA_CLASS)


def cell_ok(column: str, item: DataItem, codes: frozenset[str] | None) -> pl.Expr:
    """True only when no rule of `cell_rules(column, item, codes)` fires on the cell (never null)."""
    col = pl.col(column)
    if codes is not None:
        return col.is_in(good_codes(item, codes))
    present_ok = _present_ok(column, item)
    if present_ok is None:
        flags = [rule.expr.fill_null(False) for rule in cell_rules(column, item, codes)]
        return ~pl.any_horizontal(flags) if flags else pl.lit(True)
    present = _present(col)
    ok = present & present_ok if item.mandatory else ~present | present_ok
    return ok.fill_null(False)


def cross_field_screen(
    rule: CrossFieldRule, columns: Mapping[str, str], items: Mapping[str, DataItem]
) -> pl.Expr | None:
    """True on every row where the rule fires *given* that both cells passed `cell_ok` (never null)."""
    built = cross_field_rule(rule, columns, items)
    if built is None:
        return None
    item, other = items[rule.item], items[rule.other]
    dates = (ItemType.DATE, ItemType.DATETIME)
    if (rule.kind is CrossFieldKind.NOT_BEFORE and item.type in dates and other.type in dates
            and _present_ok(columns[rule.item], item) is not None
            and _present_ok(columns[rule.other], other) is not None):
        mine, theirs = pl.col(columns[rule.item]), pl.col(columns[rule.other])
        # both cells passed the screen: each is empty or a valid date, so "comparable" is "present"
        return (_present(mine) & _present(theirs) & (mine.str.slice(0, 10) < theirs.str.slice(0, 10))).fill_null(False)
    return built.expr.fill_null(False)
