"""The self-contained HTML report: Japanese first with English labels, inline CSS, no external assets.

It opens on a closed network (LGWAN): no scripts, fonts, images or stylesheets are fetched.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from conformance.domain.results import CaseResult, RunResult, Verdict
from conformance.reports.model import Basis, ReportInput, RequirementRow

TEMPLATES = Path(__file__).resolve().parent / "templates"

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "conformant": ("適合", "conformant"),
    "conformant_with_waivers": ("適合(適用除外あり)", "conformant with waivers"),
    "not_conformant": ("不適合", "not conformant"),
    "incomplete": ("判定未了", "incomplete"),
}


def render_html(report: ReportInput) -> str:
    """The report as one HTML document (UTF-8 text)."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(**_context(report))


def _context(report: ReportInput) -> dict[str, Any]:
    rows = report.rows()
    return {
        "title": report.title or "適合性確認結果",
        "verdict": report.verdict,
        "status": STATUS_LABELS.get(report.status or ""),
        "status_reasons": report.status_reasons,
        "runs": [_run_view(run) for run in report.runs],
        "rows": rows,
        "failures": [(run, case) for run in report.runs for case in run.cases if _noteworthy(case)],
        "coverage": _coverage(rows),
        "verdicts": list(Verdict),
        "Basis": Basis,
    }


def _run_view(run: RunResult) -> dict[str, Any]:
    return {"run": run, "counts": run.counts()}


def _noteworthy(case: CaseResult) -> bool:
    return case.verdict in (Verdict.FAIL, Verdict.ERROR, Verdict.WAIVED) or bool(case.findings)


def _coverage(rows: tuple[RequirementRow, ...]) -> list[tuple[Basis, int]]:
    tally = Counter(row.basis for row in rows)
    return [(basis, tally.get(basis, 0)) for basis in Basis]
