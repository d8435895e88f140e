"""The verdict vocabulary and its one roll-up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conformance.domain.results import CaseResult, Finding, RunResult, Subject, Verdict, rollup


def test_rollup_of_nothing_decides_nothing() -> None:
    assert rollup([]) is Verdict.SKIP


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([Verdict.PASS, Verdict.PASS], Verdict.PASS),
        ([Verdict.PASS, Verdict.NOT_APPLICABLE], Verdict.PASS),
        ([Verdict.NOT_APPLICABLE], Verdict.NOT_APPLICABLE),
        ([Verdict.PASS, Verdict.WAIVED], Verdict.WAIVED),
        ([Verdict.WAIVED, Verdict.SKIP], Verdict.SKIP),
        ([Verdict.SKIP, Verdict.ERROR], Verdict.ERROR),
        ([Verdict.ERROR, Verdict.FAIL, Verdict.PASS], Verdict.FAIL),
    ],
)
def test_rollup_takes_the_highest(verdicts: list[Verdict], expected: Verdict) -> None:
    assert rollup(verdicts) is expected


def test_waived_is_never_pass() -> None:
    assert rollup([Verdict.WAIVED]) is not Verdict.PASS


def test_a_fail_needs_a_finding() -> None:
    with pytest.raises(ValueError, match="finding"):
        CaseResult("C-1", "x", Verdict.FAIL)


def test_an_error_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        CaseResult("C-1", "x", Verdict.ERROR)


def test_run_result_rolls_up_per_requirement() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    finding = Finding(code="DATA_CODE", message="not in code table", requirement_ids=("R-2",))
    run = RunResult(
        run_id="r1",
        kind="data",
        subject=Subject("resident-registry", "4.0"),
        started_at=now,
        finished_at=now,
        tool_version="0",
        cases=(
            CaseResult("C-1", "a", Verdict.PASS, ("R-1", "R-2")),
            CaseResult("C-2", "b", Verdict.FAIL, ("R-2",), (finding,)),
        ),
    )
    assert run.verdict is Verdict.FAIL
    assert run.requirement_verdicts() == {"R-1": Verdict.PASS, "R-2": Verdict.FAIL}
    assert run.counts()[Verdict.PASS] == 1
    assert sum(run.counts().values()) == 2


def test_run_result_round_trips_through_plain_data() -> None:
    from conformance.domain.results import Location
    from conformance.domain.results_codec import run_from_dict, run_to_dict

    now = datetime(2026, 1, 1, tzinfo=UTC)
    finding = Finding(
        "DATA_CODE", "m", ("R-2",), Location(file="kojin.csv", row=3, column="続柄"), "9*", {"code": "99"}
    )
    run = RunResult(
        "r1",
        "data",
        Subject("resident-registry", "4.0", "P", "1"),
        now,
        now,
        "0.1",
        (CaseResult("C-2", "b", Verdict.FAIL, ("R-2",), (finding,)),),
    )
    data = run_to_dict(run)
    assert data["verdict"] == "fail"
    assert run_from_dict(data) == run
