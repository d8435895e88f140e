"""The Excel workbook: the official 機能・帳票要件 list shape with the results filled in.

Sheet 機能・帳票要件 keeps the importer's column names (機能ID, 機能名称, 機能要件, 実装区分, 備考 …)
and adds result columns; 概要 summarises the runs; ケース結果 lists every case and finding.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from conformance.domain.results import Finding, Verdict
from conformance.reports.model import ReportInput, RequirementRow

REQUIREMENT_HEADER = (
    "大項目",
    "中項目",
    "小項目",
    "機能ID",
    "機能名称",
    "機能要件",
    "実装区分",
    "検証方法",
    "チェック種別",
    "実装状況(申告)",
    "判定",
    "判定(英)",
    "判定根拠",
    "ケース",
    "指摘",
    "備考",
)
CASE_HEADER = (
    "実行ID", "種別", "ケースID", "ケース名", "判定", "要件ID", "理由", "指摘コード", "位置", "値(マスク済)", "内容",
)
FILLS = {
    Verdict.PASS: "C6EFCE",
    Verdict.FAIL: "FFC7CE",
    Verdict.ERROR: "FFE0B2",
    Verdict.SKIP: "E0E0E0",
    Verdict.WAIVED: "E1D5F0",
    Verdict.NOT_APPLICABLE: "F5F5F5",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def render_xlsx(report: ReportInput) -> bytes:
    """The report as an .xlsx workbook (bytes)."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "概要"
    _summary(summary, report)
    _requirements(workbook.create_sheet("機能・帳票要件"), report)
    _cases(workbook.create_sheet("ケース結果"), report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, names: tuple[str, ...]) -> None:
    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"


def _summary(sheet: Worksheet, report: ReportInput) -> None:
    sheet.append(["適合性確認結果 / Conformance report", report.title])
    sheet.append(["総合判定 / verdict", report.verdict.label_ja, report.verdict.value])
    if report.status is not None:
        sheet.append(["認証状況 / certification status", report.status])
        for reason in report.status_reasons:
            sheet.append(["", reason])
    sheet.append([])
    header = ("実行ID", "種別", "業務", "仕様版", "製品", "製品版", "開始", "判定", *(v.value for v in Verdict))
    sheet.append(list(header))
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
    for run in report.runs:
        counts = run.counts()
        sheet.append([
            run.run_id,
            run.kind,
            run.subject.business,
            run.subject.spec_version,
            run.subject.product,
            run.subject.product_version,
            run.started_at.isoformat(),
            run.verdict.value,
            *(counts[v] for v in Verdict),
        ])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 30


def _requirements(sheet: Worksheet, report: ReportInput) -> None:
    _header(sheet, REQUIREMENT_HEADER)
    findings = _findings_by_requirement(report)
    for row in report.rows():
        chapter = [*row.chapter, "", "", ""][:3]
        sheet.append([
            *chapter,
            row.requirement_id,
            row.title,
            row.text,
            row.category.label_ja if row.category else "",
            row.method.value if row.method else "",
            ", ".join(row.checks),
            row.declared or "",
            row.verdict.label_ja,
            row.verdict.value,
            row.basis.label_ja,
            ", ".join(row.case_ids),
            "\n".join(findings.get(row.requirement_id, [])),
            _remark(row),
        ])
        verdict_cell = sheet.cell(row=sheet.max_row, column=REQUIREMENT_HEADER.index("判定") + 1)
        verdict_cell.fill = PatternFill("solid", fgColor=FILLS[row.verdict])
    widths = (18, 18, 18, 14, 28, 60, 16, 12, 24, 12, 10, 14, 12, 24, 50, 30)
    for letter, width in zip("ABCDEFGHIJKLMNOP", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _remark(row: RequirementRow) -> str:
    return "; ".join(part for part in (row.note, row.not_tested_reason) if part)


def _findings_by_requirement(report: ReportInput) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for run in report.runs:
        for case in run.cases:
            for finding in case.findings:
                for rid in finding.requirement_ids or case.requirement_ids:
                    found.setdefault(rid, []).append(_finding_text(finding))
    return found


def _finding_text(finding: Finding) -> str:
    where = finding.location.describe()
    return f"[{finding.code}] {where} {finding.message}".replace("  ", " ")


def _cases(sheet: Worksheet, report: ReportInput) -> None:
    _header(sheet, CASE_HEADER)
    for run in report.runs:
        for case in run.cases:
            base = [run.run_id, run.kind, case.case_id, case.title, case.verdict.value, " ".join(case.requirement_ids),
                    case.reason or ""]
            if not case.findings:
                sheet.append([*base, "", "", "", ""])
            for finding in case.findings:
                sheet.append([*base, finding.code, finding.location.describe(), finding.value or "", finding.message])
