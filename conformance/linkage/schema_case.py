"""The ``api.schema`` scenario: real answers of each operation checked against the OpenAPI document
(openapi-core: status, content type, body schema) and every record field against the cell rules of the
basic data list (character class, code table, pattern, check digit, length, date spelling)."""

from __future__ import annotations

from typing import Any

from conformance.data import check_cell
from conformance.domain.results import Finding
from conformance.domain.spec import ApiOperationKind, DataGroup
from conformance.linkage.context import EPOCH_SINCE, BusinessContext, csv_text
from conformance.linkage.evidence import Outcome, http_finding
from conformance.linkage.keys import known_keys, unknown_key
from conformance.linkage.suite import Case
from conformance.linkage.transport import Exchange

SAMPLE_KEYS = 3
MAX_CELL_FINDINGS = 10


def responses_valid(ctx: BusinessContext, case: Case) -> Outcome:
    """Fetch representative answers of the operation and validate each one."""
    operation = ctx.operation(case.spec.target)
    group = ctx.group(operation)
    exchanges: list[Exchange] = []
    if operation.kind is ApiOperationKind.LOOKUP:
        keys = known_keys(ctx, operation)[:SAMPLE_KEYS]
        exchanges += [ctx.transport.send("GET", ctx.path(operation, k)) for k in keys]
        missing = unknown_key(ctx, operation)
        if missing is not None:
            exchanges.append(ctx.transport.send("GET", ctx.path(operation, missing)))
    elif operation.kind is ApiOperationKind.SEARCH:
        exchanges.append(ctx.transport.send("GET", ctx.path(operation), params={"per_page": "50"}))
        exchanges.append(ctx.transport.send("GET", ctx.path(operation), params={"per_page": "0"}))
    else:
        exchanges.append(ctx.transport.send("GET", ctx.path(operation), params={"since": EPOCH_SINCE,
                                                                               "per_page": "100"}))
    outcome = Outcome(evidence={"responses_checked": str(len(exchanges))})
    for exchange in exchanges:
        outcome.findings.extend(check_exchange(ctx, case, exchange, group))
    return outcome


def check_exchange(ctx: BusinessContext, case: Case, exchange: Exchange, group: DataGroup) -> list[Finding]:
    """Findings of one exchange: transport failure, OpenAPI problems, then cell rules of its records."""
    rids = case.requirement_ids
    if exchange.failure is not None:
        return [http_finding(f"http.{exchange.failure[0]}", exchange.failure[1], rids, exchange, ctx.masker)]
    findings = [http_finding("api.schema", problem, rids, exchange, ctx.masker, pointer=problem.split(":", 1)[0])
                for problem in ctx.validator.problems(exchange)[:MAX_CELL_FINDINGS]]
    if exchange.status == 200 and exchange.media_type == "application/json":
        findings.extend(_cells(ctx, case, exchange, group))
    return findings


def _records(body: Any) -> list[Any]:
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("items"), list):
        return list(body["items"])
    if isinstance(body.get("changes"), list):
        return [c.get("record") for c in body["changes"] if isinstance(c, dict)]
    return [body]


def _cells(ctx: BusinessContext, case: Case, exchange: Exchange, group: DataGroup) -> list[Finding]:
    try:
        records = _records(exchange.json())
    except (ValueError, UnicodeDecodeError):
        return []
    findings: list[Finding] = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        for item in group.items:
            value = record.get(item.field)
            if isinstance(value, dict | list):
                continue
            codes = ctx.bundle.code_tables[item.code_table].values() if item.code_table else None
            for cell in check_cell(item, csv_text(item.type, value), codes):
                if cell.code == "cell.mandatory" or len(findings) >= MAX_CELL_FINDINGS:
                    continue  # a missing mandatory field is the OpenAPI check's finding
                findings.append(http_finding(
                    f"api.{cell.code}", f"{item.name_ja} ({item.field}): {cell.code}", case.requirement_ids, exchange,
                    ctx.masker, pointer=f"/{index}/{item.field}", value=ctx.masker.value(item.field, value),
                    params={"item": item.id, **{k: v for k, v in dict(cell.params).items() if v is not None}}))
    return findings
