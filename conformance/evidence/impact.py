"""Spec-change impact: which certified products must re-test which requirements, and why.

Built on `conformance.specs.diff`: a changed or added requirement is re-tested (or re-declared)
directly; a changed data item, group, code, API operation or non-functional parameter re-tests
every requirement of the new version whose check families verify that kind of thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conformance.domain.spec import SpecBundle, VerificationMethod
from conformance.evidence.certification import Certification
from conformance.specs import Change, ChangeKind, Entity, diff_specs

ITEM_FIELD_FAMILIES: dict[str, tuple[str, ...]] = {
    "type": ("data.type", "api.schema"),
    "length": ("data.length", "api.schema"),
    "scale": ("data.length", "api.schema"),
    "mandatory": ("data.mandatory", "api.schema"),
    "code_table": ("data.code",),
    "char_class": ("data.characters",),
    "pattern": ("data.pattern",),
    "check_digit": ("data.check-digit",),
    "name_ja": ("file.layout",),
    "position": ("file.layout",),
    "field": ("api.schema",),
    "name_en": (),
}
ITEM_ADDED_OR_REMOVED = ("file.layout", "data.mandatory", "api.schema")
GROUP_FAMILIES = ("file.presence", "file.layout", "data.keys", "api.schema")
CODE_FAMILIES = ("data.code",)
API_PREFIX = "api."
EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Retest:
    """One requirement a product must re-test (or re-declare), with every reason."""

    requirement_id: str
    title: str
    redeclare: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductImpact:
    """What one certified product version must redo to move to the new spec version."""

    product: str
    product_version: str
    status: str
    retests: tuple[Retest, ...]


@dataclass(frozen=True, slots=True)
class Impact:
    """The impact of moving a business from `old_version` to `new_version`."""

    business: str
    old_version: str
    new_version: str
    retests: tuple[Retest, ...]
    removed_requirements: tuple[str, ...]
    products: tuple[ProductImpact, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "business": self.business,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "removed_requirements": list(self.removed_requirements),
            "retests": [_retest(r) for r in self.retests],
            "products": [
                {"product": p.product, "product_version": p.product_version, "status": p.status,
                 "retests": [r.requirement_id for r in p.retests]}
                for p in self.products
            ],
        }


def _retest(retest: Retest) -> dict[str, Any]:
    return {"requirement_id": retest.requirement_id, "title": retest.title, "redeclare": retest.redeclare,
            "reasons": list(retest.reasons)}


def spec_impact(old: SpecBundle, new: SpecBundle, certifications: Sequence[Certification] = ()) -> Impact:
    """Re-tests implied by the spec change; each certified product (of `old`) must redo all of them."""
    diff = diff_specs(old, new)
    reasons: dict[str, list[str]] = {}
    for change in diff.of(Entity.REQUIREMENT):
        if change.kind is ChangeKind.ADDED:
            reasons.setdefault(change.key, []).append("新規要件 / new requirement")
        elif change.kind is ChangeKind.CHANGED:
            reasons.setdefault(change.key, []).append(f"要件変更 / requirement changed: {', '.join(change.fields)}")
    by_family = _family_changes(diff.changes)
    for requirement in new.requirements:
        for family in requirement.verification.checks:
            for text in _summaries(by_family.get(family, [])):
                reasons.setdefault(requirement.id, []).append(f"{family}: {text}")
    retests = tuple(
        Retest(
            requirement_id=r.id,
            title=r.title,
            redeclare=r.verification.method is VerificationMethod.DECLARATION,
            reasons=tuple(dict.fromkeys(reasons[r.id])),
        )
        for r in new.requirements
        if r.id in reasons
    )
    removed = tuple(c.key for c in diff.of(Entity.REQUIREMENT, ChangeKind.REMOVED))
    products = tuple(
        ProductImpact(c.product, c.product_version, c.status.value, retests)
        for c in certifications
        if c.status.certifiable
    )
    return Impact(new.meta.slug, old.meta.version_id, new.meta.version_id, retests, removed, products)


def _family_changes(changes: Sequence[Change]) -> dict[str, list[Change]]:
    found: dict[str, list[Change]] = {}
    for change in changes:
        for family in _families(change):
            found.setdefault(family, []).append(change)
    return found


ENTITY_FAMILIES: dict[Entity, tuple[str, ...]] = {
    Entity.DATA_GROUP: GROUP_FAMILIES,
    Entity.CODE: CODE_FAMILIES,
    Entity.API_OPERATION: ("api.lookup", "api.search", "api.changes", "api.schema"),
    Entity.NON_FUNCTIONAL: ("api.lookup", "api.search", "api.changes"),
}


def _families(change: Change) -> tuple[str, ...]:
    if change.entity is Entity.DATA_ITEM:
        if change.kind is not ChangeKind.CHANGED:
            return ITEM_ADDED_OR_REMOVED
        return tuple(dict.fromkeys(f for name in change.fields for f in ITEM_FIELD_FAMILIES.get(name, ())))
    return ENTITY_FAMILIES.get(change.entity, ())


def _summaries(changes: list[Change]) -> list[str]:
    if not changes:
        return []
    examples = ", ".join(f"{c.entity.value} {c.key} ({c.label}) {c.kind.value}" for c in changes[:EXAMPLES])
    more = f" and {len(changes) - EXAMPLES} more" if len(changes) > EXAMPLES else ""
    return [f"{examples}{more}"]
