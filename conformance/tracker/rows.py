"""Database rows → the tracker's typed records (and the records the store appends → rows): the one place.

`store` runs the queries and hands every row it reads to a function here, so no caller of the store
sees a row, a column name or a JSON column: they get frozen dataclasses. Columns are read by name
(each query labels what it selects), so a query may change its column order freely.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import RowMapping

from conformance.tracker.certification import CertificationRecord, record_from_mapping
from conformance.tracker.forecast import PaceObservation
from conformance.tracker.records import (
    AssignmentFields,
    AssignmentState,
    BodyRow,
    GridCell,
    HistoryEntry,
    ProductUse,
    RehearsalSummary,
    RollupRow,
)
from conformance.tracker.steps import STEP_COUNT, StepCounts, StepStatus

Row = RowMapping

FIELD_COLUMNS = (
    "current_system", "current_vendor", "product", "product_version", "product_vendor", "spec_version",
    "cloud_provider", "planned_cutover", "actual_cutover", "specific_support", "reason_code", "new_target_date",
)
"""The assignment columns that hold `AssignmentFields`, in the dataclass's field order."""

ROLLUP_COUNTS = ("systems", "done", "in_progress", "not_started", "not_applicable", "live", "specific_support")
"""The counts of a roll-up group, as labelled in roll-up queries and named in the snapshot table."""


def assignment_fields(row: Row) -> AssignmentFields:
    """The reported facts of an assignment row."""
    return AssignmentFields(**{name: row[name] for name in FIELD_COLUMNS})


def field_values(fields: AssignmentFields) -> tuple[Any, ...]:
    """The values of `FIELD_COLUMNS` for an assignment's facts."""
    return tuple(getattr(fields, name) for name in FIELD_COLUMNS)


def assignment_state(row: Row, reported: Mapping[int, StepStatus]) -> AssignmentState:
    """An assignment row with its reported step statuses (steps never reported are 未着手)."""
    steps = tuple(reported.get(n, StepStatus.NOT_STARTED) for n in range(1, STEP_COUNT + 1))
    return AssignmentState(
        id=row["id"], lg_code=row["lg_code"], business=row["business"], fields=assignment_fields(row), steps=steps,
        reported=frozenset(reported), as_of=row["as_of"], first_as_of=row["first_as_of"],
    )


def body_row(row: Row) -> BodyRow:
    """A body as the tracker lists it."""
    return BodyRow(row["lg_code"], row["name"], row["prefecture_code"], row["prefecture_name"], row["body_class"],
                   row["is_hoppo"])


def grid_cell(row: Row) -> GridCell:
    """A body × business cell: step counts (columns n_done …) and the headline facts."""
    counts = StepCounts(row["n_done"], row["n_in_progress"], row["n_not_started"], row["n_not_applicable"])
    return GridCell(row["lg_code"], row["business"], counts, bool(row["live"]), bool(row["specific_support"]),
                    row["reason_code"])


def rollup_row(dimension: str, row: Row) -> RollupRow:
    """A roll-up group: its `key` and the `ROLLUP_COUNTS` (from a roll-up query or a stored snapshot)."""
    key = str(row["key"])
    return RollupRow(dimension, key, key, *(int(row[name]) for name in ROLLUP_COUNTS))


def snapshot_values(import_id: int, as_of: date, rollup: RollupRow) -> dict[str, Any]:
    """The snapshot row of one roll-up group at an import."""
    return {"import_id": import_id, "as_of": as_of, "dimension": rollup.dimension, "key": rollup.key,
            **{name: getattr(rollup, name) for name in ROLLUP_COUNTS}}


def history_entry(row: Row) -> HistoryEntry:
    """One recorded change with the import it came from."""
    return HistoryEntry(row["import_id"], row["source"], row["actor"], row["imported_at"].isoformat(), row["lg_code"],
                        row["business"], row["field"], row["old_value"], row["new_value"], row["as_of"])


def product_use(row: Row) -> ProductUse:
    """A product version chosen for a business and spec version, with its `deployments` count."""
    return ProductUse(row["product_vendor"], row["product"], row["product_version"] or "", row["business"],
                      row["spec_version"] or "", int(row["deployments"]))


def pace_observation(row: Row) -> PaceObservation:
    """An assignment's first and latest as-of, steps complete now (`complete`), and steps `gained` since its first."""
    return PaceObservation(row["first_as_of"], row["as_of"], int(row["complete"]), int(row["gained"]))


def certification_record(row: Row) -> CertificationRecord:
    """A stored certification statement."""
    return record_from_mapping(dict(row))


def certification_values(import_id: int, record: CertificationRecord) -> dict[str, Any]:
    """The row that stores a certification statement (its status as the status word)."""
    return {"product": record.product, "product_version": record.product_version, "business": record.business,
            "spec_version": record.spec_version, "status": record.status.value, "evidence_ref": record.evidence_ref,
            "as_of": record.as_of, "import_id": import_id}


def rehearsal_summary(row: Row) -> RehearsalSummary:
    """A stored rehearsal (its counts are a JSON column)."""
    return RehearsalSummary(row["run_id"], row["kind"], row["spec_version"], row["verdict"], json.loads(row["counts"]),
                            row["finished_at"])


def rehearsal_values(import_id: int, assignment_id: int, summary: RehearsalSummary) -> dict[str, Any]:
    """The row that attaches a rehearsal summary to an assignment."""
    return {"import_id": import_id, "assignment_id": assignment_id, "run_id": summary.run_id, "kind": summary.kind,
            "spec_version": summary.spec_version, "verdict": summary.verdict,
            "counts": json.dumps(dict(summary.counts), sort_keys=True), "finished_at": summary.finished_at}
