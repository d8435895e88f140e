"""The migration tracker (移行進捗管理): every body × business × 40 PMO steps, with readiness.

Public API (what the CLI, the web dashboard and the benchmarks use; import it from here):

- `TrackerService`: commands (init, imports, evidence) and queries (grids, details, roll-ups, history,
  forecast), with the view records it returns (`PrefectureGrid`, `AssignmentView`, `ForecastReport`, `AtRisk`).
- `TrackerStore`, `make_engine`, `DEFAULT_URL`, `DIMENSIONS`: the database (SQLite file or PostgreSQL, Alembic
  migrations) and the roll-up dimensions.
- The records the store and service return: `AssignmentFields`, `AssignmentState`, `BodyRow`, `GridCell`,
  `RollupRow`, `HistoryEntry`, `ProductUse`, `RehearsalSummary`, `TableCounts`, `ImportSummary`,
  `CertificationsImported`, `RehearsalAttached`, `ReportedRow`; `DEADLINE`, `REASON_CODES`.
- `InputRejectedError`, `Problem`: why an input was refused (nothing is written).
- Steps: `STEPS`, `STEP_COUNT`, `StepStatus`, `StepCounts`.
- Readiness: `assess`, `Evidence`, `Readiness`, `Flag`, `Level`, and the rules table `READINESS_RULES`.
- Certification: `CertificationLookup`, `InMemoryCertificationLookup`, `CertificationRecord`, `CertificationStatus`.
- Files: `import_workbook` (a workbook into a store), `header_row`, `rows_iter`, `COLUMNS`, `SHEET` (the workbook
  layout); `EXPORT_VIEWS`, `export_view` (Excel exports); the JSON documents of ``status --json`` and
  ``forecast --json`` (`rollup_document`, `grid_document`, `body_document`, `forecast_document`, `to_json`).
- The synthetic demo: `synthetic_reports`, `SYNTHETIC_LABEL_JA`, `SYNTHETIC_LABEL_EN`.
"""

from __future__ import annotations

from conformance.storage import make_engine
from conformance.tracker.certification import (
    CertificationLookup,
    CertificationRecord,
    CertificationStatus,
    InMemoryCertificationLookup,
)
from conformance.tracker.demo import SYNTHETIC_LABEL_EN, SYNTHETIC_LABEL_JA, synthetic_reports
from conformance.tracker.export import EXPORT_VIEWS, export_view
from conformance.tracker.importer import import_workbook
from conformance.tracker.payloads import body_document, forecast_document, grid_document, rollup_document, to_json
from conformance.tracker.readiness import READINESS_RULES, Evidence, Flag, Level, Readiness, assess
from conformance.tracker.records import (
    DEADLINE,
    REASON_CODES,
    AssignmentFields,
    AssignmentState,
    BodyRow,
    CertificationsImported,
    GridCell,
    HistoryEntry,
    ImportSummary,
    InputRejectedError,
    Problem,
    ProductUse,
    RehearsalAttached,
    RehearsalSummary,
    ReportedRow,
    RollupRow,
    TableCounts,
)
from conformance.tracker.service import AssignmentView, AtRisk, ForecastReport, PrefectureGrid, TrackerService
from conformance.tracker.steps import STEP_COUNT, STEPS, StepCounts, StepStatus
from conformance.tracker.store import DEFAULT_URL, DIMENSIONS, TrackerStore
from conformance.tracker.workbook import COLUMNS, SHEET, header_row, rows_iter

__all__ = [
    "COLUMNS",
    "DEADLINE",
    "DEFAULT_URL",
    "DIMENSIONS",
    "EXPORT_VIEWS",
    "READINESS_RULES",
    "REASON_CODES",
    "SHEET",
    "STEPS",
    "STEP_COUNT",
    "SYNTHETIC_LABEL_EN",
    "SYNTHETIC_LABEL_JA",
    "AssignmentFields",
    "AssignmentState",
    "AssignmentView",
    "AtRisk",
    "BodyRow",
    "CertificationLookup",
    "CertificationRecord",
    "CertificationStatus",
    "CertificationsImported",
    "Evidence",
    "Flag",
    "ForecastReport",
    "GridCell",
    "HistoryEntry",
    "ImportSummary",
    "InMemoryCertificationLookup",
    "InputRejectedError",
    "Level",
    "PrefectureGrid",
    "Problem",
    "ProductUse",
    "Readiness",
    "RehearsalAttached",
    "RehearsalSummary",
    "ReportedRow",
    "RollupRow",
    "StepCounts",
    "StepStatus",
    "TableCounts",
    "TrackerService",
    "TrackerStore",
    "assess",
    "body_document",
    "export_view",
    "forecast_document",
    "grid_document",
    "header_row",
    "import_workbook",
    "make_engine",
    "rollup_document",
    "rows_iter",
    "synthetic_reports",
    "to_json",
]
