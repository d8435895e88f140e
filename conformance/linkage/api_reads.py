"""Reading the pull API for scenarios: one JSON request, all pages of a list, the whole change feed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.domain.results import Finding
from conformance.linkage.context import EPOCH_SINCE, BusinessContext
from conformance.linkage.evidence import http_finding
from conformance.linkage.transport import Exchange


@dataclass(slots=True)
class Read:
    """The outcome of reading something: the JSON value (None when unusable) and any findings."""

    value: Any = None
    exchanges: list[Exchange] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def get_json(ctx: BusinessContext, path: str, requirement_ids: tuple[str, ...],
             params: Mapping[str, str] | None = None) -> Read:
    """GET and parse a 200 JSON answer; anything else becomes a finding."""
    exchange = ctx.transport.send("GET", path, params=params)
    read = Read(exchanges=[exchange])
    if exchange.failure is not None:
        kind, detail = exchange.failure
        read.findings.append(http_finding(f"http.{kind}", f"no usable answer: {detail}", requirement_ids,
                                          exchange, ctx.masker))
        return read
    if exchange.status != 200:
        read.findings.append(http_finding("http.status", f"expected 200, got {exchange.status}", requirement_ids,
                                          exchange, ctx.masker, params={"expected": 200, "actual": exchange.status}))
        return read
    try:
        read.value = exchange.json()
    except (ValueError, UnicodeDecodeError):
        read.findings.append(http_finding("http.not-json", "the body is not JSON", requirement_ids, exchange,
                                          ctx.masker, params={"content_type": exchange.media_type}))
    return read


def read_pages(ctx: BusinessContext, path: str, list_key: str, requirement_ids: tuple[str, ...], *,
               params: Mapping[str, str] | None = None, per_page: int | None = None) -> Read:
    """Every page of a paged list; `value` is the concatenated items (None when a page was unusable)."""
    size = per_page or ctx.budget.page_size
    items: list[Any] = []
    read = Read()
    for page in range(1, ctx.budget.max_pages + 1):
        one = get_json(ctx, path, requirement_ids, {**dict(params or {}), "page": str(page), "per_page": str(size)})
        read.exchanges.extend(one.exchanges)
        read.findings.extend(one.findings)
        body = one.value
        if not isinstance(body, dict) or not isinstance(body.get(list_key), list):
            if one.value is not None:
                read.findings.append(http_finding("http.shape", f"the page has no '{list_key}' list",
                                                  requirement_ids, one.exchanges[-1], ctx.masker))
            return read
        batch = body[list_key]
        items.extend(batch)
        total = body.get("total")
        if not batch or (isinstance(total, int) and page * size >= total):
            break
    read.value = items
    return read


def change_feed(ctx: BusinessContext, path: str, requirement_ids: tuple[str, ...],
                since: str = EPOCH_SINCE) -> Read:
    """The whole change feed since `since` (cached per path and since)."""
    key = f"feed:{path}:{since}"
    if key not in ctx.cache:
        ctx.cache[key] = read_pages(ctx, path, "changes", requirement_ids, params={"since": since}, per_page=100)
    cached: Read = ctx.cache[key]
    return cached


def all_items(ctx: BusinessContext, path: str, requirement_ids: tuple[str, ...]) -> Read:
    """Every record of a search operation, read with large pages (cached per path)."""
    key = f"items:{path}"
    if key not in ctx.cache:
        ctx.cache[key] = read_pages(ctx, path, "items", requirement_ids, per_page=500)
    cached: Read = ctx.cache[key]
    return cached
