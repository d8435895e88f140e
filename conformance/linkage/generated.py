"""Generated API cases: schemathesis 4 (examples, coverage and fuzzing phases) over the spec's OpenAPI document.

One schemathesis engine run per business (the first generated case starts it, the others reuse it);
each operation's case reports the failed checks recorded for that operation. Check names map to the
spec's families: authentication checks → ``api.auth``, negative/positive data → ``api.errors``,
everything else (status codes, content types, headers, response schemas, server errors) →
``api.schema``. The /meta endpoint is not a spec operation and is left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from conformance.data import mask_value
from conformance.domain.results import Finding, Location
from conformance.linkage.context import BusinessContext
from conformance.linkage.evidence import Outcome
from conformance.linkage.suite import Case, requirements_by_family

AUTH_CHECKS = frozenset({"ignored_auth", "missing_required_header"})
INPUT_CHECKS = frozenset({"negative_data_rejection", "positive_data_acceptance"})
MAX_FINDINGS = 10


@dataclass(slots=True)
class GeneratedRun:
    """Failed checks per operation label (``GET /path``), or why the run could not be made."""

    failures: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)  # check, title, request, excerpt
    scenarios: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def check_family(check: str) -> str:
    """The spec family a schemathesis check verifies."""
    if check in AUTH_CHECKS:
        return "api.auth"
    if check in INPUT_CHECKS:
        return "api.errors"
    return "api.schema"


def run_schemathesis(ctx: BusinessContext) -> GeneratedRun:
    """Run schemathesis once for the business (cached in the context)."""
    if "schemathesis" not in ctx.cache:
        try:
            ctx.cache["schemathesis"] = _run(ctx)
        except Exception as exc:  # schemathesis internals: a tool problem, never the vendor's failure
            ctx.cache["schemathesis"] = GeneratedRun(error=f"schemathesis could not run: {type(exc).__name__}")
    run: GeneratedRun = ctx.cache["schemathesis"]
    return run


def schemathesis_config(ctx: BusinessContext) -> dict[str, Any]:
    """The schemathesis configuration of a run (also what the benchmark's plain `st run` mirrors)."""
    return {
        "base-url": ctx.base_url,
        "headers": dict(ctx.auth_headers),
        "generation": {"max-examples": ctx.budget.examples},
        "checks": {"enabled": True},
        "phases": {"stateful": {"enabled": False}},
        "workers": 1,
        "request-timeout": 10,
        "seed": 1,
        "max-redirects": 0,
    }


def _run(ctx: BusinessContext) -> GeneratedRun:
    import schemathesis
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema

    logging.getLogger("schemathesis").setLevel(logging.ERROR)
    config = SchemathesisConfig.from_dict(schemathesis_config(ctx))
    loaded = schemathesis.openapi.from_dict(dict(ctx.bundle.api.openapi), config=config)
    schema = loaded.exclude(operation_id="getMeta")
    result = GeneratedRun()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            label = event.label or ""
            result.scenarios[label] = result.scenarios.get(label, 0) + 1
            _collect(ctx, event.recorder, label, result)
        elif isinstance(event, events.FatalError):
            result.error = f"schemathesis stopped: {type(event.exception).__name__}"
    return result


def _collect(ctx: BusinessContext, recorder: Any, label: str, result: GeneratedRun) -> None:
    for case_id, checks in recorder.checks.items():
        for check in checks:
            if check.status.value != "failure" or check.failure_info is None:
                continue
            interaction = recorder.interactions.get(case_id)
            request, excerpt = "", ""
            if interaction is not None:
                split = urlsplit(interaction.request.uri)
                path = split.path + (f"?{split.query}" if split.query else "")
                status = interaction.response.status_code if interaction.response is not None else "no response"
                request = ctx.masker.redact(f"{interaction.request.method} {path} -> {status}")
                if interaction.response is not None:
                    body = interaction.response.content[:200].decode("utf-8", errors="replace")
                    excerpt = ctx.masker.redact(mask_value(body.replace("\n", " "), personal=True)) if body else ""
            entry = (check.name, str(check.failure_info.failure.title), request, excerpt)
            bucket = result.failures.setdefault(label, [])
            if entry[:2] not in {e[:2] for e in bucket}:
                bucket.append(entry)


def generated_case(ctx: BusinessContext, case: Case) -> Outcome:
    """Report the schemathesis failures of one operation."""
    run = run_schemathesis(ctx)
    if run.error is not None:
        return Outcome(error=run.error)
    operation = ctx.operation(case.spec.target)
    label = f"GET {ctx.bundle.api.base_path}{operation.path}"
    families = requirements_by_family(ctx.bundle)
    findings = [
        Finding(f"schemathesis.{check}", f"{title} ({check})", families.get(check_family(check), case.requirement_ids),
                Location(request=request or label), excerpt or None, {"check": check})
        for check, title, request, excerpt in run.failures.get(label, [])[:MAX_FINDINGS]
    ]
    return Outcome(findings, evidence={"scenarios": str(run.scenarios.get(label, 0)),
                                       "examples_per_phase": str(ctx.budget.examples)})
