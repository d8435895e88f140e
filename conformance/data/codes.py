"""The closed catalogue of data-validation finding codes.

Every code the validator can emit is listed here with its level (file, cell or table), the check
family it belongs to (the ``verification.checks`` vocabulary of the spec, e.g. ``data.code``), and a
message template. docs/reference/finding-codes.md documents each one; a test keeps the two in step.
Codes are stable: rename one only with a deprecation note in that document.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """Where a finding applies: the whole file, one cell, or a relation between rows or files."""

    FILE = "file"
    CELL = "cell"
    TABLE = "table"


@dataclass(frozen=True, slots=True)
class FindingCode:
    """One finding code.

    Attributes:
        code: the stable identifier, e.g. ``cell.code``.
        level: file, cell or table.
        family: the spec check family whose requirements this code bears on.
        template: the message, formatted with the finding's parameters.
    """

    code: str
    level: Level
    family: str
    template: str


def _code(code: str, family: str, template: str) -> FindingCode:
    return FindingCode(code, Level(code.split(".", 1)[0]), family, template)


CATALOGUE: tuple[FindingCode, ...] = (
    # File level
    _code("file.missing", "file.presence", "データグループ {group} のファイル {expected} がありません"),
    _code("file.unexpected", "file.presence", "基本データリストにないファイルです"),
    _code("file.duplicate", "file.presence", "データグループ {group} のファイルが複数あります ({other})"),
    _code("file.empty", "file.layout", "ファイルが空です"),
    _code("file.binary", "file.encoding", "CSVではないバイナリデータです ({detail})"),
    _code("file.encoding", "file.encoding", "文字コードが UTF-8 ではなく {detected} です"),
    _code("file.bom", "file.encoding", "UTF-8 の BOM が付いています"),
    _code("file.invalid-utf8", "file.encoding", "UTF-8 として不正なバイト列があります ({detail})"),
    _code("file.line-ending", "file.layout", "改行コードが CRLF ではない行が {count} 行あります"),
    _code("file.delimiter", "file.layout", "区切り文字がカンマではなく {detected} です"),
    _code("file.header-missing", "file.layout", "見出し行に項目 {column} がありません"),
    _code("file.header-extra", "file.layout", "見出し行に基本データリストにない項目 {column} があります"),
    _code("file.header-order", "file.layout", "見出し行の項目の順序が基本データリストと異なります ({detail})"),
    _code("file.header-duplicate", "file.layout", "見出し行に項目 {column} が重複しています"),
    _code("file.too-many-columns", "file.layout", "見出し行の項目数 {count} が上限 {limit} を超えています"),
    _code("file.record-too-long", "file.layout", "1レコードが上限 {limit} バイトを超えています ({detail})"),
    _code("file.field-count", "file.layout", "項目数が {actual} で、見出しの {expected} と異なります"),
    _code("file.quoting", "file.layout", "引用符の対応が取れていません ({detail})"),
    _code("file.truncated", "file.layout", "ファイルが途中で切れています (最終行に改行がなく項目数も不足)"),
    # Cell level
    _code("cell.mandatory", "data.mandatory", "必須項目が空です"),
    _code("cell.type", "data.type", "データ型 {type} の値ではありません"),
    _code("cell.date-format", "data.date", "日付は西暦 YYYY-MM-DD で記載してください"),
    _code("cell.date-wareki", "data.date", "和暦で記載されています (西暦 YYYY-MM-DD が必要)"),
    _code("cell.date-invalid", "data.date", "暦に存在しない日付です"),
    _code("cell.datetime-format", "data.date", "日時は ISO 8601 (タイムゾーン付き) で記載してください"),
    _code("cell.length", "data.length", "文字数 {actual} が桁数 {limit} を超えています"),
    _code("cell.code", "data.code", "コード表 {code_table} にない値です"),
    _code("cell.pattern", "data.pattern", "書式 {pattern} に一致しません"),
    _code("cell.check-digit", "data.check-digit", "検査数字 ({scheme}) が正しくありません"),
    _code("cell.char-gaiji", "data.characters", "私用領域 (U+E000–U+F8FF) の外字 {codepoint} が含まれています"),
    _code("cell.char-halfwidth-kana", "data.characters", "半角カタカナが含まれています (全角カタカナが必要)"),
    _code("cell.char-katakana", "data.characters", "全角カタカナ以外の文字 {codepoint} が含まれています"),
    _code("cell.char-digits", "data.characters", "半角数字以外の文字 {codepoint} が含まれています"),
    _code("cell.char-alnum", "data.characters", "半角英数字以外の文字 {codepoint} が含まれています"),
    _code("cell.char-repertoire", "data.characters", "JIS X 0213 の範囲外の文字 {codepoint} が含まれています"),
    # Table level
    _code("table.duplicate-key", "data.keys", "主キー {key} が重複しています (最初の出現は {first_row} 行目)"),
    _code("table.foreign-key", "data.keys", "{ref_group} に存在しない {key} を参照しています"),
    _code("table.not-before", "data.cross-field", "{item} が {other} より前の日付です ({rule})"),
    _code("table.required-when", "data.cross-field", "{other} が {values} のとき {item} は必須です ({rule})"),
    _code("table.empty-when", "data.cross-field",
          "{other} が {values} のとき {item} は空欄でなければなりません ({rule})"),
)

BY_CODE: dict[str, FindingCode] = {entry.code: entry for entry in CATALOGUE}


def lookup(code: str) -> FindingCode:
    """The catalogue entry of `code`; KeyError for an unknown code (a tool bug)."""
    return BY_CODE[code]


def render(code: str, params: dict[str, str | int | None]) -> str:
    """The message of a finding: its template filled with `params` (missing ones shown as ?)."""
    template = BY_CODE[code].template
    return template.format_map(_Defaulting(params))


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"
