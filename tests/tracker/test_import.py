"""Workbook import: validation before writing, all-or-nothing, idempotence, history (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conformance.tracker import (
    ImportSummary,
    InputRejectedError,
    TrackerStore,
    import_workbook,
    workbook,  # the reader's insides (read_sheet)
)
from tests.tracker.conftest import steps_row

CHIYODA, CHUO, MINATO = "131016", "131024", "131032"
Build = Callable[..., Path]


def _import(store: TrackerStore, path: Path, as_of: date | None = None, *,
            allow_backwards: bool = False) -> ImportSummary:
    return import_workbook(store, path, actor="liaison-a", as_of=as_of, allow_backwards=allow_backwards)


def _rejected(store: TrackerStore, path: Path) -> list[str]:
    with pytest.raises(InputRejectedError) as caught:
        _import(store, path)
    return [p.render() for p in caught.value.problems]


def test_valid_workbook_updates_rates_and_records_history(store: TrackerStore, make_workbook: Build) -> None:
    path = make_workbook([
        {"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-07-31", "product": "P",
         "product_version": "1.0", "planned_cutover": "2026-01-31", "steps": steps_row(24, 1, (7,))},
        {"lg_code": CHUO, "business": "児童手当", "as_of": "2025-07-31", "steps": steps_row(10)},
    ])
    summary = _import(store, path)
    assert summary.assignments_changed == 2
    cells = {(c.lg_code, c.business): c for c in store.grid(prefecture_code="13")}
    assert cells[(CHIYODA, "resident-registry")].completion_rate == pytest.approx(24 / 40)  # 23 done + step 7 対象外
    assert cells[(CHUO, "child-allowance")].completion_rate == pytest.approx(10 / 40)
    assert cells[(MINATO, "child-allowance")].completion_rate == 0.0
    history = store.history(CHIYODA, "resident-registry")
    fields = {h.field for h in history}
    assert {"product", "planned_cutover", "step:01", "step:25", "step:07"} <= fields
    assert all(h.actor == "liaison-a" and h.source == path.name for h in history)


def test_reimporting_the_same_file_changes_nothing(store: TrackerStore, make_workbook: Build) -> None:
    path = make_workbook([{"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-07-31",
                           "steps": steps_row(5)}])
    first = _import(store, path)
    before = store.counts()
    again = _import(store, path)
    assert first.import_id is not None
    assert again.import_id is None and again.changes == 0
    assert store.counts() == before


def test_invalid_body_code_rejects_the_whole_file_naming_the_row(store: TrackerStore, make_workbook: Build) -> None:
    path = make_workbook([
        {"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-07-31", "steps": steps_row(5)},
        {"lg_code": "131017", "business": "resident-registry", "as_of": "2025-07-31", "steps": steps_row(5)},
    ])
    before = store.counts()
    problems = _rejected(store, path)
    assert len(problems) == 1
    assert "row 3" in problems[0] and "団体コード" in problems[0] and "bad_body_code" in problems[0]
    assert "report.xlsx:移行状況" in problems[0]
    assert store.counts() == before
    assert store.grid(lg_code=CHIYODA)[0].counts.done == 0  # the valid row was not written either


def test_every_bad_row_is_reported(store: TrackerStore, make_workbook: Build) -> None:
    path = make_workbook([
        {"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-07-31", "steps": steps_row(5)},
        {"lg_code": CHIYODA, "business": "住民基本台帳", "as_of": "2025-07-31", "steps": steps_row(5)},
        {"lg_code": CHUO, "business": "no-such", "as_of": "2025-07-31"},
        {"lg_code": MINATO, "business": "resident-registry", "as_of": "2025-02-30"},
        {"lg_code": MINATO, "business": "child-allowance", "as_of": "2025-07-31", "actual_cutover": "2025-09-01"},
        {"lg_code": "130001", "business": "resident-registry", "as_of": "2025-07-31"},
        {"lg_code": "13101", "business": "seal-registration", "as_of": "2025-07-31"},
        {"lg_code": MINATO, "business": "seal-registration", "as_of": "2025-07-31", "specific_support": "○"},
        {"lg_code": MINATO, "business": "electoral-roll", "as_of": "2025-07-31",
         "steps": ["済", *steps_row(0)[1:]]},
    ])
    problems = _rejected(store, path)
    codes = {(p.split("[")[1].split("]")[0], p.split("row ")[1].split(":")[0]) for p in problems}
    assert ("duplicate_row", "3") in codes
    assert ("unknown_business", "4") in codes
    assert ("bad_date", "5") in codes
    assert ("impossible_date", "6") in codes
    assert ("not_in_scope", "7") in codes
    assert ("bad_body_code", "8") in codes
    assert ("missing_reason", "9") in codes and ("missing_target", "9") in codes
    assert ("bad_status", "10") in codes


def test_a_step_going_backwards_is_refused_unless_allowed(store: TrackerStore, make_workbook: Build) -> None:
    _import(store, make_workbook([{"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-06-30",
                                   "steps": steps_row(10)}], name="june.xlsx"))
    back = make_workbook([{"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-07-31",
                           "steps": steps_row(8, 1)}], name="july.xlsx")
    problems = _rejected(store, back)
    assert any("step_backwards" in p and "S09" in p for p in problems)
    assert any("step_backwards" in p and "S10" in p for p in problems)
    assert store.grid(lg_code=CHIYODA)[store_index(store)].counts.done == 10
    summary = _import(store, back, allow_backwards=True)
    assert summary.changes >= 2
    history = [h for h in store.history(CHIYODA, "resident-registry") if h.field == "step:10"]
    assert [(h.old_value, h.new_value) for h in history] == [("done", "not_started"), ("not_started", "done")]


def store_index(store: TrackerStore) -> int:
    """Index of resident-registry within Chiyoda's grid cells (sorted by slug)."""
    return [c.business for c in store.grid(lg_code=CHIYODA)].index("resident-registry")


