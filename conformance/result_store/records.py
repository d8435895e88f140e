"""Plain records the store keeps beside RunResults: run summaries, waivers, declarations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from conformance.domain.results import RunResult, Verdict


@dataclass(frozen=True, slots=True)
class StoredRun:
    """The indexed columns of one stored run (its full RunResult is fetched by `run_id`)."""

    run_id: str
    kind: str
    business: str
    spec_version: str
    product: str | None
    product_version: str | None
    target: str | None
    started_at: datetime
    verdict: Verdict

    @classmethod
    def of(cls, run: RunResult) -> StoredRun:
        """The summary of a run."""
        return cls(
            run_id=run.run_id,
            kind=run.kind,
            business=run.subject.business,
            spec_version=run.subject.spec_version,
            product=run.subject.product,
            product_version=run.subject.product_version,
            target=run.subject.target,
            started_at=run.started_at,
            verdict=run.verdict,
        )


@dataclass(frozen=True, slots=True)
class Waiver:
    """A justified, approved, expiring exception for one failing case of one product.

    Attributes:
        waiver_id: stable identifier (e.g. ``W-2025-001``).
        product: the product it applies to.
        business: business slug.
        spec_version: spec version ID (e.g. ``4.0``).
        case_id: the failing case it covers.
        justification: why the failure is acceptable for now.
        approver: who approved it (name or role; not a secret).
        expires: last day on which it applies; from the next day the case is a fail again.
        granted: the day it was approved.
        product_version: the product version it applies to; None means every version.
    """

    waiver_id: str
    product: str
    business: str
    spec_version: str
    case_id: str
    justification: str
    approver: str
    expires: date
    granted: date
    product_version: str | None = None

    def active_on(self, day: date) -> bool:
        """True when the waiver applies on `day` (granted ≤ day ≤ expires)."""
        return self.granted <= day <= self.expires

    def matches(self, product: str | None, product_version: str | None, business: str, spec_version: str) -> bool:
        """True when the waiver is about this product, business and spec version."""
        return (
            self.product == product
            and self.business == business
            and self.spec_version == spec_version
            and (self.product_version is None or self.product_version == product_version)
        )


@dataclass(frozen=True, slots=True)
class DeclarationRecord:
    """A vendor's functional self-declaration as submitted (the YAML/JSON form of the answers)."""

    declaration_id: str
    business: str
    spec_version: str
    product: str
    product_version: str
    submitted_at: datetime
    document: Mapping[str, Any] = field(default_factory=dict)


def waiver_to_dict(waiver: Waiver) -> dict[str, Any]:
    """JSON-ready form of a waiver."""
    return {
        "waiver_id": waiver.waiver_id,
        "product": waiver.product,
        "product_version": waiver.product_version,
        "business": waiver.business,
        "spec_version": waiver.spec_version,
        "case_id": waiver.case_id,
        "justification": waiver.justification,
        "approver": waiver.approver,
        "granted": waiver.granted.isoformat(),
        "expires": waiver.expires.isoformat(),
    }


def waiver_from_dict(data: Mapping[str, Any]) -> Waiver:
    """Rebuild a waiver; KeyError/ValueError on a malformed document."""
    return Waiver(
        waiver_id=str(data["waiver_id"]),
        product=str(data["product"]),
        product_version=None if data.get("product_version") in (None, "") else str(data["product_version"]),
        business=str(data["business"]),
        spec_version=str(data["spec_version"]),
        case_id=str(data["case_id"]),
        justification=str(data["justification"]),
        approver=str(data["approver"]),
        granted=_day(data["granted"]),
        expires=_day(data["expires"]),
    )


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
