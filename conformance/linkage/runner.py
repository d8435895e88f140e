"""Run linkage suites: probe, execute every case, and yield events ending in one RunResult per business.

The runner does no printing and no storage: it yields serialisable events (see `events`) that the
CLI turns into a progress bar, a summary, report files and a stored run. A Python exception inside
a case is the tool's failure (verdict ``error``), never the vendor's.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from conformance.domain.results import CaseResult, RunResult, Subject, Verdict
from conformance.linkage.api_scenarios import SCENARIOS
from conformance.linkage.context import BusinessContext
from conformance.linkage.events import (
    BusinessFinished,
    BusinessStarted,
    CaseFinished,
    CaseStarted,
    Event,
    ProbeFinished,
)
from conformance.linkage.evidence import Outcome
from conformance.linkage.file_cases import file_case
from conformance.linkage.generated import generated_case
from conformance.linkage.nonfunctional import response_time
from conformance.linkage.probes import run_probes
from conformance.linkage.schema_case import responses_valid
from conformance.linkage.suite import GENERATED, Case, Suite

RUN_KIND = "linkage"


@dataclass(frozen=True, slots=True)
class BusinessTarget:
    """One business to test: its suite and the context its cases share."""

    suite: Suite
    context: BusinessContext
    product: str | None = None
    product_version: str | None = None
    target: str | None = None  # the run subject's target: the profile's base_url ("reference"), not a loopback port


def executor_for(case: Case) -> Callable[[BusinessContext, Case], Outcome]:
    """The function that executes a case."""
    if case.spec.scenario == GENERATED:
        return generated_case
    if case.spec.scenario == "responses-valid":
        return responses_valid
    if case.family.startswith("file."):
        return file_case
    if case.family == "nonfunctional.response-time":
        return response_time
    return SCENARIOS[case.spec.scenario]


def execute(case: Case, ctx: BusinessContext) -> CaseResult:
    """Execute one case; an exception becomes verdict error (a tool bug), never fail."""
    started = time.perf_counter()
    try:
        outcome = executor_for(case)(ctx, case)
    except Exception as exc:  # a bug in a check must not pass for the vendor's failure
        outcome = Outcome(error=f"internal error in the check: {type(exc).__name__} (a conformance bug)")
    duration = (time.perf_counter() - started) * 1000
    if outcome.findings:
        verdict, reason = Verdict.FAIL, None
    elif outcome.error is not None:
        verdict, reason = Verdict.ERROR, ctx.masker.redact(outcome.error)
    else:
        verdict, reason = Verdict.PASS, None
    return CaseResult(case.case_id, case.spec.title, verdict, case.requirement_ids, tuple(outcome.findings), reason,
                      round(duration, 1), {"family": case.family, "target": case.spec.target,
                                           "scenario": case.spec.scenario, **outcome.evidence})


def run_business(target: BusinessTarget, tool_version: str) -> Iterator[Event]:
    """Probe, then run every case of one business; the last event carries the RunResult."""
    suite, ctx = target.suite, target.context
    started = datetime.now(UTC)
    yield BusinessStarted(suite.business, suite.spec_version, len(suite.cases))
    probes = run_probes(ctx.bundle, ctx.transport, ctx.base_url)
    for probe in probes:
        yield ProbeFinished(suite.business, probe.probe, probe.ok, ctx.masker.redact(probe.detail), probe.hint)
    failed = next((p for p in probes if not p.ok), None)
    results: list[CaseResult] = []
    for case in suite.cases:
        yield CaseStarted(suite.business, case.case_id, case.spec.title)
        if failed is not None:
            reason = f"probe '{failed.probe}' failed: {ctx.masker.redact(failed.detail)}"
            result = CaseResult(case.case_id, case.spec.title, Verdict.ERROR, case.requirement_ids,
                                reason=f"{reason}. Hint: {failed.hint}" if failed.hint else reason,
                                evidence={"family": case.family, "target": case.spec.target})
        else:
            result = execute(case, ctx)
        results.append(result)
        yield CaseFinished(suite.business, case.case_id, result.verdict.value, result.duration_ms,
                           len(result.findings))
    subject = Subject(suite.business, suite.spec_version, target.product, target.product_version,
                      target.target or ctx.base_url)
    run = RunResult(str(uuid.uuid4()), RUN_KIND, subject, started, datetime.now(UTC), tool_version, tuple(results))
    yield BusinessFinished(suite.business, run)


def overall_verdict(runs: Iterable[RunResult]) -> Verdict:
    """What a whole linkage run says: error when any case could not be decided (configuration, environment),
    even beside a fail; else fail when any case failed; else pass."""
    verdicts = {case.verdict for run in runs for case in run.cases}
    if Verdict.ERROR in verdicts:
        return Verdict.ERROR
    return Verdict.FAIL if Verdict.FAIL in verdicts else Verdict.PASS


def run_all(targets: Sequence[BusinessTarget], tool_version: str, *, workers: int = 1) -> Iterator[Event]:
    """Run every business, `workers` at a time; events of different businesses may interleave."""
    if workers <= 1 or len(targets) <= 1:
        for target in targets:
            yield from run_business(target, tool_version)
        return
    events: queue.Queue[Event | None] = queue.Queue()
    pending: queue.Queue[BusinessTarget] = queue.Queue()
    for target in targets:
        pending.put(target)

    def work() -> None:
        while True:
            try:
                target = pending.get_nowait()
            except queue.Empty:
                events.put(None)
                return
            for event in run_business(target, tool_version):
                events.put(event)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(workers, len(targets)))]
    for thread in threads:
        thread.start()
    done = 0
    while done < len(threads):
        event = events.get()
        if event is None:
            done += 1
        else:
            yield event
