"""Readiness rules and the forecast method (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from conformance.tracker import (
    AssignmentFields,
    CertificationRecord,
    CertificationStatus,
    Evidence,
    InMemoryCertificationLookup,
    Level,
    RehearsalSummary,
    StepStatus,
    assess,
)
from conformance.tracker.forecast import PaceObservation, national_prior, project, vendor_load  # the method's insides

D, N, X = StepStatus.DONE, StepStatus.NOT_STARTED, StepStatus.NOT_APPLICABLE
SPEC = "第4.0版"
PRODUCT = AssignmentFields(product="P", product_version="1.0", spec_version=SPEC, planned_cutover=date(2026, 1, 31))


def _lookup(status: CertificationStatus | None) -> InMemoryCertificationLookup:
    if status is None:
        return InMemoryCertificationLookup()
    return InMemoryCertificationLookup([CertificationRecord("P", "1.0", "resident-registry", SPEC, status, "ref",
                                                            date(2025, 6, 1))])


def _rehearsal(given: object) -> RehearsalSummary | None:
    """A stored rehearsal with the verdict of ``{"verdict": …}`` (None stays None)."""
    if given is None:
        return None
    assert isinstance(given, dict)
    return RehearsalSummary("run-1", "data", SPEC, given["verdict"], {}, datetime(2025, 7, 1, tzinfo=UTC))


def _evidence(steps: list[StepStatus], fields: AssignmentFields = PRODUCT, **kw: object) -> Evidence:
    return Evidence("resident-registry", fields, steps, kw.pop("as_of", date(2025, 7, 31)), SPEC,  # type: ignore[arg-type]
                    _rehearsal(kw.get("rehearsal")), kw.get("forecast"))  # type: ignore[arg-type]


def test_live_but_not_certified_is_contradicted() -> None:
    readiness = assess(_evidence([D] * 40), _lookup(CertificationStatus.NOT_CERTIFIED))
    assert (readiness.level, readiness.rule) == (Level.CONTRADICTED, "C-CERT")
    assert "適合未確認" in readiness.explanation_ja and "not certified" in readiness.explanation_en


def test_live_and_certified_with_passing_rehearsal_is_ready() -> None:
    readiness = assess(_evidence([D] * 40, rehearsal={"verdict": "pass"}), _lookup(CertificationStatus.CERTIFIED))
    assert (readiness.level, readiness.rule) == (Level.READY, "R-LIVE")
    failed = assess(_evidence([D] * 40, rehearsal={"verdict": "fail"}), _lookup(CertificationStatus.CERTIFIED))
    assert (failed.level, failed.rule) == (Level.CONTRADICTED, "C-REHEARSAL")


def test_live_without_certification_evidence_is_only_on_track() -> None:
    readiness = assess(_evidence([D] * 40), _lookup(None))
    assert (readiness.level, readiness.rule) == (Level.ON_TRACK, "O-EVIDENCE")


def test_step_done_before_its_prerequisite_is_contradicted() -> None:
    steps = [D] * 24 + [N] * 2 + [D] + [N] * 13  # 27 ベンダ選定 done, 25/26 not
    readiness = assess(_evidence(steps), _lookup(CertificationStatus.CERTIFIED))
    assert readiness.rule == "C-ORDER"
    assert {f.ja for f in readiness.flags if f.rule == "C-ORDER"} == {
        "手順27が完了済みだが、前提の手順25が未完了", "手順27が完了済みだが、前提の手順26が未完了"}


def test_late_at_risk_and_not_applicable() -> None:
    late = assess(_evidence([D] * 30 + [N] * 10, as_of=date(2026, 4, 30)), _lookup(CertificationStatus.CERTIFIED))
    assert (late.level, late.rule) == (Level.LATE, "L-DEADLINE")
    specific = AssignmentFields(specific_support=True, reason_code=4, new_target_date=date(2028, 3, 31))
    ok = assess(_evidence([D] * 10 + [N] * 30, specific, as_of=date(2026, 4, 30)), _lookup(None))
    assert ok.level is Level.ON_TRACK
    risky = assess(_evidence([D] * 30 + [N] * 10, forecast=date(2026, 6, 1)), _lookup(CertificationStatus.CERTIFIED))
    assert (risky.level, risky.rule) == (Level.AT_RISK, "A-FORECAST")
    na = assess(_evidence([X] * 40), _lookup(None))
    assert (na.level, na.rule, na.completion_rate) == (Level.NOT_APPLICABLE, "NA-ALL", 1.0)


def test_forecast_shrinks_sparse_history_to_the_national_prior() -> None:
    rich = PaceObservation(date(2025, 1, 31), date(2025, 7, 31), 30, 12)  # 12 steps in ~6 months
    sparse = PaceObservation(date(2025, 7, 31), date(2025, 7, 31), 20, 0)
    prior = national_prior([rich, sparse])
    assert prior == pytest.approx(12 / rich.months)
    forecast = project(sparse, prior)
    assert forecast.basis.startswith("national prior")
    assert forecast.pace == pytest.approx(prior)  # no own history: the prior alone
    expected_days = 20 / prior * 30.4375
    assert abs((forecast.projected - date(2025, 7, 31)).days - expected_days) <= 1  # type: ignore[operator]
    assert project(rich, prior).own_pace == pytest.approx(12 / rich.months)
    assert national_prior([sparse]) == 1.5


def test_vendor_load_counts_per_month() -> None:
    load = vendor_load([("A", date(2026, 1, 5)), ("A", date(2026, 1, 20)), ("B", date(2026, 2, 1)), ("B", None)])
    assert load == {"A": {"2026-01": 2}, "B": {"2026-02": 1}}
