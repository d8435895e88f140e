"""data.characters — 文字: BMP private-use 外字, the item's character class, the JIS X 0213 repertoire.

At most one finding per cell, 外字 first; code-table items get none (the code check covers them), nor do numbers,
dates and flags. The digits / 半角英数字 classes are not checked separately when the item has a pattern (the
pattern states them). Repertoire (行政事務標準文字): JIS X 0213, by Python's ``euc_jis_2004`` codec
(`charsets`); polars flags values holding a character outside the single-code-point set as candidates, which
the scalar form confirms per value (`params`).
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from conformance.data.rules import charsets
from conformance.data.rules.family import CellFinding, Codes, Params, RuleExpr, ScreenPart
from conformance.domain.spec import CharClass, DataItem, ItemType

FAMILY = "data.characters"
MESSAGES = {
    "cell.char-gaiji": "私用領域 (U+E000–U+F8FF) の外字 {codepoint} が含まれています",
    "cell.char-halfwidth-kana": "半角カタカナが含まれています (全角カタカナが必要)",
    "cell.char-katakana": "全角カタカナ以外の文字 {codepoint} が含まれています",
    "cell.char-digits": "半角数字以外の文字 {codepoint} が含まれています",
    "cell.char-alnum": "半角英数字以外の文字 {codepoint} が含まれています",
    "cell.char-repertoire": "JIS X 0213 の範囲外の文字 {codepoint} が含まれています",
}


def _applies(item: DataItem) -> bool:
    return item.code_table is None and item.type is ItemType.STRING


# -- the scalar form --------------------------------------------------------------------------------------------


def char_finding(item: DataItem, value: str) -> CellFinding | None:
    """The single character finding of a present value, if any."""
    if not _applies(item):
        return None
    pua = charsets.first_pua(value)
    if pua is not None:
        return CellFinding("cell.char-gaiji", {"codepoint": pua})
    return _class_finding(item, value)


def _class_finding(item: DataItem, value: str) -> CellFinding | None:
    """The finding of the item's character class on a value without 外字."""
    match item.char_class:
        case CharClass.FULLWIDTH_KATAKANA:
            return _katakana(value)
        case CharClass.DIGITS:
            return _digits(item, value)
        case CharClass.HALFWIDTH_ALNUM:
            return _alnum(item, value)
        case CharClass.GYOSEI_STANDARD:
            return _repertoire(value)
    return None


def _katakana(value: str) -> CellFinding | None:
    if re.search(charsets.HALFWIDTH_KANA_CLASS, value):
        return CellFinding("cell.char-halfwidth-kana")
    if not re.fullmatch(f"[{charsets.KATAKANA_CLASS}]*", value):
        return CellFinding("cell.char-katakana", {"codepoint": _first_bad(value, charsets.KATAKANA_CLASS)})
    return None


def _digits(item: DataItem, value: str) -> CellFinding | None:
    if item.pattern is None and not (value.isascii() and value.isdigit()):
        return CellFinding("cell.char-digits", {"codepoint": _first_bad(value, "0-9")})
    return None


def _alnum(item: DataItem, value: str) -> CellFinding | None:
    if item.pattern is None and not re.fullmatch("[\x20-\x7e]*", value):
        return CellFinding("cell.char-alnum", {"codepoint": _first_bad(value, "\x20-\x7e")})
    return None


def _repertoire(value: str) -> CellFinding | None:
    outside = charsets.first_outside_jis(value)
    return CellFinding("cell.char-repertoire", {"codepoint": outside}) if outside is not None else None


def _first_bad(value: str, allowed: str) -> str:
    found = re.search(f"[^{allowed}]", value)
    return charsets.codepoint(found.group(0)) if found else "?"


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """The character finding of a present value (see `char_finding`)."""
    return char_finding(item, value)


def params(item: DataItem, code: str, value: str) -> Params | None:
    """The parameters of a flagged cell by the scalar form; None when a repertoire candidate is in JIS X 0213."""
    finding = char_finding(item, value)
    if code == "cell.char-repertoire" and (finding is None or finding.code != code):
        return None
    return finding.params if finding is not None else {}


# -- the polars form ----------------------------------------------------------------------------------------------


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The 外字 flag, then the flags of the item's character class (each only where no earlier one fires)."""
    if not _applies(item):
        return []
    col = pl.col(column)
    gaiji = col.str.contains(charsets.PUA_CLASS)
    found = [RuleExpr(column, item, "cell.char-gaiji", gaiji)]
    clean = ~gaiji
    klass = item.char_class
    if klass is CharClass.FULLWIDTH_KATAKANA:
        halfwidth = col.str.contains(charsets.HALFWIDTH_KANA_CLASS)
        found.append(RuleExpr(column, item, "cell.char-halfwidth-kana", clean & halfwidth))
        found.append(RuleExpr(column, item, "cell.char-katakana",
                              clean & ~halfwidth & ~col.str.contains(charsets.KATAKANA_ONLY)))
    elif klass is CharClass.DIGITS and item.pattern is None:
        found.append(RuleExpr(column, item, "cell.char-digits", clean & ~col.str.contains(charsets.DIGITS_ONLY)))
    elif klass is CharClass.HALFWIDTH_ALNUM and item.pattern is None:
        found.append(RuleExpr(column, item, "cell.char-alnum", clean & ~col.str.contains(r"^[\x20-\x7E]*$")))
    elif klass is CharClass.GYOSEI_STANDARD:
        found.append(RuleExpr(column, item, "cell.char-repertoire",
                              clean & col.str.contains(charsets.outside_jis_class())))
    return found


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:  # noqa: PLR0911
    """No character rule fires on a present string (None: nothing to add, the other parts imply it)."""
    if not _applies(item):
        return None
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
    if item.pattern is not None and printable_ascii_pattern(item.pattern):
        return None  # the pattern part already admits only printable ASCII: no 外字
    return ~col.str.contains(charsets.PUA_CLASS)


def printable_ascii_pattern(pattern: str) -> bool:
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
