"""Keys to look up: known ones (from the search, the change feed, references or the full file) and an unknown one."""

from __future__ import annotations

import csv
import io
import re

from conformance.domain.spec import ApiOperation, ApiOperationKind, DataGroup
from conformance.linkage.api_reads import all_items, change_feed
from conformance.linkage.context import BusinessContext, csv_text, key_of
from conformance.linkage.filedrop import FileDropError


def known_keys(ctx: BusinessContext, lookup: ApiOperation) -> list[str]:
    """Keys the vendor should hold for the lookup's group, best source first (cached)."""
    cache_key = f"known:{lookup.group}"
    if cache_key not in ctx.cache:
        ctx.cache[cache_key] = _find_keys(ctx, lookup)
    keys: list[str] = ctx.cache[cache_key]
    return keys


def _find_keys(ctx: BusinessContext, lookup: ApiOperation) -> list[str]:
    group = ctx.group(lookup)
    for kind in (ApiOperationKind.SEARCH, ApiOperationKind.CHANGES):
        sibling = ctx.sibling(lookup, kind)
        if sibling is None:
            continue
        if kind is ApiOperationKind.SEARCH:
            records = all_items(ctx, ctx.path(sibling), ()).value or []
        else:
            records = _live_records(change_feed(ctx, ctx.path(sibling), ()).value or [])
        keys = sorted({key_of(group, r) for r in records} - {""})
        if keys:
            return keys
    return _referenced_keys(ctx, group) or _file_keys(ctx, group)


def _live_records(feed: list[object]) -> list[object]:
    """The latest record of every key the feed has not deleted."""
    live: dict[str, object] = {}
    for change in feed:
        if isinstance(change, dict):
            if change.get("record") is None:
                live.pop(str(change.get("key")), None)
            else:
                live[str(change.get("key"))] = change["record"]
    return list(live.values())


def _referenced_keys(ctx: BusinessContext, target: DataGroup) -> list[str]:
    found: set[str] = set()
    for operation in ctx.bundle.api.operations:
        child = ctx.group(operation)
        for foreign in child.foreign_keys:
            if foreign.group != target.id or operation.kind is ApiOperationKind.LOOKUP:
                continue
            if operation.kind is ApiOperationKind.SEARCH:
                records = all_items(ctx, ctx.path(operation), ()).value or []
            else:
                feed = change_feed(ctx, ctx.path(operation), ()).value or []
                records = [c.get("record") for c in feed if isinstance(c, dict) and c.get("record")]
            for record in records:
                if isinstance(record, dict):
                    parts = [csv_text(child.item(i).type, record.get(child.item(i).field)) for i in foreign.items]
                    if all(parts):
                        found.add("+".join(parts))
    return sorted(found)


def _file_keys(ctx: BusinessContext, group: DataGroup) -> list[str]:
    if ctx.files is None:
        return []
    try:
        names = [n for n in ctx.files.names() if f"_{group.file}_full_" in n or n == f"{group.file}.csv"]
        if not names:
            return []
        text = ctx.files.read(names[0]).decode("utf-8-sig", errors="replace")
    except FileDropError:
        return []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = rows[0]
    columns = [header.index(group.item(i).name_ja) for i in group.primary_key if group.item(i).name_ja in header]
    if len(columns) != len(group.primary_key):
        return []
    return sorted({"+".join(row[c] for c in columns) for row in rows[1:] if len(row) == len(header)})


def unknown_key(ctx: BusinessContext, lookup: ApiOperation) -> str | None:
    """A key with the right length and pattern that the vendor does not hold (None when none can be built)."""
    group = ctx.group(lookup)
    item = group.item(group.primary_key[0])
    known = set(known_keys(ctx, lookup))
    seeds = sorted(known) or ["0" * (item.length or 10)]
    for seed in seeds[:1]:
        for candidate in ("9" * len(seed), "8" * len(seed), "9" * (len(seed) - 1) + "7"):
            if candidate not in known and (item.pattern is None or re.fullmatch(item.pattern, candidate)):
                return candidate
    for seed in seeds[:3]:
        for position in range(len(seed) - 1, -1, -1):
            if not seed[position].isdigit():
                continue
            for digit in "9876543210":
                candidate = seed[:position] + digit + seed[position + 1 :]
                if candidate in known:
                    continue
                if item.pattern is None or re.fullmatch(item.pattern, candidate):
                    return candidate
    return None