def test_csv_and_malformed_files(store: TrackerStore, make_workbook: Build, tmp_path: Path) -> None:
    csv_path = make_workbook([{"lg_code": CHIYODA, "business": "1", "as_of": "2025/07/31",
                               "steps": steps_row(3)}], name="report.csv")
    _import(store, csv_path)
    assert store.grid(lg_code=CHIYODA)[store_index(store)].counts.done == 3
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert any("unreadable" in p for p in _rejected(store, broken))
    missing = make_workbook([{"lg_code": CHIYODA, "business": "1"}], name="short.xlsx",
                            header=["団体コード", "業務", "S01"])
    problems = _rejected(store, missing)
    assert any("missing_column" in p and "S02" in p for p in problems)


def test_a_csv_saved_by_japanese_excel_is_read(store: TrackerStore, make_workbook: Build, tmp_path: Path) -> None:
    """Excel on a Japanese Windows saves "CSV (コンマ区切り)" as Shift_JIS: it reads as the UTF-8 file does."""
    utf8 = make_workbook([{"lg_code": CHIYODA, "business": "住民基本台帳", "as_of": "2025/07/31",
                           "steps": steps_row(3)}], name="report.csv")
    shift_jis = tmp_path / "excel.csv"
    shift_jis.write_bytes(utf8.read_text(encoding="utf-8-sig").encode("cp932"))
    assert workbook.read_sheet(shift_jis) == replace(workbook.read_sheet(utf8), file="excel.csv")
    _import(store, shift_jis)
    assert store.grid(lg_code=CHIYODA)[store_index(store)].counts.done == 3
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x81\x00\xff\xfe")  # neither UTF-8 nor Shift_JIS
    assert any("unreadable" in p and "utf-8" in p for p in _rejected(store, garbage))


def test_as_of_default_and_older_report_refused(store: TrackerStore, make_workbook: Build) -> None:
    path = make_workbook([{"lg_code": CHIYODA, "business": "resident-registry", "steps": steps_row(4)}])
    assert any("missing_as_of" in p for p in _rejected(store, path))
    _import(store, path, as_of=date(2025, 7, 31))
    older = make_workbook([{"lg_code": CHIYODA, "business": "resident-registry", "as_of": "2025-05-31",
                            "steps": steps_row(5)}], name="older.xlsx")
    assert any("older_than_stored" in p for p in _rejected(store, older))
