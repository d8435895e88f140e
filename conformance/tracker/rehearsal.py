"""Summarise a data-conformance run for the tracker: verdict, counts, run id — never personal data."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.domain.results import RunResult
from conformance.domain.results_codec import run_from_dict
from conformance.tracker.records import Problem, RehearsalSummary


def load_run(path: Path) -> tuple[RunResult | None, list[Problem]]:
    """Read a RunResult JSON (the shared codec); a problem instead when it is malformed."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            raise TypeError(f"the file holds a JSON {type(document).__name__}, not an object")
        return run_from_dict(document), []
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        return None, [Problem("bad_run", f"not a RunResult JSON: {type(error).__name__}: {error}", path.name)]


def summarise(run: RunResult) -> RehearsalSummary:
    """The only facts the tracker keeps about a run (findings and their values are dropped)."""
    return RehearsalSummary(
        run_id=run.run_id,
        kind=run.kind,
        spec_version=run.subject.spec_version,
        verdict=run.verdict.value,
        counts={verdict.value: count for verdict, count in run.counts().items()},
        finished_at=run.finished_at,
    )
