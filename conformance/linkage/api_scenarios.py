"""Scenario cases of the pull API: multi-step flows that schema-driven generation cannot derive.

lookup of known keys, unknown keys answering the spec's error body, complete and stable paging,
a change feed that replays to the current state (deletions included) and honours `since`, and
authentication enforced. Each function takes the business context and the case and returns an
Outcome; none raises for a vendor's misbehaviour.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from conformance.domain.results import Finding
from conformance.domain.spec import ApiOperation, ApiOperationKind
from conformance.linkage.api_reads import Read, all_items, change_feed, get_json, read_pages
from conformance.linkage.context import EPOCH_SINCE, BusinessContext, key_of
from conformance.linkage.evidence import Outcome, http_finding
from conformance.linkage.keys import known_keys, unknown_key
from conformance.linkage.suite import Case
from conformance.linkage.transport import Exchange

PROBLEM_MEDIA_TYPE = "application/problem+json"
LOOKUP_SAMPLE = 5


def _adopt(read: Read, case: Case) -> list[Finding]:
    return [dataclasses.replace(f, requirement_ids=case.requirement_ids) for f in read.findings]


def expect_problem(ctx: BusinessContext, case: Case, exchange: Exchange, status: int, code: str) -> list[Finding]:
    """Findings unless the exchange is the spec's problem answer (status, problem+json, error code)."""
    rids = case.requirement_ids
    if exchange.failure is not None:
        return [http_finding(f"http.{exchange.failure[0]}", exchange.failure[1], rids, exchange, ctx.masker)]
    if exchange.status != status:
        return [http_finding("api.wrong-status", f"expected {status} {code}, got {exchange.status}", rids, exchange,
                             ctx.masker, params={"expected": status, "actual": exchange.status})]
    if exchange.media_type != PROBLEM_MEDIA_TYPE:
        return [http_finding("api.error-media-type", f"error body is '{exchange.media_type}', not {PROBLEM_MEDIA_TYPE}",
                             rids, exchange, ctx.masker)]
    try:
        body = exchange.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict) or body.get("code") != code or body.get("status") != status:
        found = body.get("code") if isinstance(body, dict) else None
        return [http_finding("api.error-code", f"the problem body's code is {found!r}, expected {code}", rids,
                             exchange, ctx.masker)]
    return []


