"""`data compare`: two validation reports (e.g. two migration rehearsals) counted per data group, column and code."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance.cli.main import cli


def _validate(folder: Path, report: Path, business: str = "resident-registry") -> None:
    done = CliRunner().invoke(cli, ["data", "validate", "--business", business, "--report-dir", str(report),
                                    str(folder)])
    assert done.exit_code in (0, 1), done.output


def _compare(*args: str) -> Result:
    return CliRunner().invoke(cli, ["data", "compare", *args])


def _rehearsals(clean_delivery: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Report of a first rehearsal (every 個人 birth date written 1990/01/02, 世帯 intact) and of a second one where
    the birth dates are fixed but one 世帯 record lost its mandatory 世帯番号; the second delivery's 個人 file carries
    a linkage name with a timestamp."""
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(clean_delivery, first)
    shutil.copytree(clean_delivery, second)
    kojin = first / "kojin.csv"
    with kojin.open(encoding="utf-8", newline="") as handle:
        header, *body = csv.reader(handle)
    birth = header.index("生年月日")
    for row in body:
        row[birth] = row[birth].replace("-", "/")
    with kojin.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([header, *body])
    (second / "kojin.csv").rename(second / "131016_kojin_full_20240401090000.csv")
    setai = second / "setai.csv"
    with setai.open(encoding="utf-8", newline="") as handle:
        header, *body = csv.reader(handle)
    body[9][header.index("世帯番号")] = ""
    with setai.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([header, *body])
    _validate(first, tmp_path / "report-1")
    _validate(second, tmp_path / "report-2")
    return tmp_path / "report-1", tmp_path / "report-2"


def test_fixed_and_new_defects_between_rehearsals(clean_delivery: Path, tmp_path: Path) -> None:
    first, second = _rehearsals(clean_delivery, tmp_path)
    done = _compare("--json", str(first), str(second))
    assert done.exit_code == 1  # a count rose: the new 世帯番号 defect
    result = json.loads(done.output)
    changes = {(c["file"], c["column"], c["code"]): (c["before"], c["after"], c["kind"]) for c in result["changes"]}
    # matched by data group across the renamed file: 500 birth dates fixed
    assert changes[("131016_kojin_full_20240401090000.csv", "生年月日", "cell.date-format")] == (500, 0, "fixed")
    assert changes[("setai.csv", "世帯番号", "cell.mandatory")] == (0, 1, "new")
    assert result["counts"]["new"] >= 1 and result["counts"]["fixed"] >= 1
    assert result["before"]["defects"] == sum(c["before"] for c in result["changes"])
    assert result["changes"][0]["code"] == "cell.date-format"  # the largest change first

    back = _compare(str(second), str(first))
    assert back.exit_code == 1  # the birth dates broke again
    text = _compare(str(first), str(second)).output
    assert "131016_kojin_full_20240401090000.csv 生年月日 cell.date-format: 500 → 0 (-500) 解消 fixed" in text
    assert "setai.csv 世帯番号 cell.mandatory: 0 → 1 (+1) 新規 new" in text
    assert "合計 / total:" in text


def test_a_report_compared_with_itself_is_unchanged(clean_delivery: Path, tmp_path: Path) -> None:
    first, _ = _rehearsals(clean_delivery, tmp_path)
    done = _compare("--json", str(first), str(first))
    assert done.exit_code == 0
    counts = json.loads(done.output)["counts"]
    assert counts["unchanged"] > 0 and counts["new"] == counts["fixed"] == counts["increased"] == 0


@pytest.mark.parametrize("damage", ["no-summary", "summary-not-json", "defects-header", "defects-width", "not-utf8"])
def test_a_folder_that_is_not_a_report_is_a_usage_error(clean_delivery: Path, tmp_path: Path, damage: str) -> None:
    report = tmp_path / "report"
    _validate(clean_delivery, report)
    if damage == "no-summary":
        (report / "summary.json").unlink()
    elif damage == "summary-not-json":
        (report / "summary.json").write_text("{", encoding="utf-8")
    elif damage == "defects-header":
        (report / "defects.csv").write_text("a,b\r\n", encoding="utf-8")
    elif damage == "defects-width":
        with (report / "defects.csv").open("a", encoding="utf-8") as handle:
            handle.write("kojin.csv,1\r\n")
    else:
        (report / "defects.csv").write_bytes(b"file,row,column,code,message,value\r\n\xff\xfe\r\n")
    done = _compare(str(report), str(report))
    assert done.exit_code == 2
    assert str(report) in done.output
    assert "Traceback" not in done.output


def test_reports_of_different_businesses_are_refused(tmp_path: Path) -> None:
    from conformance.specs import default_specs_dir, load_spec
    from conformance.synthetic import generate_delivery

    seal = load_spec(default_specs_dir(), "seal-registration", verify_openapi=False)
    generate_delivery(seal, 200, tmp_path / "seal", seed=1)
    _validate(tmp_path / "seal", tmp_path / "report-seal", business="seal-registration")
    rr = load_spec(default_specs_dir(), "resident-registry", verify_openapi=False)
    generate_delivery(rr, 200, tmp_path / "rr", seed=1)
    _validate(tmp_path / "rr", tmp_path / "report-rr")
    done = _compare(str(tmp_path / "report-seal"), str(tmp_path / "report-rr"))
    assert done.exit_code == 2
    assert "nothing to compare" in done.output
