"""Differences between two versions of one business's spec, keyed by stable IDs.

Requirements are compared by requirement ID, data items by (group ID, item ID), code values by
(table ID, code), API operations by operation ID and non-functional parameters by ID. The spec-
change impact report (which certified products must re-test what) is built on this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from conformance.domain.spec import SpecBundle


class ChangeKind(StrEnum):
    """What happened to an entity between two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Entity(StrEnum):
    """The kinds of things compared."""

    REQUIREMENT = "requirement"
    DATA_GROUP = "data_group"
    DATA_ITEM = "data_item"
    CODE = "code"
    API_OPERATION = "api_operation"
    NON_FUNCTIONAL = "non_functional"


@dataclass(frozen=True, slots=True)
class Change:
    """One added, removed or changed entity; `fields` maps a changed field to (old, new)."""

    entity: Entity
    kind: ChangeKind
    key: str
    label: str
    fields: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SpecDiff:
    """All changes from `old` to `new`."""

    slug: str
    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    def of(self, entity: Entity, kind: ChangeKind | None = None) -> list[Change]:
        """The changes of one entity kind (optionally of one change kind)."""
        return [c for c in self.changes if c.entity is entity and (kind is None or c.kind is kind)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: counts per entity and kind, then every change."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            counts.setdefault(change.entity.value, dict.fromkeys((k.value for k in ChangeKind), 0))
            counts[change.entity.value][change.kind.value] += 1
        return {
            "slug": self.slug,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "counts": counts,
            "changes": [
                {
                    "entity": c.entity.value,
                    "kind": c.kind.value,
                    "key": c.key,
                    "label": c.label,
                    "fields": {name: {"old": old, "new": new} for name, (old, new) in c.fields.items()},
                }
                for c in self.changes
            ],
        }


def diff_specs(old: SpecBundle, new: SpecBundle) -> SpecDiff:
    """Compare two versions of the same business's spec."""
    if old.meta.slug != new.meta.slug:
        raise ValueError(f"cannot compare specs of different businesses: {old.meta.slug} vs {new.meta.slug}")
    changes = [
        *_compare(Entity.REQUIREMENT, _requirements(old), _requirements(new)),
        *_compare(Entity.DATA_GROUP, _groups(old), _groups(new)),
        *_compare(Entity.DATA_ITEM, _items(old), _items(new)),
        *_compare(Entity.CODE, _codes(old), _codes(new)),
        *_compare(Entity.API_OPERATION, _operations(old), _operations(new)),
        *_compare(Entity.NON_FUNCTIONAL, _parameters(old), _parameters(new)),
    ]
    return SpecDiff(old.meta.slug, old.meta.version_id, new.meta.version_id, tuple(changes))


Snapshot = dict[str, tuple[str, dict[str, Any]]]  # key -> (label, comparable fields)


def _compare(entity: Entity, old: Snapshot, new: Snapshot) -> Iterable[Change]:
    for key, (label, fields) in new.items():
        if key not in old:
            yield Change(entity, ChangeKind.ADDED, key, label)
            continue
        before = old[key][1]
        differing = {
            name: (before.get(name), fields.get(name))
            for name in sorted(set(before) | set(fields))
            if before.get(name) != fields.get(name)
        }
        if differing:
            yield Change(entity, ChangeKind.CHANGED, key, label, differing)
    for key, (label, _fields) in old.items():
        if key not in new:
            yield Change(entity, ChangeKind.REMOVED, key, label)


def _requirements(bundle: SpecBundle) -> Snapshot:
    return {
        r.id: (
            r.title,
            {
                "title": r.title,
                "text": r.text,
                "category": r.category.value,
                "chapter": " > ".join(r.chapter),
                "verification": r.verification.method.value,
                "checks": list(r.verification.checks),
            },
        )
        for r in bundle.requirements
    }


def _groups(bundle: SpecBundle) -> Snapshot:
    return {
        g.id: (
            g.name_ja,
            {
                "name_ja": g.name_ja,
                "file": g.file,
                "primary_key": list(g.primary_key),
                "foreign_keys": [f"{','.join(fk.items)}->{fk.group}" for fk in g.foreign_keys],
            },
        )
        for g in bundle.data_groups
    }


def _items(bundle: SpecBundle) -> Snapshot:
    snapshot: Snapshot = {}
    for group in bundle.data_groups:
        for item in group.items:
            snapshot[f"{group.id}/{item.id}"] = (
                f"{group.name_ja}.{item.name_ja}",
                {
                    "name_ja": item.name_ja,
                    "name_en": item.name_en,
                    "field": item.field,
                    "type": item.type.value,
                    "length": item.length,
                    "scale": item.scale,
                    "mandatory": item.mandatory,
                    "code_table": item.code_table,
                    "char_class": item.char_class.value if item.char_class else None,
                    "pattern": item.pattern,
                    "check_digit": item.check_digit.value if item.check_digit else None,
                    "position": group.items.index(item) + 1,
                },
            )
    return snapshot


def _codes(bundle: SpecBundle) -> Snapshot:
    return {
        f"{table.id}/{code.code}": (f"{table.name_ja}: {code.label_ja}", {"label_ja": code.label_ja})
        for table in bundle.code_tables.values()
        for code in table.codes
    }


def _operations(bundle: SpecBundle) -> Snapshot:
    return {
        op.operation_id: (
            op.summary_ja,
            {"kind": op.kind.value, "group": op.group, "path": f"{bundle.api.base_path}{op.path}"},
        )
        for op in bundle.api.operations
    }


def _parameters(bundle: SpecBundle) -> Snapshot:
    return {
        p.id: (p.name_ja, {"value": p.value, "unit": p.unit, "mandatory": p.mandatory, "confirmed": p.confirmed})
        for p in bundle.non_functional
    }
