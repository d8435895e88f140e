"""The per-code summary (summary.json) and the shared RunResult of a data validation.

The RunResult has one case per (data group, check family). Each failing case carries one Finding
per finding code with the count and the first occurrence; the complete list is in defects.csv /
defects.jsonl (see the evidence entry), so nothing is silently dropped.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from conformance import __version__
from conformance.data.codes import FAMILIES, lookup
from conformance.data.filecheck import FileReport, FileStatus, Requirements
from conformance.data.rules.family import Family
from conformance.data.validator import ValidationOutcome, requirement_index
from conformance.domain.results import CaseResult, Finding, Location, RunResult, Subject, Verdict
from conformance.domain.spec import DataGroup, SpecBundle

RUN_KIND = "data-validation"


def summary_dict(outcome: ValidationOutcome, bundle: SpecBundle) -> dict[str, Any]:
    """The JSON-ready summary: completeness, files, and counts per code."""
    requirements = requirement_index(bundle)
    return {
        "business": outcome.business,
        "spec_version": outcome.spec_version,
        "complete": outcome.complete,
        "clean": outcome.clean,
        "exit_code": outcome.exit_code,
        "rows": outcome.rows,
        "defects": outcome.tally.total,
        "started_at": outcome.started_at.isoformat(),
        "finished_at": outcome.finished_at.isoformat(),
        "row_numbering": "1-based data record number; the header is not counted",
        "files": [
            {"name": f.name, "group": f.group_id, "status": f.status.value, "rows": f.rows,
             "defects": f.defects, "reason": f.reason}
            for f in outcome.files
        ],
        "by_code": {
            code: {"count": count, "level": lookup(code).level.value, "family": lookup(code).family,
                   "requirement_ids": list(requirements(code))}
            for code, count in sorted(outcome.tally.by_code.items())
        },
        "by_column": by_column(outcome),
        "notes": outcome.notes,
    }


def by_column(outcome: ValidationOutcome) -> list[dict[str, Any]]:
    """Record-level defects per (file, column, code), most first, with their share of the file's records: a
    column wrong in (nearly) every record points at the export itself rather than at the data."""
    rows = {report.name: report.rows for report in outcome.files}
    entries = sorted(outcome.tally.by_column.items(), key=lambda item: (-item[1], item[0]))
    return [{"file": file, "column": column, "code": code, "count": count,
             "share": round(count / rows[file], 4) if rows.get(file) else None}
            for (file, column, code), count in entries]


def summary_json(outcome: ValidationOutcome, bundle: SpecBundle) -> str:
    """The text of summary.json."""
    return json.dumps(summary_dict(outcome, bundle), ensure_ascii=False, indent=2) + "\n"


def run_result(outcome: ValidationOutcome, bundle: SpecBundle, target: str | None = None) -> RunResult:
    """The validation as a RunResult (one case per data group and check family)."""
    requirements = requirement_index(bundle)
    files = {f.group_id: f for f in outcome.files if f.group_id and f.status is not FileStatus.UNEXPECTED}
    cases = [_case(group, family, files.get(group.id), outcome, requirements)
             for group in bundle.data_groups for family in FAMILIES]
    cases.extend(_unexpected_cases(outcome, requirements))
    return RunResult(run_id=str(uuid.uuid4()), kind=RUN_KIND,
                     subject=Subject(bundle.meta.slug, bundle.meta.version_id, target=target),
                     started_at=outcome.started_at, finished_at=outcome.finished_at, tool_version=__version__,
                     cases=tuple(cases))


def _case(group: DataGroup, family: Family, report: FileReport | None, outcome: ValidationOutcome,
          requirements: Requirements) -> CaseResult:
    """The case of one check family on one data group's file: failed with a finding per code, passed, or skipped
    when the file is missing or was not read to the end."""
    codes = list(family.MESSAGES)
    findings = _findings(codes, report, outcome, requirements)
    case_id = f"DATA-{group.id}-{family.FAMILY}"
    title = f"{group.name_ja} ({group.file}) {family.FAMILY}"
    rids = tuple(dict.fromkeys(r for code in codes for r in requirements(code)))
    if findings:
        return CaseResult(case_id, title, Verdict.FAIL, rids, findings, evidence={"defects": "defects.csv"})
    if report is None or report.status is not FileStatus.CHECKED:
        reason = report.reason if report and report.reason else "file missing or not fully read"
        return CaseResult(case_id, title, Verdict.SKIP, rids, reason=reason)
    return CaseResult(case_id, title, Verdict.PASS, rids)


def _findings(codes: list[str], report: FileReport | None, outcome: ValidationOutcome,
              requirements: Requirements) -> tuple[Finding, ...]:
    """One finding per code the file has defects of: the count and the first occurrence."""
    if report is None:
        return ()
    findings = []
    for code in codes:
        count = outcome.tally.by_file_code.get((report.name, code), 0)
        if count:
            first = outcome.tally.first[(report.name, code)]
            findings.append(Finding(
                code=code, message=f"{count} 件: {first.message}", requirement_ids=requirements(code),
                location=Location(file=first.file, row=first.row, column=first.column),
                value=first.value, params={"count": count}))
    return tuple(findings)


def _unexpected_cases(outcome: ValidationOutcome, requirements: Requirements) -> list[CaseResult]:
    extra = [f for f in outcome.files if f.status is FileStatus.UNEXPECTED]
    if not extra:
        return []
    findings = tuple(Finding(code="file.unexpected" if f.group_id is None else "file.duplicate",
                             message=lookup("file.unexpected").template, location=Location(file=f.name),
                             requirement_ids=requirements("file.unexpected"))
                     for f in extra)
    return [CaseResult("DATA-DELIVERY-file.presence", "delivery: unexpected files", Verdict.FAIL,
                       requirements("file.unexpected"), findings)]
