"""Locate tables in official-style Excel workbooks: header rows found by their Japanese column
names, merged cells filled in, two-row headers joined ("キー" over "主" reads "キー主").

The grid reading is kept apart from what the columns mean (conformance.specs.importer).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

HEADER_SEARCH_ROWS = 30


class WorkbookError(Exception):
    """A workbook that cannot be used; the message names the file, sheet and place."""


def normalise(text: object) -> str:
    """NFKC, no whitespace, no brackets: the form column names are compared in."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"[\s()（）【】\[\]・/]", "", value)


@dataclass(frozen=True, slots=True)
class Table:
    """The data rows of one sheet under a located header."""

    file: str
    sheet: str
    header_row: int  # 1-based row of the (last) header line
    columns: Mapping[str, int]  # logical column -> 0-based index
    rows: Sequence[tuple[int, tuple[Any, ...]]]  # (1-based row number, cell values)

    def get(self, row: tuple[Any, ...], column: str) -> str:
        """The cell text of a logical column ('' when absent or empty)."""
        index = self.columns.get(column)
        if index is None or index >= len(row) or row[index] is None:
            return ""
        value = row[index]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def where(self, row_number: int, column: str | None = None) -> str:
        """``file [sheet] row N, column 'X'`` for messages."""
        place = f"{self.file} [{self.sheet}] row {row_number}"
        return f"{place}, column '{column}'" if column else place


def open_workbook(path: Path) -> Any:
    """Open read-write (merged-cell ranges are needed); WorkbookError when it is not a workbook."""
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except FileNotFoundError as exc:
        raise WorkbookError(f"{path}: file not found") from exc
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx file
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from exc


def _filled_grid(sheet: Any) -> list[list[Any]]:
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(grid):
                    row = grid[r - 1]
                    row.extend([None] * (c - len(row)))
                    row[c - 1] = value
    return grid


def find_table(workbook: Any, file: str, aliases: Mapping[str, Sequence[str]], required: Sequence[str]) -> Table:
    """The first sheet whose header (1 or 2 rows) names every required logical column.

    Raises WorkbookError listing, for the best candidate sheet, which required columns are missing.
    """
    best: tuple[int, str, list[str]] | None = None  # (required columns found, sheet, missing)
    for sheet in workbook.worksheets:
        grid = _filled_grid(sheet)
        for top in range(min(HEADER_SEARCH_ROWS, len(grid))):
            for depth, columns in _headers_at(grid, top, aliases):
                missing = [name for name in required if name not in columns]
                if not missing:
                    return Table(file, sheet.title, top + depth, columns, _data_rows(grid, top + depth))
                found = len(required) - len(missing)
                if best is None or found > best[0]:
                    best = (found, sheet.title, missing)
    if best is None:
        raise WorkbookError(f"{file}: the workbook has no sheets with content")
    names = ", ".join(f"'{aliases[m][0]}'" for m in best[2])
    raise WorkbookError(
        f"{file} [{best[1]}]: no header row with the required columns; missing {names} "
        f"(searched the first {HEADER_SEARCH_ROWS} rows of every sheet)"
    )


def _headers_at(
    grid: list[list[Any]], top: int, aliases: Mapping[str, Sequence[str]]
) -> list[tuple[int, dict[str, int]]]:
    """The 1- and 2-row headers starting at row `top` (rows with content only), as (depth, columns), the one
    naming most columns first: a two-row header ("キー" over "主") names more than its first row alone."""
    candidates = []
    for depth in (1, 2):
        window = grid[top : top + depth]
        if top + depth <= len(grid) and all(_has_content(row) for row in window):
            columns = _match(_labels(window), aliases)
            candidates.append((len(columns), depth, columns))
    return [(depth, columns) for _count, depth, columns in sorted(candidates, key=lambda c: (-c[0], c[1]))]


def _data_rows(grid: list[list[Any]], header_end: int) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows with content below a header ending at row `header_end` (1-based), with their row numbers."""
    return [
        (number, tuple(values))
        for number, values in enumerate(grid[header_end:], start=header_end + 1)
        if _has_content(values)
    ]


def _has_content(row: Sequence[Any]) -> bool:
    return any(v not in (None, "") for v in row)


def _labels(rows: Sequence[Sequence[Any]]) -> list[str]:
    width = max(len(row) for row in rows)
    labels = []
    for column in range(width):
        parts: list[str] = []
        for row in rows:
            text = normalise(row[column]) if column < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append("".join(parts))
    return labels


def _match(labels: list[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for name, options in aliases.items():
        wanted = [normalise(option) for option in options]
        for index, label in enumerate(labels):
            if label in wanted and index not in columns.values():
                columns[name] = index
                break
    return columns


def iter_rows(table: Table) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The data rows in order."""
    yield from table.rows
