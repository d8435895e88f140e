"""Plain records the tracker passes around: what a workbook reports, what the store holds, problems.

These are the shapes the CLI and the web dashboard consume; no SQL or file access here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from conformance.tracker.steps import STEP_COUNT, StepCounts, StepStatus

DEADLINE = date(2026, 3, 31)
"""End of FY2025 (令和7年度末): the deadline for every system not designated 特定移行支援."""

REASON_CODES: dict[int, tuple[str, str]] = {
    1: ("メインフレーム", "Mainframe"),
    2: ("個別開発", "Individually developed system"),
    3: ("標準準拠製品・代替手段がない", "No compliant product or alternative"),
    4: ("事業者のリソース不足", "Vendor resource shortage"),
}
"""The four reasons a system is designated 特定移行支援システム (brief §8.4)."""


@dataclass(frozen=True, slots=True)
class AssignmentFields:
    """The reported facts of one body × business, besides its steps."""

    current_system: str | None = None
    current_vendor: str | None = None
    product: str | None = None
    product_version: str | None = None
    product_vendor: str | None = None
    spec_version: str | None = None
    cloud_provider: str | None = None
    planned_cutover: date | None = None
    actual_cutover: date | None = None
    specific_support: bool = False
    reason_code: int | None = None
    new_target_date: date | None = None

    @property
    def target_date(self) -> date:
        """The date this system must be live by: its new target if 特定移行支援, else the deadline."""
        if self.specific_support and self.new_target_date is not None:
            return self.new_target_date
        return DEADLINE


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(AssignmentFields))


def no_steps() -> tuple[StepStatus, ...]:
    """Forty 未着手 statuses: the state of an assignment nobody has reported on."""
    return (StepStatus.NOT_STARTED,) * STEP_COUNT


@dataclass(frozen=True, slots=True)
class ReportedRow:
    """One validated row of an import: what a body reports for one business at one date."""

    lg_code: str
    business: str
    fields: AssignmentFields
    steps: tuple[StepStatus, ...]
    as_of: date
    row: int = 0


@dataclass(frozen=True, slots=True)
class AssignmentState:
    """What the store currently holds for one body × business."""

    id: int
    lg_code: str
    business: str
    fields: AssignmentFields
    steps: tuple[StepStatus, ...]
    reported: frozenset[int]
    as_of: date | None
    first_as_of: date | None


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason an input was rejected: what and where (file, sheet, row, column)."""

    code: str
    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def render(self) -> str:
        """``file:sheet:row:column: [code] message`` with the parts that are known."""
        where = ":".join(
            part
            for part in (self.file, self.sheet, None if self.row is None else f"row {self.row}", self.column)
            if part
        )
        return f"{where}: [{self.code}] {self.message}" if where else f"[{self.code}] {self.message}"


class InputRejectedError(Exception):
    """An input was refused as a whole; nothing was written. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was written")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an accepted import did. `import_id` is None when nothing changed (nothing is recorded)."""

    import_id: int | None
    rows: int
    assignments_changed: int
    changes: int


@dataclass(frozen=True, slots=True)
class GridCell:
    """One body × business in a grid: the step counts and the headline facts."""

    lg_code: str
    business: str
    counts: StepCounts
    live: bool
    specific_support: bool
    reason_code: int | None

    @property
    def completion_rate(self) -> float:
        """完了率 as on the MIC dashboard."""
        return self.counts.completion_rate


@dataclass(frozen=True, slots=True)
class BodyRow:
    """A body as the tracker lists it."""

    lg_code: str
    name: str
    prefecture_code: str
    prefecture_name: str
    body_class: str
    is_hoppo: bool


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One recorded change: who, when, what, from which import."""

    import_id: int
    source: str
    actor: str
    imported_at: str
    lg_code: str
    business: str
    field: str
    old_value: str | None
    new_value: str | None
    as_of: date


@dataclass(frozen=True, slots=True)
class RollupRow:
    """Aggregated step counts over a group of systems (fully 対象外 systems are excluded)."""

    dimension: str
    key: str
    label: str
    systems: int
    done: int
    in_progress: int
    not_started: int
    not_applicable: int
    live: int
    specific_support: int

    @property
    def completion_rate(self) -> float:
        """Mean 完了率 over the group's systems (= total done + 対象外 steps / (40 × systems))."""
        return (self.done + self.not_applicable) / (STEP_COUNT * self.systems) if self.systems else 0.0

    @property
    def in_progress_rate(self) -> float:
        """Mean 作業中率."""
        return self.in_progress / (STEP_COUNT * self.systems) if self.systems else 0.0

    @property
    def specific_support_share(self) -> float:
        """Share of systems designated 特定移行支援."""
        return self.specific_support / self.systems if self.systems else 0.0


@dataclass(frozen=True, slots=True)
class ProductUse:
    """One product version chosen for one business and spec version, and by how many bodies."""

    vendor: str
    product: str
    product_version: str
    business: str
    spec_version: str
    deployments: int


@dataclass(frozen=True, slots=True)
class RehearsalSummary:
    """What the tracker keeps of one data-conformance run (a migration-data rehearsal): never findings or values."""

    run_id: str
    kind: str
    spec_version: str
    verdict: str
    counts: Mapping[str, int]
    finished_at: datetime


@dataclass(frozen=True, slots=True)
class TableCounts:
    """Row counts of the tracker's main tables."""

    bodies: int
    counted_bodies: int
    assignments: int
    step_rows: int
    history: int
    imports: int


@dataclass(frozen=True, slots=True)
class CertificationsImported:
    """What an accepted certification file added: the import that records it and how many records."""

    import_id: int
    records: int


@dataclass(frozen=True, slots=True)
class RehearsalAttached:
    """A run attached to an assignment: its id and verdict, and whether it was new (a known run is skipped)."""

    run_id: str
    verdict: str
    added: bool
