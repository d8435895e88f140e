"""Export tracker views to Excel: the import-shaped workbook (round-trips), grids, roll-ups, forecasts.

Every exported file carries a 出典 sheet with the municipality list's CC BY 4.0 attribution and,
when the data is the synthetic demo, a SYNTHETIC label on every sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from conformance.domain.businesses import SLUGS
from conformance.municipalities import ATTRIBUTION_EN, ATTRIBUTION_JA
from conformance.tracker.demo import SYNTHETIC_LABEL_EN, SYNTHETIC_LABEL_JA
from conformance.tracker.records import ReportedRow, RollupRow
from conformance.tracker.service import AssignmentView, ForecastReport, PrefectureGrid, TrackerService
from conformance.tracker.workbook import SHEET, header_row, rows_iter

SheetData = tuple[str, list[str], Iterable[Sequence[Any]]]

EXPORT_VIEWS: dict[str, str] = {
    "workbook": "the import-shaped workbook (re-importable)",
    "readiness": "readiness per assignment with its rule",
    "grid": "a prefecture's body × business 完了率 (needs --prefecture)",
    "rollup": "a roll-up (--by)",
    "forecast": "at-risk lists and vendor load",
}
"""The views `export_view` writes, with what each holds."""


def write_xlsx(path: Path, sheets: Sequence[SheetData], *, synthetic: bool) -> None:
    """Write sheets (name, header, rows) plus a 出典 sheet; a synthetic banner row first when synthetic."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, header, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    notes = workbook.create_sheet("出典")
    notes.append([ATTRIBUTION_JA])
    notes.append([ATTRIBUTION_EN])
    if synthetic:
        notes.append([SYNTHETIC_LABEL_JA])
        notes.append([SYNTHETIC_LABEL_EN])
    workbook.save(path)


def workbook_sheet(views: Sequence[AssignmentView], names: dict[str, str], labels: dict[str, str]) -> SheetData:
    """The import-shaped sheet (re-importable) for these assignments."""
    rows = [
        (ReportedRow(v.lg_code, v.business, v.fields, v.steps, v.as_of) if v.as_of else None, v)
        for v in views
    ]
    triples = [(r, names.get(v.lg_code, ""), labels.get(v.business, v.business)) for r, v in rows if r]
    return SHEET, header_row(), rows_iter(triples)


def readiness_sheet(views: Sequence[AssignmentView], names: dict[str, str]) -> SheetData:
    """Readiness per assignment with the rule that produced it."""
    header = ["団体コード", "団体名", "業務", "完了率", "判定", "level", "規則", "説明", "explanation",
              "適合確認", "移行データ検証", "予測移行日", "予測根拠"]
    rows = (
        [v.lg_code, names.get(v.lg_code, ""), v.business, round(v.readiness.completion_rate, 4),
         v.readiness.level.label_ja, v.readiness.level.value, v.readiness.rule, v.readiness.explanation_ja,
         v.readiness.explanation_en, v.readiness.certification.value, v.readiness.rehearsal_verdict or "",
         v.forecast.projected, v.forecast.basis]
        for v in views
    )
    return "準備状況", header, rows


def grid_sheet(grid: PrefectureGrid) -> SheetData:
    """Body × business 完了率 for one prefecture."""
    header = ["団体コード", "団体名", *grid.businesses]
    rows = (
        [body.lg_code, body.name, *(
            round(grid.cells[(body.lg_code, biz)].completion_rate, 4) if (body.lg_code, biz) in grid.cells else ""
            for biz in grid.businesses)]
        for body in grid.bodies
    )
    return f"完了率_{grid.prefecture_code}", header, rows


def rollup_sheet(rows: Sequence[RollupRow], dimension: str) -> SheetData:
    """A roll-up table."""
    header = ["key", "systems", "完了率", "作業中率", "完了済み", "作業中", "未着手", "対象外", "稼働済み",
              "特定移行支援"]
    body = (
        [r.key, r.systems, round(r.completion_rate, 4), round(r.in_progress_rate, 4), r.done, r.in_progress,
         r.not_started, r.not_applicable, r.live, r.specific_support]
        for r in rows
    )
    return f"集計_{dimension}", header, body


def forecast_sheets(report: ForecastReport) -> list[SheetData]:
    """At-risk lists and vendor load."""
    header = ["団体コード", "団体名", "業務", "目標日", "予測移行日", "特定移行支援", "製品ベンダ"]

    def rows(items: Iterable[Any]) -> Iterable[Sequence[Any]]:
        return ([i.lg_code, i.body_name, i.business, i.target, i.projected, "○" if i.specific_support else "",
                 i.vendor or ""] for i in items)

    months = sorted({m for per in report.vendor_load.values() for m in per})
    load = ([vendor, *(per.get(m, 0) for m in months)] for vendor, per in sorted(report.vendor_load.items()))
    return [
        ("期限超過見込み", header, rows(report.against_deadline)),
        ("目標日超過見込み", header, rows(report.against_own_target)),
        ("ベンダー負荷", ["製品ベンダ", *months], load),
    ]


def export_view(service: TrackerService, path: Path, view: str, *, prefecture: str | None = None,
                lg_code: str | None = None, dimension: str = "prefecture") -> None:
    """Write one of `EXPORT_VIEWS` to an Excel file, limited to a prefecture or one body where the view allows.

    Raises:
        LookupError: an unknown prefecture (grid view).
    """
    sheets = _SHEETS[view](service, prefecture, lg_code, dimension)
    write_xlsx(path, sheets, synthetic=service.is_synthetic())


def _views(service: TrackerService, prefecture: str | None,
           lg_code: str | None) -> tuple[list[AssignmentView], dict[str, str]]:
    """The assignments of one body, of a prefecture, or of all, and every body's name."""
    bodies = service.bodies(f"{int(prefecture):02d}" if prefecture else None)
    codes = [lg_code] if lg_code else [b.lg_code for b in bodies] if prefecture else None
    return service.assignments(codes), {b.lg_code: b.name for b in service.bodies()}


_Builder = Callable[[TrackerService, str | None, str | None, str], list[SheetData]]
_SHEETS: dict[str, _Builder] = {
    "workbook": lambda s, pref, lg, _: [workbook_sheet(*_views(s, pref, lg), {slug: slug for slug in SLUGS})],
    "readiness": lambda s, pref, lg, _: [readiness_sheet(*_views(s, pref, lg))],
    "grid": lambda s, pref, _lg, _: [grid_sheet(s.prefecture_grid(pref or ""))],
    "rollup": lambda s, pref, _lg, by: [rollup_sheet(s.rollup(by, prefecture_code=pref), by)],
    "forecast": lambda s, _pref, _lg, _: forecast_sheets(s.forecast()),
}
