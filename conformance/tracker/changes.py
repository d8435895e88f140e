"""Compare reported rows with the stored state: the changes to record, or why the rows are refused.

Pure: the store calls `plan_changes` inside its import transaction, after taking the import lock,
so the comparison is made against the state no other import can change meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from conformance.tracker.records import (
    FIELD_NAMES,
    AssignmentFields,
    AssignmentState,
    Problem,
    ReportedRow,
)
from conformance.tracker.steps import GO_LIVE_STEP, StepCounts, StepStatus


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one assignment changing; steps are fields named ``step:NN``."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class AssignmentChange:
    """The new state of one assignment and the field changes that lead to it."""

    assignment_id: int
    fields: AssignmentFields
    steps: tuple[StepStatus, ...]
    changed_steps: tuple[int, ...]
    new_step_rows: tuple[int, ...]
    as_of: date
    first_as_of: date
    changes: tuple[FieldChange, ...]

    @property
    def counts(self) -> StepCounts:
        """Step counts of the new state."""
        return StepCounts.of(self.steps)

    @property
    def live(self) -> bool:
        """In production: go-live step done or an actual cut-over date reported."""
        return self.steps[GO_LIVE_STEP - 1] is StepStatus.DONE or self.fields.actual_cutover is not None


def step_field(number: int) -> str:
    """The history field name of a step, e.g. ``step:24``."""
    return _STEP_FIELDS[number]


_STEP_FIELDS = {n: f"step:{n:02d}" for n in range(1, 41)}
_STATUS_VALUE = {s: s.value for s in StepStatus}  # Enum.value is a slow descriptor; 1.2 M look-ups per import


def render(value: object) -> str | None:
    """How a field value is written into history (ISO dates, 1/0 booleans, None kept)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def plan_changes(
    rows: Sequence[ReportedRow],
    current: Mapping[tuple[str, str], AssignmentState],
    file: str = "",
    *,
    allow_backwards: bool = False,
) -> tuple[list[AssignmentChange], list[Problem]]:
    """The changes `rows` make to `current`, or every problem that forbids them.

    A step going backwards (完了済み → 作業中/未着手, 作業中 → 未着手) is refused unless
    `allow_backwards`; so is a report older than what is stored for that assignment.
    """
    changes: list[AssignmentChange] = []
    problems: list[Problem] = []
    for row in rows:
        state = current.get((row.lg_code, row.business))
        if state is None:
            problems.append(Problem("unknown_assignment", f"{row.lg_code} × {row.business} is not tracked",
                                    file, None, row.row))
            continue
        row_problems = _regressions(row, state, file) if not allow_backwards else []
        if row_problems:
            problems.extend(row_problems)
            continue
        change = _change(row, state)
        if change is not None:
            changes.append(change)
    return changes, problems


def _regressions(row: ReportedRow, state: AssignmentState, file: str) -> list[Problem]:
    problems: list[Problem] = []
    if state.as_of is not None and row.as_of < state.as_of:
        problems.append(Problem(
            "older_than_stored", f"as-of {row.as_of} is older than the stored report of {state.as_of}",
            file, None, row.row, "基準日"))
    if state.steps == row.steps:
        return problems
    for number, (old, new) in enumerate(zip(state.steps, row.steps, strict=True), start=1):
        if old is not new and new.rank < old.rank:
            problems.append(Problem(
                "step_backwards",
                f"step {number} would go back from {old.label_ja} to {new.label_ja} "
                "(use --allow-backwards to correct a mistaken report)",
                file, None, row.row, f"S{number:02d}"))
    return problems


def _change(row: ReportedRow, state: AssignmentState) -> AssignmentChange | None:
    field_changes: list[FieldChange] = []
    if state.fields != row.fields:
        for name in FIELD_NAMES:
            old, new = render(getattr(state.fields, name)), render(getattr(row.fields, name))
            if old != new:
                field_changes.append(FieldChange(name, old, new))
    changed_steps: list[int] = []
    new_rows: list[int] = []
    pairs = () if state.steps == row.steps else zip(state.steps, row.steps, strict=True)
    for number, (old, new) in enumerate(pairs, start=1):
        if old is not new:
            changed_steps.append(number)
            field_changes.append(FieldChange(_STEP_FIELDS[number], _STATUS_VALUE[old], _STATUS_VALUE[new]))
            if number not in state.reported:
                new_rows.append(number)
    if not field_changes:
        return None
    return AssignmentChange(
        assignment_id=state.id,
        fields=row.fields,
        steps=row.steps,
        changed_steps=tuple(changed_steps),
        new_step_rows=tuple(new_rows),
        as_of=max(row.as_of, state.as_of) if state.as_of else row.as_of,
        first_as_of=state.first_as_of or row.as_of,
        changes=tuple(field_changes),
    )
