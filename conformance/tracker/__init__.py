"""The migration tracker (移行進捗管理): every body × business × 40 PMO steps, with readiness.

Public API (what the CLI and the web dashboard use):

- `make_engine(url)`, `TrackerStore`: the database (SQLite file or PostgreSQL, Alembic migrations).
- `TrackerService`: commands (init, import) and queries (grids, details, roll-ups, history, forecast).
- `InputRejectedError`, `Problem`: why an input was refused (nothing is written).
- `CertificationLookup`, `InMemoryCertificationLookup`: the link to certification results.
- `Level`, `Readiness`: readiness per assignment and the rule that produced it.
"""

from __future__ import annotations

from conformance.storage import make_engine
from conformance.tracker.certification import CertificationLookup, InMemoryCertificationLookup
from conformance.tracker.readiness import READINESS_RULES, Level, Readiness
from conformance.tracker.records import DEADLINE, InputRejectedError, Problem
from conformance.tracker.service import TrackerService
from conformance.tracker.steps import STEPS, StepStatus
from conformance.tracker.store import TrackerStore

__all__ = [
    "DEADLINE",
    "READINESS_RULES",
    "STEPS",
    "CertificationLookup",
    "InMemoryCertificationLookup",
    "InputRejectedError",
    "Level",
    "Problem",
    "Readiness",
    "StepStatus",
    "TrackerService",
    "TrackerStore",
    "make_engine",
]
