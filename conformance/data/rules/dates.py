"""data.date — 日付・日時: dates spelled ``YYYY-MM-DD`` (西暦) and real, datetimes ISO 8601 with a time zone.

Dates: ``[0-9]{4}-[0-9]{2}-[0-9]{2}`` and a real calendar date, by arithmetic — never a lenient parser (pyarrow
rolls 2023-02-30 over to 03-02; polars and Python accept 2023-2-3). 和暦 gets its own code. Datetimes:
``YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)`` with a real date and an in-range time. The valid dates also serve the
cross-field comparisons (`comparable_date`, `comparable`).
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from conformance.data.rules.family import CellFinding, Codes, Params, RuleExpr, ScreenPart, full, present
from conformance.domain.spec import DataItem, ItemType

FAMILY = "data.date"
MESSAGES = {
    "cell.date-format": "日付は西暦 YYYY-MM-DD で記載してください",
    "cell.date-wareki": "和暦で記載されています (西暦 YYYY-MM-DD が必要)",
    "cell.date-invalid": "暦に存在しない日付です",
    "cell.datetime-format": "日時は ISO 8601 (タイムゾーン付き) で記載してください",
}

DATE_RE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATETIME_RE = (
    "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
WAREKI_RE = "(明治|大正|昭和|平成|令和|^[MTSHRmtshr][0-9])"
_DATED = (ItemType.DATE, ItemType.DATETIME)

# -- the scalar form --------------------------------------------------------------------------------------------


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


def check(item: DataItem, value: str, codes: Codes) -> CellFinding | None:
    """The date or datetime finding of a present value, if any (和暦 first, then the spelling, then the calendar)."""
    if item.type is ItemType.DATE:
        return _date_finding(value)
    if item.type is ItemType.DATETIME:
        return _datetime_finding(value)
    return None


def _date_finding(value: str) -> CellFinding | None:
    if re.search(WAREKI_RE, value):
        return CellFinding("cell.date-wareki")
    if not re.fullmatch(DATE_RE, value, flags=re.ASCII):
        return CellFinding("cell.date-format")
    if parse_date(value) is None:
        return CellFinding("cell.date-invalid")
    return None


def _datetime_finding(value: str) -> CellFinding | None:
    if re.search(WAREKI_RE, value):
        return CellFinding("cell.date-wareki")
    if not re.fullmatch(DATETIME_RE, value, flags=re.ASCII):
        return CellFinding("cell.datetime-format")
    if not valid_datetime(value):
        return CellFinding("cell.date-invalid")
    return None


def comparable_date(item: DataItem, value: str) -> date | None:
    """The date a cross-field comparison uses: a valid date, or the date part of a valid datetime."""
    if value == "" or check(item, value, None) is not None:
        return None
    if item.type is ItemType.DATE:
        return parse_date(value)
    if item.type is ItemType.DATETIME:
        return parse_date(value[:10])
    return None


# -- the polars form ----------------------------------------------------------------------------------------------


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
    filled = present(col)
    wareki = filled & col.str.contains(WAREKI_RE)
    spelled = col.str.contains(full(DATE_RE if kind is ItemType.DATE else DATETIME_RE))
    bad_spelling = filled & ~wareki & ~spelled
    real = _real_date(col) if kind is ItemType.DATE else _real_date(col) & _real_time(col)
    invalid = filled & ~wareki & spelled & ~real.fill_null(False)
    valid = filled & ~wareki & spelled & real.fill_null(False)
    return wareki, bad_spelling, invalid, valid


def rules(column: str, item: DataItem, codes: Codes) -> list[RuleExpr]:
    """The 和暦, spelling and calendar flags of a date or datetime column."""
    kind = item.type
    if kind not in _DATED:
        return []
    wareki, bad, invalid, _ = date_checks(pl.col(column), kind)
    spelling = "cell.date-format" if kind is ItemType.DATE else "cell.datetime-format"
    return [RuleExpr(column, item, "cell.date-wareki", wareki), RuleExpr(column, item, spelling, bad),
            RuleExpr(column, item, "cell.date-invalid", invalid)]


def comparable(column: str, item: DataItem) -> pl.Expr:
    """The cell holds a valid date (or datetime), so a cross-field comparison applies."""
    if item.type not in _DATED:
        return pl.lit(False)
    return date_checks(pl.col(column), item.type)[3]


# the screen: one calendar-exact regex per value (29 February goes to the detailed rules)
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"  # 0001–9999
_MONTH_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_TIME = ("T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?"
         "(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])")
VALID_DATE_RE = f"^{_YEAR}-{_MONTH_DAY}$"
VALID_DATETIME_RE = f"^{_YEAR}-{_MONTH_DAY}{_TIME}$"


def screen(col: pl.Expr, item: DataItem) -> ScreenPart:
    """A valid date or datetime, by one regex."""
    if item.type not in _DATED:
        return None
    return col.str.contains(VALID_DATE_RE if item.type is ItemType.DATE else VALID_DATETIME_RE)


def params(item: DataItem, code: str, value: str) -> Params:
    """The date messages take no parameters."""
    return {}
