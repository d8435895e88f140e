"""The ground truth of a synthetic delivery: one row per injected defect, written as ``truth.csv``.

Rows are in the validator's terms (file, 1-based data record, column header, finding code; row and column
empty for a file-level defect), so `conformance data validate` on the delivery must report exactly them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TruthRow:
    """One injected defect, in the validator's terms."""

    file: str
    row: int | None
    column: str | None
    code: str


def truth_order(row: TruthRow) -> tuple[str, int, str, str]:
    """truth.csv's order: by file, then file-level rows (no row, no column) first, then by row and column."""
    return row.file, -1 if row.row is None else row.row, row.column or "", row.code


def write_truth(path: Path, truth: Iterable[TruthRow]) -> None:
    """truth.csv: ``file,row,column,code`` (row = 1-based data record; empty for file-level)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(("file", "row", "column", "code"))
        for row in truth:
            writer.writerow((row.file, "" if row.row is None else row.row, row.column or "", row.code))
