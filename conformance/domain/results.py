"""The result vocabulary every suite reports through: Verdict, Finding, CaseResult, RunResult.

One pure roll-up (`rollup`) turns many verdicts into one, so a requirement, a suite, a business,
a product and a municipality's evidence are all summarised the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Verdict(StrEnum):
    """The closed set of outcomes of a case.

    - pass: the vendor conforms on what this case checks.
    - fail: the vendor does not conform (there is at least one Finding).
    - error: the tool, its configuration or the environment failed — never the vendor's non-conformance.
    - skip: could not be decided (e.g. a precondition was not met).
    - not_applicable: the case does not apply to this target.
    - waived: a fail covered by a justified, approved, unexpired waiver. Never counted as pass.
    """

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    SKIP = "skip"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"

    @property
    def label_ja(self) -> str:
        """The Japanese label used in reports and the dashboard."""
        return _LABELS_JA[self]


_LABELS_JA: dict[Verdict, str] = {
    Verdict.PASS: "合格",
    Verdict.FAIL: "不合格",
    Verdict.ERROR: "実行エラー",
    Verdict.SKIP: "判定不能",
    Verdict.NOT_APPLICABLE: "対象外",
    Verdict.WAIVED: "適用除外",
}

# Highest first: the roll-up of several verdicts is the highest one present.
ROLLUP_ORDER: tuple[Verdict, ...] = (
    Verdict.FAIL,
    Verdict.ERROR,
    Verdict.SKIP,
    Verdict.WAIVED,
    Verdict.PASS,
    Verdict.NOT_APPLICABLE,
)


def rollup(verdicts: Iterable[Verdict]) -> Verdict:
    """Summarise many verdicts into one.

    A fail anywhere makes the whole fail; otherwise an error, then an undecided skip, then a
    waiver dominates. Only passes (and not-applicable cases) give pass. Nothing at all, or only
    not-applicable cases, gives not_applicable when there was something and skip when empty:
    an empty set of evidence decides nothing.
    """
    present = set(verdicts)
    if not present:
        return Verdict.SKIP
    for verdict in ROLLUP_ORDER:
        if verdict in present:
            return verdict
    raise AssertionError("unreachable: every Verdict is in ROLLUP_ORDER")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding was observed: a file cell, or an HTTP exchange, or a spec position."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    request: str | None = None
    pointer: str | None = None

    def describe(self) -> str:
        """A short human-readable rendering, e.g. ``kojin.csv:12:氏名``."""
        parts = [p for p in (self.file, str(self.row) if self.row is not None else None, self.column) if p]
        text = ":".join(parts)
        if self.request:
            text = f"{text} {self.request}".strip()
        if self.pointer:
            text = f"{text} {self.pointer}".strip()
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One observed non-conformance.

    Attributes:
        code: stable finding code, documented in docs/reference/finding-codes.md.
        message: rendered message; never contains unmasked personal data or secrets.
        requirement_ids: the requirements this finding bears on.
        location: where it was observed.
        value: the offending value, already masked where it is personal data.
        params: structured parameters of the message (stored so reports can re-render).
    """

    code: str
    message: str
    requirement_ids: tuple[str, ...] = ()
    location: Location = field(default_factory=Location)
    value: str | None = None
    params: Mapping[str, str | int | float | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The outcome of one executed case."""

    case_id: str
    title: str
    verdict: Verdict
    requirement_ids: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    reason: str | None = None
    duration_ms: float = 0.0
    evidence: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict is Verdict.FAIL and not self.findings:
            raise ValueError(f"case {self.case_id}: a fail must carry at least one finding")
        if self.verdict in (Verdict.ERROR, Verdict.SKIP) and not self.reason:
            raise ValueError(f"case {self.case_id}: {self.verdict} needs a reason")


@dataclass(frozen=True, slots=True)
class Subject:
    """What a run was about: a business and spec version, and optionally a product or delivery."""

    business: str
    spec_version: str
    product: str | None = None
    product_version: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one run produced. Reports, the store and the tracker only read it."""

    run_id: str
    kind: str
    subject: Subject
    started_at: datetime
    finished_at: datetime
    tool_version: str
    cases: tuple[CaseResult, ...]

    @property
    def verdict(self) -> Verdict:
        """The roll-up of every case's verdict."""
        return rollup(case.verdict for case in self.cases)

    def counts(self) -> dict[Verdict, int]:
        """How many cases ended in each verdict (every verdict present as a key)."""
        tally = Counter(case.verdict for case in self.cases)
        return {verdict: tally.get(verdict, 0) for verdict in Verdict}

    def requirement_verdicts(self) -> dict[str, Verdict]:
        """The roll-up per requirement ID over the cases that verify it."""
        by_requirement: dict[str, list[Verdict]] = {}
        for case in self.cases:
            for requirement_id in case.requirement_ids:
                by_requirement.setdefault(requirement_id, []).append(case.verdict)
        return {rid: rollup(verdicts) for rid, verdicts in sorted(by_requirement.items())}
