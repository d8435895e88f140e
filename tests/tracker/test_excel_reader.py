"""The Excel reader (calamine): cell values normalised as openpyxl gave them, locations as Excel shows them.

No database: these test `read_sheet` / `parse_workbook` only, with workbooks written by openpyxl
(which the tracker keeps for export) and, where useful, openpyxl's own reading as the reference.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from conformance.tracker import SHEET, header_row
from conformance.tracker.workbook import _read_excel, excel_value, parse_workbook, read_sheet  # the reader's insides
from tests.tracker.conftest import steps_row

CHIYODA = "131016"


@pytest.mark.parametrize(("raw", "expected"), [
    ("", None),
    ("  text ", "  text "),
    ("01", "01"),
    (131001.0, 131001),
    (5.0, 5),
    (-0.0, 0),
    (5.5, 5.5),
    (1e20, 1e20),
    (True, True),
    (False, False),
    (date(2025, 7, 31), datetime(2025, 7, 31)),
    (datetime(2025, 7, 31, 9, 30), datetime(2025, 7, 31, 9, 30)),
    (time(9, 30), time(9, 30)),
    (timedelta(hours=30), timedelta(hours=30)),
])
def test_excel_value_normalises_calamine_values_to_openpyxl_ones(raw: Any, expected: Any) -> None:
    value = excel_value(raw)
    assert value == expected
    assert type(value) is type(expected)


def _openpyxl_rows(path: Path) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(r) for r in workbook[SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _trim(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows without trailing empty cells and trailing empty rows (the two readers pad differently)."""
    out = [tuple(r[: max((i + 1 for i, v in enumerate(r) if v is not None), default=0)]) for r in rows]
    while out and not out[-1]:
        out.pop()
    return out


def test_cells_read_as_openpyxl_read_them(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    first.title = "メモ"  # not the tracker sheet: the tracker sheet is found by name
    first["A1"] = "ignore me"
    sheet = workbook.create_sheet(SHEET)
    sheet["C3"] = "団体コード"
    sheet["D3"] = 5
    sheet["E3"] = 5.5
    sheet["F3"] = date(2025, 7, 31)
    sheet["G3"] = datetime(2025, 7, 31, 9, 30)
    sheet["C5"] = True
    sheet["D5"] = "#N/A"  # openpyxl writes an error cell
    sheet["E5"] = 131016
    sheet["F5"] = "=1+1"  # a formula with no cached value reads as empty
    sheet["G5"] = " 完了済み "
    sheet.merge_cells("C7:E7")
    sheet["C7"] = "merged"
    sheet["D9"] = 1e20
    sheet["E9"] = -0.0
    sheet["F9"] = "01"
    path = tmp_path / "edge.xlsx"
    workbook.save(path)

    name, grid = _read_excel(path)
    assert name == SHEET
    assert _trim(grid) == _trim(_openpyxl_rows(path))  # row 1 first, column A first, values alike
    read = read_sheet(path)
    assert [number for number, _ in read.rows] == [3, 5, 7, 9]  # Excel's row numbers, blank rows skipped
    assert read.rows[1][1][3] == "#N/A"


def _workbook(tmp_path: Path, rows: list[list[Any]], *, blank_row_before: int | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(header_row())
    for number, row in enumerate(rows, start=2):
        if number == blank_row_before:
            sheet.append([])
        sheet.append(row)
    path = tmp_path / "report.xlsx"
    workbook.save(path)
    return path


def _row(steps: list[Any], **fields: Any) -> list[Any]:
    values: dict[str, Any] = {"団体コード": CHIYODA, "業務": "resident-registry", "基準日": "2025-07-31"} | fields
    return [values.get(h) for h in header_row()[:16]] + steps


def test_error_cell_in_a_step_column_is_refused_at_its_cell(tmp_path: Path) -> None:
    steps: list[Any] = steps_row(3)
    steps[4] = "#N/A"
    path = _workbook(tmp_path, [_row(steps_row(1), 業務="child-allowance"), _row(steps)], blank_row_before=3)
    rows, problems = parse_workbook(path, None)
    assert rows == []
    assert [(p.code, p.file, p.sheet, p.row, p.column) for p in problems] == [
        ("bad_status", "report.xlsx", SHEET, 4, "S05")]  # row 4 as Excel shows it (row 3 is blank)
    assert "'#N/A'" in problems[0].message


def test_date_number_and_empty_cells_validate_as_before(tmp_path: Path) -> None:
    row = _row(steps_row(2), 基準日=datetime(2025, 7, 31), 移行予定日=date(2026, 1, 31), 団体コード=131016,
               特定移行支援=None, 事由=None)
    rows, problems = parse_workbook(_workbook(tmp_path, [row]), None)
    assert problems == []
    [reported] = rows
    assert reported.lg_code == CHIYODA and reported.row == 2
    assert reported.as_of == date(2025, 7, 31)
    assert reported.fields.planned_cutover == date(2026, 1, 31)
    assert reported.fields.reason_code is None and reported.fields.specific_support is False


def test_numbers_in_messages_read_as_integers(tmp_path: Path) -> None:
    _, problems = parse_workbook(_workbook(tmp_path, [_row(steps_row(2), 事由=7)]), None)
    assert [(p.code, p.row, p.column) for p in problems] == [("bad_reason", 2, "事由")]
    assert problems[0].message.startswith("7 is not")  # 7, not 7.0
