"""What a report shows: finished runs plus, optionally, one row per requirement (coverage and verdict).

Reports only read these values; they never run checks, read specs from disk or call the network.
The requirement rows are computed by the caller (`conformance.evidence.coverage`) from a SpecBundle
and the runs; without them a report falls back to the requirement IDs the cases name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conformance.domain.results import RunResult, Verdict, rollup
from conformance.domain.spec import Category, VerificationMethod

REPORT_FORMAT = 1
DECLARATION_KIND = "declaration"


class Basis(StrEnum):
    """What a requirement's verdict rests on."""

    AUTOMATED = "automated"
    DECLARED = "declared"
    NONE = "none"

    @property
    def label_ja(self) -> str:
        """Japanese label: 自動検証 / 申告のみ / 根拠なし."""
        return {Basis.AUTOMATED: "自動検証", Basis.DECLARED: "申告のみ", Basis.NONE: "根拠なし"}[self]

    @property
    def label_en(self) -> str:
        """English label."""
        return {
            Basis.AUTOMATED: "verified by automated case",
            Basis.DECLARED: "declared only",
            Basis.NONE: "no evidence",
        }[self]


@dataclass(frozen=True, slots=True)
class RequirementRow:
    """One requirement as a report shows it.

    Attributes:
        requirement_id: the requirement's ID.
        title: 機能名称.
        verdict: roll-up over every case that covers it (skip when nothing does).
        basis: automated case, declaration only, or nothing.
        case_ids: the cases (of the runs shown) that cover it.
        chapter: 大項目 / 中項目 / 小項目.
        text: 機能要件 (the requirement text).
        category: 実装区分, when the spec is known.
        method: how the spec says it is verified.
        checks: the automated check families the spec names.
        not_tested_reason: why it is not tested automatically (declaration-only requirements).
        declared: the vendor's answer (実装 / 未実装), when a declaration was given.
        note: why the verdict is what it is when no case says so (e.g. "no automated case ran").
    """

    requirement_id: str
    title: str
    verdict: Verdict
    basis: Basis
    case_ids: tuple[str, ...] = ()
    chapter: tuple[str, ...] = ()
    text: str = ""
    category: Category | None = None
    method: VerificationMethod | None = None
    checks: tuple[str, ...] = ()
    not_tested_reason: str | None = None
    declared: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ReportInput:
    """Everything one report renders.

    Attributes:
        runs: the finished runs (one for a run report; several for a product's certification report).
        requirements: per-requirement rows; empty means "derive them from the cases".
        title: a heading, e.g. the product and business.
        status: the certification status label, when the report is part of a certification.
        status_reasons: why the status is what it is (one line per blocking requirement).
    """

    runs: tuple[RunResult, ...]
    requirements: tuple[RequirementRow, ...] = ()
    title: str = ""
    status: str | None = None
    status_reasons: tuple[str, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """The roll-up over every case of every run."""
        return rollup(case.verdict for run in self.runs for case in run.cases)

    def rows(self) -> tuple[RequirementRow, ...]:
        """The requirement rows given, or rows derived from the case's requirement IDs."""
        if self.requirements:
            return self.requirements
        return rows_from_runs(self.runs)


def rows_from_runs(runs: tuple[RunResult, ...]) -> tuple[RequirementRow, ...]:
    """Requirement rows built from the cases alone (no spec: no category, title is the ID)."""
    verdicts: dict[str, list[Verdict]] = {}
    cases: dict[str, list[str]] = {}
    automated: set[str] = set()
    for run in runs:
        for case in run.cases:
            for rid in case.requirement_ids:
                verdicts.setdefault(rid, []).append(case.verdict)
                cases.setdefault(rid, []).append(case.case_id)
                if run.kind != DECLARATION_KIND:
                    automated.add(rid)
    return tuple(
        RequirementRow(
            requirement_id=rid,
            title=rid,
            verdict=rollup(verdicts[rid]),
            basis=Basis.AUTOMATED if rid in automated else Basis.DECLARED,
            case_ids=tuple(cases[rid]),
        )
        for rid in sorted(verdicts)
    )
