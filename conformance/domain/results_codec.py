"""Plain-data (JSON-ready) form of a RunResult, and back. Pure: no file or network access.

Every writer (run.json, the result store, evidence bundles) and every reader (reports, the
tracker) goes through these two functions, so there is one serialised shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from conformance.domain.results import CaseResult, Finding, Location, RunResult, Subject, Verdict

FORMAT_VERSION = 1


def run_to_dict(run: RunResult) -> dict[str, Any]:
    """The JSON-ready form of a run, including its roll-up and counts."""
    return {
        "format_version": FORMAT_VERSION,
        "run_id": run.run_id,
        "kind": run.kind,
        "subject": {
            "business": run.subject.business,
            "spec_version": run.subject.spec_version,
            "product": run.subject.product,
            "product_version": run.subject.product_version,
            "target": run.subject.target,
        },
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat(),
        "tool_version": run.tool_version,
        "verdict": run.verdict.value,
        "counts": {verdict.value: count for verdict, count in run.counts().items()},
        "cases": [_case_to_dict(case) for case in run.cases],
    }


def _case_to_dict(case: CaseResult) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "title": case.title,
        "verdict": case.verdict.value,
        "requirement_ids": list(case.requirement_ids),
        "reason": case.reason,
        "duration_ms": case.duration_ms,
        "evidence": dict(case.evidence),
        "findings": [
            {
                "code": f.code,
                "message": f.message,
                "requirement_ids": list(f.requirement_ids),
                "location": {
                    "file": f.location.file,
                    "row": f.location.row,
                    "column": f.location.column,
                    "request": f.location.request,
                    "pointer": f.location.pointer,
                },
                "value": f.value,
                "params": dict(f.params),
            }
            for f in case.findings
        ],
    }


def run_from_dict(data: dict[str, Any]) -> RunResult:
    """Rebuild a RunResult; raises KeyError/ValueError on a malformed document."""
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"unsupported run format_version {data.get('format_version')!r}")
    subject = data["subject"]
    return RunResult(
        run_id=data["run_id"],
        kind=data["kind"],
        subject=Subject(
            business=subject["business"],
            spec_version=subject["spec_version"],
            product=subject.get("product"),
            product_version=subject.get("product_version"),
            target=subject.get("target"),
        ),
        started_at=datetime.fromisoformat(data["started_at"]),
        finished_at=datetime.fromisoformat(data["finished_at"]),
        tool_version=data["tool_version"],
        cases=tuple(_case_from_dict(case) for case in data["cases"]),
    )


def _case_from_dict(data: dict[str, Any]) -> CaseResult:
    return CaseResult(
        case_id=data["case_id"],
        title=data["title"],
        verdict=Verdict(data["verdict"]),
        requirement_ids=tuple(data.get("requirement_ids", ())),
        reason=data.get("reason"),
        duration_ms=float(data.get("duration_ms", 0.0)),
        evidence=dict(data.get("evidence", {})),
        findings=tuple(
            Finding(
                code=f["code"],
                message=f["message"],
                requirement_ids=tuple(f.get("requirement_ids", ())),
                location=Location(**f.get("location", {})),
                value=f.get("value"),
                params=dict(f.get("params", {})),
            )
            for f in data.get("findings", [])
        ),
    )
