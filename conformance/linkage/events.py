"""Serialisable events the runner yields; the CLI's progress bar and summary consume them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from conformance.domain.results import RunResult


@dataclass(frozen=True, slots=True)
class BusinessStarted:
    """A business's run begins; `cases` is how many cases it will report."""

    business: str
    spec_version: str
    cases: int


@dataclass(frozen=True, slots=True)
class ProbeFinished:
    """One probe's result (reachable, authentication, spec version)."""

    business: str
    probe: str
    ok: bool
    detail: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class CaseStarted:
    """A case begins."""

    business: str
    case_id: str
    title: str


@dataclass(frozen=True, slots=True)
class CaseFinished:
    """A case ended with a verdict."""

    business: str
    case_id: str
    verdict: str
    duration_ms: float
    findings: int


@dataclass(frozen=True, slots=True)
class BusinessFinished:
    """A business's run is complete; `run` is its RunResult."""

    business: str
    run: RunResult


Event = BusinessStarted | ProbeFinished | CaseStarted | CaseFinished | BusinessFinished


def event_dict(event: Event) -> dict[str, Any]:
    """A plain-data rendering of an event (a BusinessFinished carries only the run's ID and verdict)."""
    if isinstance(event, BusinessFinished):
        return {"event": "business_finished", "business": event.business, "run_id": event.run.run_id,
                "verdict": event.run.verdict.value}
    name = {BusinessStarted: "business_started", ProbeFinished: "probe_finished", CaseStarted: "case_started",
            CaseFinished: "case_finished"}[type(event)]
    return {"event": name, **asdict(event)}
