"""Writes from the dashboard: each goes through the tracker service's import path, so the history
records who (the signed-in user), when, and what (field, before, after) like any workbook import."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conformance.tracker import STEP_COUNT, ImportSummary, ReportedRow, StepStatus, TrackerService
from conformance.web.accounts import Principal

EDITABLE_FIELDS = ("product", "product_version", "product_vendor", "planned_cutover")
"""Assignment fields the dashboard may change (the rest comes from workbook imports)."""


def update_fields(
    service: TrackerService,
    user: Principal,
    *,
    lg_code: str,
    business: str,
    values: dict[str, str],
    today: date | None = None,
) -> ImportSummary:
    """Change editable fields of one assignment (blank = cleared); raises LookupError, ValueError or
    InputRejectedError. Recorded in the history with the user's name like any import."""
    state = service.assignment_state(lg_code, business)
    if state is None:
        raise LookupError(f"{lg_code} × {business} is not tracked")
    changes: dict[str, object] = {}
    for name, raw in values.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        text = raw.strip()[:100]
        if name == "planned_cutover":
            changes[name] = date.fromisoformat(text) if text else None
        else:
            changes[name] = text or None
    as_of = max(today or date.today(), state.as_of or date.min)
    row = ReportedRow(lg_code, business, replace(state.fields, **changes), state.steps, as_of, 1)  # type: ignore[arg-type]
    return service.apply_edit(row, actor=user.username, source=f"dashboard: {lg_code} {business} fields")


def update_step(
    service: TrackerService,
    user: Principal,
    *,
    lg_code: str,
    business: str,
    number: int,
    status: StepStatus,
    today: date | None = None,
) -> ImportSummary:
    """Set one step of one assignment; raises LookupError (unknown) or InputRejectedError (refused, e.g. backwards)."""
    if not 1 <= number <= STEP_COUNT:
        raise LookupError(f"step must be 1..{STEP_COUNT}")
    state = service.assignment_state(lg_code, business)
    if state is None:
        raise LookupError(f"{lg_code} × {business} is not tracked")
    steps = list(state.steps)
    steps[number - 1] = status
    as_of = today or date.today()
    if state.as_of is not None and as_of < state.as_of:
        as_of = state.as_of
    row = replace(ReportedRow(lg_code, business, state.fields, tuple(steps), as_of), row=1)
    return service.apply_edit(row, actor=user.username, source=f"dashboard: {lg_code} {business} step {number:02d}")
