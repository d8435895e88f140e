"""The reference vendor's store: one business's records, their change history and typed JSON forms.

Records arrive as CSV-style strings keyed by data-item ID (what the synthetic data generator
writes); this module types them for the API (integer, number, boolean, null) and derives a
deterministic change history: every record added, every fourth updated, and a few records that
nothing references deleted (they vanish from the current state but stay in the change feed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from conformance.domain.spec import DataGroup, DataItem, ItemType, SpecBundle

JST = timezone(timedelta(hours=9), "JST")
HISTORY_START = datetime(2025, 4, 1, 9, 0, tzinfo=JST)
KEY_SEPARATOR = "+"
DELETIONS_PER_GROUP = 2
UPDATE_EVERY = 4

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a change feed / delta file.

    Attributes:
        operation: ``added``, ``updated`` or ``deleted``.
        changed_at: when the change happened (timezone-aware).
        key: the record's primary key (items joined by ``+``).
        raw: the record as CSV strings by item ID (for a deletion: its last state).
    """

    operation: str
    changed_at: datetime
    key: str
    raw: Mapping[str, str]


@dataclass(slots=True)
class GroupData:
    """One data group's current records (sorted by key) and its chronological change history."""

    group: DataGroup
    raw: list[Mapping[str, str]]
    keys: list[str]
    changes: list[Change] = field(default_factory=list)

    def index(self) -> dict[str, Mapping[str, str]]:
        """Current records by key."""
        return dict(zip(self.keys, self.raw, strict=True))


@dataclass(slots=True)
class BusinessData:
    """Everything the reference vendor serves for one business."""

    bundle: SpecBundle
    groups: dict[str, GroupData]
    lg_code: str
    extracted_at: datetime

    @property
    def slug(self) -> str:
        """The business slug."""
        return self.bundle.meta.slug


def record_key(group: DataGroup, raw: Mapping[str, str]) -> str:
    """The primary key of a raw record as one string."""
    return KEY_SEPARATOR.join(raw.get(item_id, "") for item_id in group.primary_key)


def typed_value(item: DataItem, text: str) -> Any:
    """A CSV string as the JSON value the API returns (empty → null)."""
    if text == "":
        return None
    if item.type is ItemType.INTEGER:
        return int(text)
    if item.type is ItemType.DECIMAL:
        return float(text)
    if item.type is ItemType.FLAG:
        return text == "1"
    return text


def to_json(group: DataGroup, raw: Mapping[str, str]) -> Record:
    """A raw record as the API's JSON object (properties in item order)."""
    return {item.field: typed_value(item, raw.get(item.id, "")) for item in group.items}


def build_business(
    bundle: SpecBundle, rows: Mapping[str, Sequence[Mapping[str, str]]], lg_code: str
) -> BusinessData:
    """Type the records of every group and derive the change history.

    The last records of every group are deleted; records referencing a deleted record are deleted
    with it (a cascade), so the current state never holds a dangling reference.

    Args:
        bundle: the business's spec.
        rows: per data-group ID, the records as CSV strings keyed by item ID.
        lg_code: the municipality code used in linkage file names.
    """
    ordered = {g.id: _sorted(g, rows.get(g.id, ())) for g in bundle.data_groups}
    deleted = _deletions(bundle, ordered)
    groups: dict[str, GroupData] = {}
    for group_index, group in enumerate(bundle.data_groups):
        groups[group.id] = _history(group, ordered[group.id], deleted[group.id], group_index)
    latest = max((c.changed_at for g in groups.values() for c in g.changes), default=HISTORY_START)
    return BusinessData(bundle, groups, lg_code, latest + timedelta(hours=1))


def _sorted(group: DataGroup, records: Sequence[Mapping[str, str]]) -> list[Mapping[str, str]]:
    return sorted(records, key=lambda raw: record_key(group, raw))


def _deletions(bundle: SpecBundle, rows: Mapping[str, list[Mapping[str, str]]]) -> dict[str, set[str]]:
    deleted = {g.id: {record_key(g, r) for r in rows[g.id][-DELETIONS_PER_GROUP:]} if len(rows[g.id]) > 4 else set()
               for g in bundle.data_groups}
    changed = True
    while changed:
        changed = False
        for group in bundle.data_groups:
            for foreign in group.foreign_keys:
                gone = deleted.get(foreign.group, set())
                for raw in rows[group.id]:
                    ref = KEY_SEPARATOR.join(raw.get(item_id, "") for item_id in foreign.items)
                    key = record_key(group, raw)
                    if ref in gone and key not in deleted[group.id]:
                        deleted[group.id].add(key)
                        changed = True
    return deleted


def _history(group: DataGroup, records: list[Mapping[str, str]], deleted: set[str], offset: int) -> GroupData:
    keys = [record_key(group, r) for r in records]
    deletable = [i for i, key in enumerate(keys) if key in deleted]
    changes: list[Change] = []
    base = HISTORY_START + timedelta(seconds=offset)
    for i, (key, raw) in enumerate(zip(keys, records, strict=True)):
        changes.append(Change("added", base + timedelta(minutes=i), key, raw))
    for i, (key, raw) in enumerate(zip(keys, records, strict=True)):
        if i % UPDATE_EVERY == 1 and i not in deletable:
            changes.append(Change("updated", base + timedelta(days=1, minutes=i), key, raw))
    for i in deletable:
        changes.append(Change("deleted", base + timedelta(days=2, minutes=i), keys[i], records[i]))
    changes.sort(key=lambda c: (c.changed_at, c.key))
    kept = [i for i in range(len(records)) if i not in deletable]
    return GroupData(group, [records[i] for i in kept], [keys[i] for i in kept], changes)
