"""summary.json's counts per column (`by_column`) and the command's list of the columns with the most defects: a
column wrong in every record (an export fault, common in a first rehearsal) stands out from scattered data errors."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from conformance.cli.data_cmd import STATUS_JA, SYSTEMATIC_NOTE
from conformance.cli.main import cli
from conformance.data import FileStatus


def _validate(folder: Path, report: Path) -> tuple[int, str, dict[str, object]]:
    done = CliRunner().invoke(cli, ["data", "validate", "--business", "resident-registry", "--report-dir",
                                    str(report), str(folder)])
    return done.exit_code, done.output, json.loads((report / "summary.json").read_text(encoding="utf-8"))


def _slashed_birth_dates(clean_delivery: Path, folder: Path) -> int:
    """Copy the delivery with every 個人 birth date written 1990/01/02; returns how many were changed."""
    shutil.copytree(clean_delivery, folder)
    (folder / "truth.csv").unlink()
    path = folder / "kojin.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *body = csv.reader(handle)
    column = header.index("生年月日")
    changed = 0
    for row in body:
        if row[column]:
            row[column] = row[column].replace("-", "/")
            changed += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([header, *body])
    return changed


def test_a_column_wrong_throughout_leads_the_list(clean_delivery: Path, tmp_path: Path) -> None:
    changed = _slashed_birth_dates(clean_delivery, tmp_path / "delivery")
    code, output, summary = _validate(tmp_path / "delivery", tmp_path / "report")
    assert code == 1
    columns = summary["by_column"]
    assert isinstance(columns, list)
    kojin_rows = next(f["rows"] for f in summary["files"] if f["name"] == "kojin.csv")  # type: ignore[attr-defined]
    assert columns[0] == {"file": "kojin.csv", "column": "生年月日", "code": "cell.date-format", "count": changed,
                          "share": round(changed / kojin_rows, 4)}
    assert f"kojin.csv 生年月日 cell.date-format: {changed:,} (100.0 %) — {SYSTEMATIC_NOTE}" in output
    # the counts are those of defects.csv, record by record
    with (tmp_path / "report" / "defects.csv").open(encoding="utf-8", newline="") as handle:
        listed = Counter((r["file"], r["column"], r["code"]) for r in csv.DictReader(handle) if r["row"])
    assert {(e["file"], e["column"], e["code"]): e["count"] for e in columns} == dict(listed)


def test_scattered_defects_are_not_called_systematic(clean_delivery: Path, tmp_path: Path) -> None:
    folder = tmp_path / "delivery"
    shutil.copytree(clean_delivery, folder)
    path = folder / "kojin.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("-", "/", 1)  # one birth date (the first date of the record)
    path.write_text("".join(lines), encoding="utf-8")
    code, output, summary = _validate(folder, tmp_path / "report")
    assert code == 1
    columns = summary["by_column"]
    assert isinstance(columns, list) and len(columns) == 1 and columns[0]["count"] == 1
    assert SYSTEMATIC_NOTE not in output


def test_a_clean_delivery_lists_no_column(clean_delivery: Path, tmp_path: Path) -> None:
    folder = tmp_path / "delivery"
    shutil.copytree(clean_delivery, folder)
    (folder / "truth.csv").unlink()
    code, output, summary = _validate(folder, tmp_path / "report")
    assert (code, summary["by_column"]) == (0, [])
    assert "列別" not in output


def test_the_console_summary_is_japanese_first(clean_delivery: Path, tmp_path: Path) -> None:
    assert set(STATUS_JA) == {status.value for status in FileStatus}
    folder = tmp_path / "delivery"
    shutil.copytree(clean_delivery, folder)
    (folder / "notes.txt").write_text("not a data group", encoding="utf-8")
    code, output, _ = _validate(folder, tmp_path / "report")
    assert code == 1
    assert "kojin.csv: 検査済 checked, 500 行 rows, 0 件 defects" in output
    assert "notes.txt: 対象外 unexpected" in output
    assert "検出コード別 / defects per finding code:" in output
    assert "2,000 行 rows, 1 件 defects; 完了 complete" in output
