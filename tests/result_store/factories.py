"""RunResults built by the tests themselves (any kind: data validation, declaration, linkage)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conformance.domain.results import CaseResult, Finding, Location, RunResult, Subject, Verdict

T0 = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def case(
    case_id: str,
    verdict: Verdict = Verdict.PASS,
    requirements: tuple[str, ...] = (),
    *,
    finding_value: str | None = "山***",
    evidence: dict[str, str] | None = None,
) -> CaseResult:
    """One case; a fail gets a finding with a file/row/column location and a masked value."""
    findings: tuple[Finding, ...] = ()
    if verdict is Verdict.FAIL:
        findings = (
            Finding(
                code="DATA-LENGTH",
                message=f"{case_id}: value longer than allowed",
                requirement_ids=requirements,
                location=Location(file="kojin.csv", row=12, column="氏名"),
                value=finding_value,
                params={"max": 20},
            ),
        )
    reason = "tool failed" if verdict in (Verdict.ERROR, Verdict.SKIP) else None
    return CaseResult(
        case_id=case_id,
        title=f"ケース {case_id}",
        verdict=verdict,
        requirement_ids=requirements,
        findings=findings,
        reason=reason,
        evidence=evidence or {},
    )


def run(
    run_id: str,
    cases: tuple[CaseResult, ...],
    *,
    kind: str = "data",
    business: str = "resident-registry",
    spec_version: str = "4.0",
    product: str | None = "Acme住民記録",
    product_version: str | None = "1.0",
    minutes: int = 0,
    target: str | None = None,
) -> RunResult:
    """A run started `minutes` after T0."""
    start = T0 + timedelta(minutes=minutes)
    return RunResult(
        run_id=run_id,
        kind=kind,
        subject=Subject(business, spec_version, product, product_version, target),
        started_at=start,
        finished_at=start + timedelta(seconds=30),
        tool_version="0.1.0",
        cases=cases,
    )
