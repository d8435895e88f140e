"""Two validation reports of the same business compared: defects per data group, column and code, before and after.

Migration is rehearsed several times (移行リハーサル); what a vendor and a municipality want to see between two
rehearsals is which faults went away, which remain and which are new. Record numbers shift between deliveries and
file names carry timestamps (`131016_kojin_full_20240401090000.csv`), so defects are matched by what they are, not
where: the data group of their file (from summary.json), the column and the finding code. Only the report files are
read (defects.csv, summary.json), never a delivery, and no value is shown.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.data.report.writer import DEFECT_COLUMNS, SUMMARY_FILE

DEFECTS = "defects.csv"

Key = tuple[str, str, str]  # (data group, or the file's name when it belongs to none; column or ""; code)


class ReportReadError(Exception):
    """A folder that is not a readable validation report (what is wrong, and where)."""


@dataclass(frozen=True, slots=True)
class Report:
    """What a comparison needs of one report: counts per key, the file name of each data group, and its summary."""

    folder: Path
    counts: Counter[Key]
    names: dict[str, str]  # data group (or a file that belongs to none) -> the file's name in this report
    business: str
    spec_version: str
    complete: bool
    defects: int


@dataclass(frozen=True, slots=True)
class CountChange:
    """The defects of one (group, column, code) in both reports."""

    file: str  # the file's name in the newer report (else the older)
    column: str
    code: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        """after − before."""
        return self.after - self.before

    @property
    def kind(self) -> str:
        """new, fixed, increased, decreased or unchanged."""
        if self.before == self.after:
            return "unchanged"
        if not self.before:
            return "new"
        if not self.after:
            return "fixed"
        return "increased" if self.after > self.before else "decreased"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every (group, column, code) with defects in either report, the largest change first."""

    before: Report
    after: Report
    changes: list[CountChange]

    @property
    def worse(self) -> bool:
        """Some count rose (new or increased)."""
        return any(change.delta > 0 for change in self.changes)

    def counts(self) -> dict[str, int]:
        """How many keys changed in each way."""
        kinds = Counter(change.kind for change in self.changes)
        return {kind: kinds[kind] for kind in ("new", "increased", "decreased", "fixed", "unchanged")}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (`data compare --json`)."""
        def side(report: Report) -> dict[str, Any]:
            return {"report": str(report.folder), "business": report.business, "spec_version": report.spec_version,
                    "complete": report.complete, "defects": report.defects}

        return {"before": side(self.before), "after": side(self.after), "counts": self.counts(),
                "changes": [{"file": c.file, "column": c.column, "code": c.code, "before": c.before,
                             "after": c.after, "delta": c.delta, "kind": c.kind} for c in self.changes]}


def read_report(folder: Path) -> Report:
    """The counts of one report folder written by `data validate --report-dir`.

    Raises:
        ReportReadError: a file is missing, unreadable, not UTF-8, or not of the expected shape.
    """
    summary = _summary(folder)
    groups = {str(entry["name"]): str(entry["group"] or entry["name"]) for entry in summary["files"]}
    names = {group: name for name, group in groups.items()}
    counts: Counter[Key] = Counter()
    path = folder / DEFECTS
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            if next(reader, None) != list(DEFECT_COLUMNS):
                raise ReportReadError(f"{path}: the header is not {','.join(DEFECT_COLUMNS)}")
            for line, row in enumerate(reader, start=2):
                if len(row) != len(DEFECT_COLUMNS):
                    raise ReportReadError(f"{path}, line {line}: {len(row)} fields, {len(DEFECT_COLUMNS)} expected")
                file, column, code = row[0], row[2], row[3]
                counts[(groups.get(file, file), column, code)] += 1
                names.setdefault(groups.get(file, file), file)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReportReadError(f"{path}: {exc}") from None
    return Report(folder, counts, names, str(summary["business"]), str(summary["spec_version"]),
                  bool(summary["complete"]), sum(counts.values()))


def _summary(folder: Path) -> dict[str, Any]:
    path = folder / SUMMARY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReportReadError(f"{path}: not a readable validation summary ({exc})") from None
    needed = ("business", "spec_version", "complete", "files")
    if not isinstance(data, dict) or any(key not in data for key in needed) or not isinstance(data["files"], list):
        raise ReportReadError(f"{path}: not a validation summary (it needs {', '.join(needed)})")
    if not all(isinstance(entry, dict) and "name" in entry and "group" in entry for entry in data["files"]):
        raise ReportReadError(f"{path}: every entry of files needs a name and a group")
    return data


def compare(before: Report, after: Report) -> Comparison:
    """Both reports' counts side by side, the largest change first (then by file, column and code)."""
    changes = [CountChange(after.names.get(key[0]) or before.names.get(key[0], key[0]), key[1], key[2],
                           before.counts[key], after.counts[key])
               for key in set(before.counts) | set(after.counts)]
    changes.sort(key=lambda c: (-abs(c.delta), c.delta > 0, -c.after, c.file, c.column, c.code))
    return Comparison(before, after, changes)


__all__ = ["Comparison", "CountChange", "Report", "ReportReadError", "compare", "read_report"]
