"""Regressions and fixes between two runs, matched by stable case ID."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.domain.results import RunResult, Verdict

GOOD = frozenset({Verdict.PASS, Verdict.NOT_APPLICABLE})
BAD = frozenset({Verdict.FAIL, Verdict.ERROR})


@dataclass(frozen=True, slots=True)
class CaseChange:
    """One case whose verdict differs between the two runs (None: absent from that run)."""

    case_id: str
    title: str
    before: Verdict | None
    after: Verdict | None

    @property
    def kind(self) -> str:
        """regression (now fail/error; includes a new failing case), fix, added, removed, or changed."""
        if self.before is None:
            return "regression" if self.after in BAD else "added"
        if self.after is None:
            return "removed"
        if self.after in BAD and self.before not in BAD:
            return "regression"
        if self.before in BAD and self.after not in BAD:
            return "fix"
        return "changed"


@dataclass(frozen=True, slots=True)
class RunDiff:
    """Every case change from run A to run B."""

    run_a: str
    run_b: str
    changes: tuple[CaseChange, ...]

    def of(self, kind: str) -> list[CaseChange]:
        """The changes of one kind (regression, fix, added, removed, changed)."""
        return [c for c in self.changes if c.kind == kind]

    @property
    def regressions(self) -> list[CaseChange]:
        """Cases that did not fail or error in A (or were absent) and fail or error in B."""
        return self.of("regression")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "counts": {k: len(self.of(k)) for k in ("regression", "fix", "added", "removed", "changed")},
            "changes": [
                {
                    "case_id": c.case_id,
                    "title": c.title,
                    "kind": c.kind,
                    "before": c.before.value if c.before else None,
                    "after": c.after.value if c.after else None,
                }
                for c in self.changes
            ],
        }


def diff_runs(run_a: RunResult, run_b: RunResult) -> RunDiff:
    """Compare two runs case by case (the same suite on two product versions, or twice over time)."""
    before = {c.case_id: c for c in run_a.cases}
    after = {c.case_id: c for c in run_b.cases}
    changes: list[CaseChange] = []
    for case_id in sorted(set(before) | set(after)):
        old, new = before.get(case_id), after.get(case_id)
        if old is not None and new is not None and old.verdict is new.verdict:
            continue
        either = new if new is not None else old
        title = either.title if either is not None else case_id
        changes.append(
            CaseChange(case_id, title, old.verdict if old else None, new.verdict if new else None)
        )
    return RunDiff(run_a.run_id, run_b.run_id, tuple(changes))
