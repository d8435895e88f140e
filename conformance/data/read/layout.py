"""file.layout — ファイルの形式: how a file's header compares with its data group's, and the family's codes.

The header names the items; cells are checked by name, so a file with columns reordered, missing or added is
still checked (each difference a finding). The other layout codes are found while reading: an empty file, line
ends, the delimiter, the field counts, quoting and a file cut off (`conformance.data.filecheck`).
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.data.source.presence import FileMatch
from conformance.domain.spec import SpecBundle

FAMILY = "file.layout"
MESSAGES = {
    "file.empty": "ファイルが空です",
    "file.line-ending": "改行コードが CRLF ではない行が {count} 行あります",
    "file.delimiter": "区切り文字がカンマではなく {detected} です",
    "file.header-missing": "見出し行に項目 {column} がありません",
    "file.header-extra": "見出し行に基本データリストにない項目 {column} があります",
    "file.header-order": "見出し行の項目の順序が基本データリストと異なります ({detail})",
    "file.header-duplicate": "見出し行に項目 {column} が重複しています",
    "file.too-many-columns": "見出し行の項目数 {count} が上限 {limit} を超えています",
    "file.record-too-long": "1レコードが上限 {limit} バイトを超えています ({detail})",
    "file.field-count": "項目数が {actual} で、見出しの {expected} と異なります",
    "file.quoting": "引用符の対応が取れていません ({detail})",
    "file.truncated": "ファイルが途中で切れています (最終行に改行がなく項目数も不足)",
}

OTHER_DELIMITERS = (("\t", "タブ"), (";", "セミコロン"), ("|", "縦棒"))


def expected_header(match: FileMatch, bundle: SpecBundle) -> tuple[str, ...]:
    """The header the file must have: the group's items, plus the delta columns for a delta file."""
    header = match.group.header
    if match.variant == "delta":
        header += tuple(bundle.file_linkage.delta_columns)
    return header


def other_delimiter(header: list[str], expected: tuple[str, ...]) -> str | None:
    """The name of the delimiter a one-field header of a many-item group is written with (tab, …), if any."""
    if len(header) != 1 or len(expected) <= 1:
        return None
    return next((label for delimiter, label in OTHER_DELIMITERS if delimiter in header[0]), None)


@dataclass(frozen=True, slots=True)
class HeaderComparison:
    """Differences between a delivered header and the expected one."""

    missing: tuple[str, ...]
    extra: tuple[str, ...]
    duplicated: tuple[str, ...]
    order_detail: str | None  # set when the shared columns appear in another order
    positions: dict[str, int]  # expected name -> physical column index (first occurrence)


def compare_header(actual: list[str], expected: tuple[str, ...]) -> HeaderComparison:
    """Compare headers by name; positions let the cell checks run on reordered or partial files."""
    positions: dict[str, int] = {}
    duplicated: list[str] = []
    for index, name in enumerate(actual):
        if name in positions:
            duplicated.append(name)
        else:
            positions[name] = index
    wanted = set(expected)
    missing = tuple(name for name in expected if name not in positions)
    extra = tuple(name for name in positions if name not in wanted)
    shared_actual = _dedupe([name for name in actual if name in wanted])
    shared_expected = [name for name in expected if name in positions]
    return HeaderComparison(missing, extra, tuple(duplicated), _order_detail(shared_actual, shared_expected),
                            {name: positions[name] for name in expected if name in positions})


def _order_detail(shared_actual: list[str], shared_expected: list[str]) -> str | None:
    """Where the columns both headers have first stand in another order, if they do."""
    if shared_actual == shared_expected:
        return None
    for position, (got, want) in enumerate(zip(shared_actual, shared_expected, strict=False), start=1):
        if got != want:
            return f"{position}番目の項目が {got} (期待 {want})"
    return None


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