def lookup_known(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    group = ctx.group(operation)
    keys = known_keys(ctx, operation)
    if not keys:
        return Outcome(error="no known key of this group could be found to look up (no search, feed or file)")
    outcome = Outcome(evidence={"keys_looked_up": str(min(len(keys), LOOKUP_SAMPLE))})
    for key in keys[:LOOKUP_SAMPLE]:
        read = get_json(ctx, ctx.path(operation, key), case.requirement_ids)
        outcome.findings.extend(_adopt(read, case))
        if read.value is not None and key_of(group, read.value) != key:
            outcome.findings.append(http_finding("api.lookup-key", f"looked up key {key!r}, the record has another key",
                                                 case.requirement_ids, read.exchanges[-1], ctx.masker))
    return outcome


def lookup_unknown(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    key = unknown_key(ctx, operation)
    if key is None:
        return Outcome(error="could not build a well-formed key that the vendor does not hold")
    exchange = ctx.transport.send("GET", ctx.path(operation, key))
    return Outcome(expect_problem(ctx, case, exchange, 404, "NOT_FOUND"))


def invalid_paging(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    base = {"since": EPOCH_SINCE} if operation.kind is ApiOperationKind.CHANGES else {}
    outcome = Outcome()
    for params in ({"per_page": "0"}, {"per_page": "501"}, {"page": "0"}, {"page": "abc"}):
        exchange = ctx.transport.send("GET", ctx.path(operation), params={**base, **params})
        outcome.findings.extend(expect_problem(ctx, case, exchange, 400, "INVALID_PARAMETER"))
    return outcome


def since_required(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    outcome = Outcome()
    for params in ({}, {"since": "yesterday"}, {"since": "2025-04-01T09:00:00"}):
        exchange = ctx.transport.send("GET", ctx.path(operation), params=params)
        outcome.findings.extend(expect_problem(ctx, case, exchange, 400, "INVALID_PARAMETER"))
    return outcome


def paging_complete(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    group = ctx.group(operation)
    rids = case.requirement_ids
    outcome = Outcome()
    first = get_json(ctx, ctx.path(operation), rids, {"page": "1", "per_page": str(ctx.budget.page_size)})
    outcome.findings.extend(_adopt(first, case))
    total = first.value.get("total") if isinstance(first.value, dict) else None
    if not isinstance(total, int):
        if not outcome.findings:
            outcome.findings.append(http_finding("api.paging-total", "the page has no integer 'total'", rids,
                                                 first.exchanges[-1], ctx.masker))
        return outcome
    walked = read_pages(ctx, ctx.path(operation), "items", rids)
    outcome.findings.extend(_adopt(walked, case))
    if walked.value is None:
        return outcome
    keys = [key_of(group, item) for item in walked.value]
    outcome.evidence.update({"total": str(total), "walked": str(len(keys)), "per_page": str(ctx.budget.page_size)})
    last = walked.exchanges[-1]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        outcome.findings.append(http_finding("api.paging-repeats", f"{len(repeated)} record(s) appear on more than one "
                                             "page", rids, last, ctx.masker, params={"repeated": len(repeated)}))
    if len(set(keys)) != total or len(keys) != total:
        outcome.findings.append(http_finding("api.paging-total", f"pages hold {len(keys)} records "
                                             f"({len(set(keys))} distinct) but total says {total}", rids, last,
                                             ctx.masker, params={"total": total, "walked": len(keys)}))
    return outcome


def paging_stable(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    group = ctx.group(operation)
    rids = case.requirement_ids
    first = read_pages(ctx, ctx.path(operation), "items", rids)
    second = read_pages(ctx, ctx.path(operation), "items", rids)
    outcome = Outcome(findings=_adopt(first, case) + _adopt(second, case))
    if first.value is None or second.value is None:
        return outcome
    order_a = [key_of(group, r) for r in first.value]
    order_b = [key_of(group, r) for r in second.value]
    if order_a != order_b:
        where = next((i for i, (a, b) in enumerate(zip(order_a, order_b, strict=False)) if a != b), len(order_a))
        outcome.findings.append(http_finding("api.paging-unstable", f"two walks of the same pages differ from record "
                                             f"{where + 1}", rids, second.exchanges[-1], ctx.masker,
                                             params={"position": where + 1}))
    return outcome


def _stamp(text: Any) -> datetime | None:
    if not isinstance(text, str) or len(text) < 19:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def feed_consistent(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    group = ctx.group(operation)
    rids = case.requirement_ids
    read = change_feed(ctx, ctx.path(operation), rids)
    outcome = Outcome(findings=_adopt(read, case))
    if read.value is None:
        return outcome
    last = read.exchanges[-1]
    state: dict[str, Any] = {}
    deleted: set[str] = set()
    previous: datetime | None = None
    for change in read.value:
        problem = _apply(change, state, deleted, group)
        stamp = _stamp(change.get("changed_at") if isinstance(change, dict) else None)
        if stamp is None:
            problem = problem or f"連携日時 {change.get('changed_at')!r} is not an ISO 8601 date-time with an offset"
        elif previous is not None and stamp < previous:
            problem = problem or "the feed is not in chronological order"
        previous = stamp or previous
        if problem:
            outcome.findings.append(http_finding("api.feed-inconsistent", problem, rids, last, ctx.masker))
            break
    outcome.evidence.update({"changes": str(len(read.value)), "deleted": str(len(deleted)), "live": str(len(state))})
    outcome.findings.extend(_compare_state(ctx, case, operation, state, deleted=deleted, last=last))
    return outcome


def _apply(change: Any,  # noqa: PLR0911 — one return per kind of inconsistency
            state: dict[str, Any], deleted: set[str], group: Any) -> str | None:
    if not isinstance(change, dict):
        return "a change is not an object"
    operation, key, record = change.get("operation"), change.get("key"), change.get("record")
    if operation == "added":
        if key in state:
            return f"key {key!r} is added while it already exists"
        state[str(key)] = record
        deleted.discard(str(key))
    elif operation == "updated":
        if key not in state:
            return f"key {key!r} is updated but was never added"
        state[str(key)] = record
    elif operation == "deleted":
        if key not in state:
            return f"key {key!r} is deleted but was never added"
        if record is not None:
            return f"the deletion of {key!r} carries a record (the spec says null)"
        del state[str(key)]
        deleted.add(str(key))
    else:
        return f"unknown operation {operation!r}"
    if record is not None and key_of(group, record) != key:
        return f"change of key {key!r} carries a record with another key"
    return None


def _compare_state(ctx: BusinessContext, case: Case, operation: ApiOperation, state: dict[str, Any], *,
                   deleted: set[str], last: Exchange) -> list[Finding]:
    rids = case.requirement_ids
    group = ctx.group(operation)
    findings: list[Finding] = []
    search = ctx.sibling(operation, ApiOperationKind.SEARCH)
    if search is not None:
        current = all_items(ctx, ctx.path(search), rids)
        findings.extend(_adopt(current, case))
        if current.value is not None:
            live = {key_of(group, r): r for r in current.value}
            missing_deletions = sorted(set(state) - set(live))
            unknown = sorted(set(live) - set(state))
            differ = sorted(k for k in set(state) & set(live) if state[k] != live[k])
            for label, keys in (("are gone from the search but the feed never deleted them", missing_deletions),
                                ("are in the search but were never added in the feed", unknown),
                                ("differ between the feed's latest record and the search", differ)):
                if keys:
                    findings.append(http_finding("api.feed-state", f"{len(keys)} record(s) {label}", rids, last,
                                                 ctx.masker, params={"count": len(keys)}))
    lookup = ctx.sibling(operation, ApiOperationKind.LOOKUP)
    if lookup is not None:
        findings.extend(_lookup_agrees(ctx, case, lookup, state, deleted))
    return findings


def _lookup_agrees(ctx: BusinessContext, case: Case, lookup: ApiOperation, state: dict[str, Any],
                   deleted: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for key in sorted(deleted)[:3]:
        exchange = ctx.transport.send("GET", ctx.path(lookup, key))
        if exchange.status != 404:
            findings.append(http_finding("api.deleted-still-found", f"key {key!r} is deleted in the feed but the "
                                         f"lookup answers {exchange.status}", case.requirement_ids, exchange,
                                         ctx.masker))
    for key in sorted(state)[:3]:
        read = get_json(ctx, ctx.path(lookup, key), case.requirement_ids)
        findings.extend(_adopt(read, case))
        if read.value is not None and read.value != state[key]:
            findings.append(http_finding("api.feed-lookup-differ", f"the feed's latest record of {key!r} differs "
                                         "from the lookup", case.requirement_ids, read.exchanges[-1], ctx.masker))
    return findings


def since_filter(ctx: BusinessContext, case: Case) -> Outcome:
    operation = ctx.operation(case.spec.target)
    rids = case.requirement_ids
    whole = change_feed(ctx, ctx.path(operation), rids)
    outcome = Outcome(findings=_adopt(whole, case))
    if whole.value is None:
        return outcome
    stamps = sorted(s for c in whole.value if isinstance(c, dict) and (s := _stamp(c.get("changed_at"))))
    if len(stamps) < 2:
        return Outcome(error="the change feed has fewer than two changes, so `since` cannot be checked")
    since = stamps[len(stamps) // 2]
    expected = sum(1 for s in stamps if s >= since)
    part = change_feed(ctx, ctx.path(operation), rids, since=since.isoformat())
    outcome.findings.extend(_adopt(part, case))
    if part.value is None:
        return outcome
    early = [c for c in part.value if isinstance(c, dict) and (s := _stamp(c.get("changed_at"))) and s < since]
    outcome.evidence.update({"since": since.isoformat(), "expected": str(expected), "returned": str(len(part.value))})
    if early or len(part.value) != expected:
        outcome.findings.append(http_finding("api.since-ignored", f"since={since.isoformat()} returned "
                                             f"{len(part.value)} changes ({len(early)} earlier than since); "
                                             f"{expected} expected", rids, part.exchanges[-1], ctx.masker))
    return outcome


def _auth_probe(ctx: BusinessContext, case: Case, headers: dict[str, str] | None) -> Outcome:
    outcome = Outcome()
    paths = [f"{ctx.bundle.api.base_path}/meta"]
    paths += [ctx.path(o) for o in ctx.bundle.api.operations if o.kind is ApiOperationKind.SEARCH][:1]
    for path in paths:
        exchange = ctx.transport.send("GET", path, authenticated=False, headers=headers)
        outcome.findings.extend(expect_problem(ctx, case, exchange, 401, "UNAUTHORIZED"))
    return outcome


def no_token(ctx: BusinessContext, case: Case) -> Outcome:
    return _auth_probe(ctx, case, None)


def wrong_token(ctx: BusinessContext, case: Case) -> Outcome:
    return _auth_probe(ctx, case, {"Authorization": "Bearer conformance-wrong-token-0000"})


SCENARIOS: dict[str, Callable[[BusinessContext, Case], Outcome]] = {
    "known-keys": lookup_known,
    "unknown-key": lookup_unknown,
    "invalid-paging": invalid_paging,
    "since-required": since_required,
    "paging-complete": paging_complete,
    "paging-stable": paging_stable,
    "feed-consistent": feed_consistent,
    "since-filter": since_filter,
    "no-token": no_token,
    "wrong-token": wrong_token,
}
