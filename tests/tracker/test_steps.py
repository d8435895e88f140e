"""The step model and the dashboard's rate formulas."""

from __future__ import annotations

import pytest

from conformance.tracker import STEPS, StepCounts, StepStatus
from conformance.tracker.steps import parse_status, step  # the steps module's helpers


def test_forty_steps_numbered_and_confirmed_names_kept() -> None:
    assert [s.number for s in STEPS] == list(range(1, 41))
    assert step(24).name_ja == "RFPベンダー質問回答"
    assert step(25).name_ja == "ベンダーからのRFP回答"
    with pytest.raises(ValueError, match=r"1\.\.40"):
        step(41)


def test_completion_rate_is_done_plus_not_applicable_over_40() -> None:
    statuses = [StepStatus.DONE] * 20 + [StepStatus.NOT_APPLICABLE] * 3 + [StepStatus.IN_PROGRESS] * 2
    counts = StepCounts.of(statuses)
    assert (counts.done, counts.not_applicable, counts.in_progress, counts.not_started) == (20, 3, 2, 15)
    assert counts.completion_rate == pytest.approx(23 / 40)
    assert counts.in_progress_rate == pytest.approx(2 / 40)
    assert counts.not_started_rate == pytest.approx(15 / 40)


@pytest.mark.parametrize(("text", "expected"), [
    ("完了済み", StepStatus.DONE), ("作業中", StepStatus.IN_PROGRESS), ("", StepStatus.NOT_STARTED),
    ("対象外", StepStatus.NOT_APPLICABLE), (" DONE ", StepStatus.DONE), ("済", None),
])
def test_parse_status(text: str, expected: StepStatus | None) -> None:
    assert parse_status(text) is expected
