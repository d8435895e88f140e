"""Every renderer reads a finished run and its output parses back with the consumer's own tool."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped
from openpyxl import load_workbook

from conformance.domain.results import RunResult, Verdict
from conformance.reports import (
    REPORT_FORMATS,
    ReportInput,
    diff_runs,
    render_html,
    render_json,
    render_junit,
    render_xlsx,
    report_document,
    schema_path,
)
from tests.conftest import REPO
from tests.result_store.factories import case, run


def test_json_report_validates_against_published_schema(report: ReportInput) -> None:
    document = json.loads(render_json(report))
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)
    assert document["verdict"] == "fail"
    assert {r["basis"] for r in document["requirements"]} == {"automated", "declared"}


def test_json_report_without_rows_derives_them_from_cases(mixed_run: RunResult) -> None:
    document = json.loads(render_json(ReportInput(runs=(mixed_run,))))
    jsonschema.validate(document, json.loads(schema_path().read_text(encoding="utf-8")))
    assert [r["requirement_id"] for r in document["requirements"]][:2] == ["RR-01-001", "RR-01-002"]


def test_published_schema_copy_matches_the_bundled_one() -> None:
    published = REPO / "docs" / "reference" / "report.schema.json"
    assert published.read_text(encoding="utf-8") == schema_path().read_text(encoding="utf-8")


def test_junit_parses_with_junitparser(report: ReportInput) -> None:
    xml = JUnitXml.fromstring(render_junit(report).decode("utf-8"))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (7, 2, 1, 3)
    outcomes = {tc.name.split()[0]: [type(r).__name__ for r in tc.result] for tc in suite}
    assert outcomes["DATA-001"] == []
    assert outcomes["DATA-002"] == [Failure.__name__]
    assert outcomes["API-002"] == [Error.__name__]
    assert outcomes["API-005"] == [Skipped.__name__]
    waived = next(tc for tc in suite if tc.name.startswith("API-005"))
    assert waived.result[0].message.startswith("waived")


def test_html_is_self_contained_japanese_and_escaped(report: ReportInput) -> None:
    html = render_html(report)
    assert '<meta charset="utf-8">' in html
    assert 'lang="ja"' in html
    assert not re.search(r"(src|href)\s*=", html), "no external (or any) asset references"
    assert "http://" not in html and "https://" not in html
    assert "@import" not in html and "url(" not in html
    expected = ("要件別結果", "Results per requirement", "不合格", "住民データの管理", "申告のみ", "kojin.csv:12:氏名")
    for text in expected:
        assert text in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "HTTP/1.1 500" in html  # the exchange is shown as evidence


def test_xlsx_keeps_the_official_columns_and_fills_results(report: ReportInput) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    assert workbook.sheetnames == ["概要", "機能・帳票要件", "ケース結果"]
    sheet = workbook["機能・帳票要件"]
    header = [c.value for c in sheet[1]]
    for column in ("機能ID", "機能名称", "機能要件", "実装区分", "備考", "判定", "判定根拠"):
        assert column in header
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["機能ID"] == "RR-01-001"
    assert first["実装区分"] == "実装必須機能"
    assert first["判定"] == "合格"
    second = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert second["判定根拠"] == "申告のみ"
    assert workbook["ケース結果"].max_row >= 8


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed (Debian: libreoffice-calc-nogui)",
)
def test_xlsx_opens_in_libreoffice_headless(report: ReportInput, tmp_path: Path) -> None:
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(render_xlsx(report))
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary is not None
    profile = tmp_path / "lo-profile"
    completed = subprocess.run(
        [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(workbook)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_diff_lists_regressions_and_fixes() -> None:
    before = run("a", (case("C1"), case("C2", Verdict.FAIL, ("R1",)), case("C3"), case("C4")))
    after = run(
        "b", (case("C1", Verdict.FAIL, ("R1",)), case("C2"), case("C3", Verdict.SKIP), case("C5", Verdict.FAIL))
    )
    diff = diff_runs(before, after)
    kinds = {c.case_id: c.kind for c in diff.changes}
    assert kinds == {"C1": "regression", "C2": "fix", "C3": "changed", "C4": "removed", "C5": "regression"}
    assert diff.to_dict()["counts"]["regression"] == 2
    assert diff_runs(before, before).changes == ()


def test_one_table_of_report_formats(report: ReportInput) -> None:
    assert list(REPORT_FORMATS) == ["json", "junit", "html", "xlsx"]
    assert [fmt.file_name for fmt in REPORT_FORMATS.values()] == ["report.json", "junit.xml", "report.html",
                                                                   "requirements.xlsx"]
    assert json.loads(REPORT_FORMATS["json"].render_bytes(report).decode("utf-8")) == report_document(report)
    assert REPORT_FORMATS["html"].render_bytes(report) == render_html(report).encode("utf-8")
    assert REPORT_FORMATS["xlsx"].render_bytes(report)[:2] == b"PK"
