"""Requirement coverage: how each requirement is verified, and by which cases of the latest runs.

Static coverage (`spec_coverage_gaps`) needs only the spec: every requirement must either name
automated check families, or be declaration-only with a not-tested reason. The coverage matrix
(`requirement_rows`) adds the cases of the given runs and one verdict per requirement.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from conformance.domain.results import CaseResult, RunResult, Verdict, rollup
from conformance.domain.spec import Category, Requirement, SpecBundle, VerificationMethod
from conformance.evidence.declarations import NOT_IMPLEMENTED
from conformance.reports import DECLARATION_KIND, Basis, ReportInput, RequirementRow, requirement_document

NO_AUTOMATED_RUN = "自動検証が未実施 / no automated case ran"
NOT_DECLARED = "申告なし / not declared"
NO_EVIDENCE = "根拠なし / no case and no declaration"
OPTION_NOT_IMPLEMENTED = "標準オプション機能を実装しない旨の申告 / option declared not implemented"
CSV_HEADER = ("requirement", "title", "category", "method", "checks", "not_tested_reason", "cases", "verdict", "basis",
              "declared", "note")


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """A requirement that is neither covered by automated checks nor by a declaration with a reason."""

    requirement_id: str
    problem: str


def spec_coverage_gaps(spec: SpecBundle) -> list[CoverageGap]:
    """Requirements of `spec` with no way to be verified (an empty list means full coverage)."""
    gaps = []
    for requirement in spec.requirements:
        verification = requirement.verification
        if verification.method is VerificationMethod.AUTOMATED and not verification.checks:
            gaps.append(CoverageGap(requirement.id, "automated, but names no check families"))
        elif verification.method is VerificationMethod.DECLARATION and not (verification.reason or "").strip():
            gaps.append(CoverageGap(requirement.id, "declaration-only, but gives no not-tested reason"))
    return gaps


def requirement_rows(spec: SpecBundle, runs: Iterable[RunResult]) -> tuple[RequirementRow, ...]:
    """One coverage row per requirement of `spec`, with the cases of `runs` that cover it."""
    automated: dict[str, list[CaseResult]] = {}
    declared: dict[str, list[CaseResult]] = {}
    for run in runs:
        target = declared if run.kind == DECLARATION_KIND else automated
        for case in run.cases:
            for rid in case.requirement_ids:
                target.setdefault(rid, []).append(case)
    return tuple(_row(r, automated.get(r.id, []), declared.get(r.id, [])) for r in spec.requirements)


def _row(requirement: Requirement, automated: list[CaseResult], declared: list[CaseResult]) -> RequirementRow:
    answer = next((c.evidence.get("declared") for c in declared if c.evidence.get("declared")), None)
    verdict, basis, note = _judge(requirement, automated, declared, answer)
    return RequirementRow(
        requirement_id=requirement.id,
        title=requirement.title,
        verdict=verdict,
        basis=basis,
        case_ids=tuple(c.case_id for c in (*automated, *declared)),
        chapter=requirement.chapter,
        text=requirement.text,
        category=requirement.category,
        method=requirement.verification.method,
        checks=requirement.verification.checks,
        not_tested_reason=requirement.verification.reason,
        declared=answer,
        note=note,
    )


def _judge(
    requirement: Requirement, automated: list[CaseResult], declared: list[CaseResult], answer: str | None
) -> tuple[Verdict, Basis, str | None]:
    declared_verdicts = [c.verdict for c in declared]
    if requirement.category is Category.STANDARD_OPTION and answer == NOT_IMPLEMENTED:
        return rollup(declared_verdicts), Basis.DECLARED, OPTION_NOT_IMPLEMENTED
    if automated:
        return rollup([c.verdict for c in (*automated, *declared)]), Basis.AUTOMATED, None
    if requirement.verification.method is VerificationMethod.AUTOMATED:
        if declared:
            # A declaration alone does not decide an automated requirement; a declared fail still fails.
            return rollup([*declared_verdicts, Verdict.SKIP]), Basis.DECLARED, NO_AUTOMATED_RUN
        return Verdict.SKIP, Basis.NONE, NO_EVIDENCE
    if declared:
        return rollup(declared_verdicts), Basis.DECLARED, None
    return Verdict.SKIP, Basis.NONE, NOT_DECLARED


def coverage_document(
    business: str, spec: SpecBundle, rows: Iterable[RequirementRow], gaps: Iterable[CoverageGap]
) -> dict[str, Any]:
    """The JSON form of a coverage matrix: the spec, its static gaps, and one document per requirement row."""
    return {
        "business": business,
        "version": spec.meta.version_id,
        "gaps": [{"requirement": g.requirement_id, "problem": g.problem} for g in gaps],
        "rows": [requirement_document(row) for row in rows],
    }


def coverage_report(spec: SpecBundle, runs: Iterable[RunResult], rows: tuple[RequirementRow, ...]) -> ReportInput:
    """What a coverage workbook renders: the runs and the matrix, titled by the spec."""
    return ReportInput(runs=tuple(runs), requirements=rows, title=f"{spec.meta.label_ja} {spec.meta.version} coverage")


def run_report(run: RunResult, spec: SpecBundle | None = None) -> ReportInput:
    """What a report of one run renders; with its spec, the per-requirement rows of the matrix."""
    rows = requirement_rows(spec, (run,)) if spec is not None else ()
    return ReportInput(runs=(run,), requirements=rows, title=f"{run.subject.business} {run.subject.spec_version}")


def rows_to_csv(rows: Iterable[RequirementRow]) -> str:
    """The coverage matrix as CSV text (UTF-8, with a header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([
            row.requirement_id,
            row.title,
            row.category.value if row.category else "",
            row.method.value if row.method else "",
            " ".join(row.checks),
            row.not_tested_reason or "",
            " ".join(row.case_ids),
            row.verdict.value,
            row.basis.value,
            row.declared or "",
            row.note or "",
        ])
    return buffer.getvalue()
