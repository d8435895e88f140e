"""The cell and cross-field rules, value by value, in plain Python.

This is the readable statement of the semantics (docs/guides/data-validation.md §Semantics). The
bulk validator (`conformance.data.rules.expressions`) evaluates the same rules as polars expressions;
this module is used by the generator to make sure each injected defect yields exactly its code, and
by the validator to confirm the rare candidates that need per-value work (IVS lengths, JIS X 0213).

Semantics:
- An empty field is missing. A missing mandatory cell gives ``cell.mandatory`` and nothing else;
  a missing optional cell gives nothing.
- Every other rule is evaluated on its own, except: the check digit only when the value has the
  identifier's shape (the pattern passes); character rules give at most one finding per cell
  (外字 first); code-table items get no character finding (the code check covers them); the
  digits/半角英数字 classes are not checked separately when the item has a pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from conformance.data.rules import charsets
from conformance.domain.identifiers import (
    is_valid_corporate_number,
    is_valid_lg_code,
    is_valid_my_number,
)
from conformance.domain.spec import CharClass, CheckDigit, CrossFieldKind, CrossFieldRule, DataItem, ItemType

DATE_RE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATETIME_RE = (
    "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
WAREKI_RE = "(明治|大正|昭和|平成|令和|^[MTSHRmtshr][0-9])"
INTEGER_RE = "-?[0-9]+"
FLAG_RE = "[01]"
CHECK_DIGIT_LENGTH = {CheckDigit.LG_CODE: 6, CheckDigit.MY_NUMBER: 12, CheckDigit.CORPORATE_NUMBER: 13}
CHECK_DIGIT_LABEL = {
    CheckDigit.LG_CODE: "地方公共団体コード",
    CheckDigit.MY_NUMBER: "個人番号",
    CheckDigit.CORPORATE_NUMBER: "法人番号",
}


def decimal_re(scale: int | None) -> str:
    """Full-match pattern of a decimal with at most `scale` fraction digits (any when None)."""
    if scale == 0:
        return INTEGER_RE
    fraction = "[0-9]+" if scale is None else f"[0-9]{{1,{scale}}}"
    return f"-?[0-9]+(\\.{fraction})?"


@dataclass(frozen=True, slots=True)
class CellFinding:
    """One rule a cell breaks: its code and message parameters."""

    code: str
    params: dict[str, str | int | None] = field(default_factory=dict)


def parse_date(text: str) -> date | None:
    """The date of a strictly spelled ``YYYY-MM-DD`` (ASCII digits, real calendar date), else None."""
    if not re.fullmatch(DATE_RE, text, flags=re.ASCII):
        return None
    try:
        return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def valid_datetime(text: str) -> bool:
    """True for ISO 8601 ``YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)`` with a real date and in-range time."""
    if not re.fullmatch(DATETIME_RE, text, flags=re.ASCII) or parse_date(text[:10]) is None:
        return False
    hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
    if hour > 23 or minute > 59 or second > 59:
        return False
    if text.endswith("Z"):
        return True
    return int(text[-5:-3]) <= 14 and int(text[-2:]) <= 59


def type_finding(item: DataItem, value: str) -> CellFinding | None:  # noqa: PLR0911
    """The type (and date spelling) finding of a present value, if any."""
    kind = item.type
    if kind is ItemType.INTEGER and not re.fullmatch(INTEGER_RE, value, flags=re.ASCII):
        return CellFinding("cell.type", {"type": kind.value})
    if kind is ItemType.DECIMAL and not re.fullmatch(decimal_re(item.scale), value, flags=re.ASCII):
        return CellFinding("cell.type", {"type": kind.value})
    if kind is ItemType.FLAG and value not in ("0", "1"):
        return CellFinding("cell.type", {"type": kind.value})
    if kind is ItemType.DATE:
        return _date_finding(value)
    if kind is ItemType.DATETIME:
        if re.search(WAREKI_RE, value):
            return CellFinding("cell.date-wareki")
        if not re.fullmatch(DATETIME_RE, value, flags=re.ASCII):
            return CellFinding("cell.datetime-format")
        if not valid_datetime(value):
            return CellFinding("cell.date-invalid")
    return None


def _date_finding(value: str) -> CellFinding | None:
    if re.search(WAREKI_RE, value):
        return CellFinding("cell.date-wareki")
    if not re.fullmatch(DATE_RE, value, flags=re.ASCII):
        return CellFinding("cell.date-format")
    if parse_date(value) is None:
        return CellFinding("cell.date-invalid")
    return None


def pattern_ok(item: DataItem, value: str) -> bool:
    """Full match of the item's pattern (Python `re`, ASCII semantics as in the spec's [0-9])."""
    return item.pattern is None or re.fullmatch(item.pattern, value, flags=re.ASCII) is not None


def check_digit_ok(scheme: CheckDigit, value: str) -> bool:
    """Whether a well-shaped identifier carries the right check digit."""
    if scheme is CheckDigit.LG_CODE:
        return is_valid_lg_code(value)
    if scheme is CheckDigit.MY_NUMBER:
        return is_valid_my_number(value)
    return is_valid_corporate_number(value)


def char_finding(item: DataItem, value: str) -> CellFinding | None:  # noqa: PLR0911
    """The single character-class finding of a present value, if any."""
    if item.code_table is not None or item.type is not ItemType.STRING:
        return None
    pua = charsets.first_pua(value)
    if pua is not None:
        return CellFinding("cell.char-gaiji", {"codepoint": pua})
    klass = item.char_class
    if klass is CharClass.FULLWIDTH_KATAKANA:
        if re.search(charsets.HALFWIDTH_KANA_CLASS, value):
            return CellFinding("cell.char-halfwidth-kana")
        if not re.fullmatch(f"[{charsets.KATAKANA_CLASS}]*", value):
            return CellFinding("cell.char-katakana", {"codepoint": _first_bad(value, charsets.KATAKANA_CLASS)})
    elif klass is CharClass.DIGITS and item.pattern is None and not (value.isascii() and value.isdigit()):
        return CellFinding("cell.char-digits", {"codepoint": _first_bad(value, "0-9")})
    elif klass is CharClass.HALFWIDTH_ALNUM and item.pattern is None and not re.fullmatch("[\x20-\x7e]*", value):
        return CellFinding("cell.char-alnum", {"codepoint": _first_bad(value, "\x20-\x7e")})
    elif klass is CharClass.GYOSEI_STANDARD:
        outside = charsets.first_outside_jis(value)
        if outside is not None:
            return CellFinding("cell.char-repertoire", {"codepoint": outside})
    return None


def _first_bad(value: str, allowed: str) -> str:
    found = re.search(f"[^{allowed}]", value)
    return charsets.codepoint(found.group(0)) if found else "?"


def value_length(item: DataItem, value: str) -> int:
    """The length the spec's 桁数 limits: characters for strings (an IVS sequence is one), digits for numbers.

    For integer and decimal items the sign and the decimal point are not counted.
    """
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        return len(value) - value.count("-") - value.count(".")
    return charsets.char_length(value)


def check_cell(item: DataItem, value: str, codes: frozenset[str] | None) -> list[CellFinding]:
    """Every finding of one cell, in catalogue order.

    Args:
        item: the data item of the column.
        value: the raw field ("" is missing).
        codes: the valid values of the item's code table (None when it has none).
    """
    if value == "":
        return [CellFinding("cell.mandatory")] if item.mandatory else []
    found: list[CellFinding] = []
    typed = type_finding(item, value)
    if typed is not None:
        found.append(typed)
    if item.length is not None and item.type in (ItemType.STRING, ItemType.INTEGER, ItemType.DECIMAL):
        actual = value_length(item, value)
        if actual > item.length:
            found.append(CellFinding("cell.length", {"actual": actual, "limit": item.length}))
    if codes is not None and value not in codes:
        found.append(CellFinding("cell.code", {"code_table": item.code_table}))
    shaped = pattern_ok(item, value)
    if not shaped:
        found.append(CellFinding("cell.pattern", {"pattern": item.pattern}))
    if item.check_digit is not None and shaped:
        digits = CHECK_DIGIT_LENGTH[item.check_digit]
        if re.fullmatch(f"[0-9]{{{digits}}}", value) and not check_digit_ok(item.check_digit, value):
            found.append(CellFinding("cell.check-digit", {"scheme": CHECK_DIGIT_LABEL[item.check_digit]}))
    chars = char_finding(item, value)
    if chars is not None:
        found.append(chars)
    return found


def comparable_date(item: DataItem, value: str) -> date | None:
    """The date a cross-field comparison uses: a valid date, or the date part of a valid datetime."""
    if value == "" or type_finding(item, value) is not None:
        return None
    if item.type is ItemType.DATE:
        return parse_date(value)
    if item.type is ItemType.DATETIME:
        return parse_date(value[:10])
    return None


def cross_field_finding(
    rule: CrossFieldRule, item: DataItem, other: DataItem, row: dict[str, str]
) -> CellFinding | None:
    """The finding of one cross-field rule on one row (values keyed by item ID), if any.

    not_before compares only when both cells hold valid dates (a datetime by its date part);
    required_when is checked only for an optional item (a mandatory one already gets
    ``cell.mandatory``); empty_when fires when the item is present.
    """
    mine, theirs = row.get(item.id, ""), row.get(other.id, "")
    params: dict[str, str | int | None] = {"item": item.name_ja, "other": other.name_ja, "rule": rule.id,
                                           "values": "/".join(rule.values)}
    if rule.kind is CrossFieldKind.NOT_BEFORE:
        first, second = comparable_date(item, mine), comparable_date(other, theirs)
        if first is not None and second is not None and first < second:
            return CellFinding("table.not-before", params)
    elif rule.kind is CrossFieldKind.REQUIRED_WHEN:
        if not item.mandatory and mine == "" and theirs in rule.values:
            return CellFinding("table.required-when", params)
    elif rule.kind is CrossFieldKind.EMPTY_WHEN and mine != "" and theirs in rule.values:
        return CellFinding("table.empty-when", params)
    return None
