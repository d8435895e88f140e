"""The JSON report: the runs in their one serialised shape plus the requirement rows.

Its shape is published as a JSON Schema (`schema/report.schema.json`, also in docs/reference/).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.domain.results_codec import run_to_dict
from conformance.reports.model import REPORT_FORMAT, ReportInput, RequirementRow


def schema_path() -> Path:
    """The bundled JSON Schema of the JSON report."""
    return Path(__file__).resolve().parent / "schema" / "report.schema.json"


def report_document(report: ReportInput) -> dict[str, Any]:
    """The JSON-ready report document."""
    return {
        "report_format": REPORT_FORMAT,
        "title": report.title,
        "verdict": report.verdict.value,
        "certification": (
            {"status": report.status, "reasons": list(report.status_reasons)} if report.status is not None else None
        ),
        "runs": [run_to_dict(run) for run in report.runs],
        "requirements": [requirement_document(row) for row in report.rows()],
    }


def render_json(report: ReportInput) -> str:
    """The report as pretty-printed JSON (UTF-8 text, Japanese unescaped)."""
    return json.dumps(report_document(report), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def requirement_document(row: RequirementRow) -> dict[str, Any]:
    """The JSON-ready form of one requirement row (as in the report's ``requirements``)."""
    return {
        "requirement_id": row.requirement_id,
        "title": row.title,
        "chapter": list(row.chapter),
        "category": row.category.value if row.category else None,
        "method": row.method.value if row.method else None,
        "checks": list(row.checks),
        "not_tested_reason": row.not_tested_reason,
        "verdict": row.verdict.value,
        "basis": row.basis.value,
        "case_ids": list(row.case_ids),
        "declared": row.declared,
        "note": row.note,
    }
