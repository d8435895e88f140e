"""Plain records the store keeps beside RunResults: run summaries, waivers, declarations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
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


# The field names of the records are the store's column names (schema.py); the store maps them by these names.
STORED_RUN_FIELDS = tuple(f.name for f in fields(StoredRun))
DECLARATION_FIELDS = tuple(f.name for f in fields(DeclarationRecord))

# The one mapping between a Waiver and its plain form: the store's columns, waiver files and waivers.json all use
# these names, in this order (the documents' order; the dataclass keeps its positional order).
WAIVER_FIELDS = (
    "waiver_id",
    "product",
    "product_version",
    "business",
    "spec_version",
    "case_id",
    "justification",
    "approver",
    "granted",
    "expires",
)
WAIVER_DAYS = frozenset({"granted", "expires"})


def waiver_values(waiver: Waiver) -> dict[str, Any]:
    """The waiver's fields by name (days as dates): what the store writes, and `waiver_to_dict` before ISO days."""
    return {name: getattr(waiver, name) for name in WAIVER_FIELDS}


def waiver_of_values(values: Mapping[str, Any]) -> Waiver:
    """The waiver of `waiver_values` (e.g. a row of the store), taken as it is."""
    return Waiver(**{name: values[name] for name in WAIVER_FIELDS})


def waiver_to_dict(waiver: Waiver) -> dict[str, Any]:
    """JSON-ready form of a waiver (days as ISO dates)."""
    return {name: value.isoformat() if name in WAIVER_DAYS else value for name, value in waiver_values(waiver).items()}


def waiver_from_dict(data: Mapping[str, Any]) -> Waiver:
    """Rebuild a waiver from its JSON/YAML form; KeyError (naming the first missing field) or ValueError."""
    return Waiver(**{name: _document_value(name, data) for name in WAIVER_FIELDS})


def _document_value(name: str, data: Mapping[str, Any]) -> Any:
    if name == "product_version":  # optional: absent or blank means every version
        return None if data.get(name) in (None, "") else str(data[name])
    if name in WAIVER_DAYS:
        return _day(data[name])
    return str(data[name])


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
