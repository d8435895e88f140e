"""Non-functional cases: response-time percentiles against the spec's parameters.

Each ``ms`` parameter is measured over the operations it applies to (by kind or operation ID).
Only a mandatory parameter can fail; an exceeded optional one is reported in the evidence. The
measurement stops early once the percentile is certain to exceed the target.
"""

from __future__ import annotations

import math

from conformance.domain.results import Finding, Location
from conformance.domain.spec import ApiOperation, ApiOperationKind, NonFunctionalParameter
from conformance.linkage.context import EPOCH_SINCE, BusinessContext
from conformance.linkage.evidence import Outcome
from conformance.linkage.keys import known_keys
from conformance.linkage.suite import Case
from conformance.linkage.transport import Exchange

PERCENTILE = 0.95


def percentile(values: list[float], share: float = PERCENTILE) -> float:
    """The nearest-rank percentile of `values` (non-empty)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _applies(parameter: NonFunctionalParameter, operation: ApiOperation) -> bool:
    return operation.kind.value in parameter.applies_to or operation.operation_id in parameter.applies_to


def _request(ctx: BusinessContext, operation: ApiOperation, index: int) -> Exchange | None:
    if operation.kind is ApiOperationKind.LOOKUP:
        keys = known_keys(ctx, operation)
        if not keys:
            return None
        return ctx.transport.send("GET", ctx.path(operation, keys[index % len(keys)]))
    params = {"per_page": "100"} | ({"since": EPOCH_SINCE} if operation.kind is ApiOperationKind.CHANGES else {})
    return ctx.transport.send("GET", ctx.path(operation), params=params)


def response_time(ctx: BusinessContext, case: Case) -> Outcome:
    """Measure the parameter's percentile and compare it with the target."""
    parameter = next(p for p in ctx.bundle.non_functional if p.id == case.spec.target)
    operations = [o for o in ctx.bundle.api.operations if _applies(parameter, o)]
    if not operations:
        return Outcome(error=f"{parameter.id} applies to no operation of this API")
    samples, certain = _measure(ctx, operations, parameter)
    if not samples:
        return Outcome(error=f"no successful request to measure {parameter.id}")
    measured = max(samples) if certain else percentile(samples)
    exceeded = certain or measured > parameter.value
    evidence = {"p95_ms": f"{measured:.1f}", "target_ms": f"{parameter.value:g}", "samples": str(len(samples)),
                "mandatory": str(parameter.mandatory).lower(),
                "status": "confirmed" if parameter.confirmed else "assumed",
                "exceeded": str(exceeded).lower()}
    if exceeded and parameter.mandatory:
        finding = Finding("nonfunctional.response-time",
                          f"p95 response time {measured:.0f} ms exceeds {parameter.value:g} ms ({parameter.id})",
                          case.requirement_ids, Location(request=", ".join(o.operation_id for o in operations)),
                          f"{measured:.0f}", {"p95_ms": round(measured, 1), "target_ms": parameter.value})
        return Outcome([finding], evidence=evidence)
    return Outcome(evidence=evidence)


def _measure(ctx: BusinessContext, operations: list[ApiOperation],
             parameter: NonFunctionalParameter) -> tuple[list[float], bool]:
    """Response times of successful requests, the operations taken in turn, and whether the measurement
    stopped early because more requests were slower than the target than the percentile allows."""
    samples: list[float] = []
    slow = 0
    budget = ctx.budget.samples
    allowed_slow = budget - math.ceil(PERCENTILE * budget)
    for index in range(budget):
        exchange = _request(ctx, operations[index % len(operations)], index // len(operations))
        if exchange is None or exchange.failure is not None:
            continue
        samples.append(exchange.elapsed_ms)
        slow += exchange.elapsed_ms > parameter.value
        if slow > allowed_slow:
            return samples, True
    return samples, False
