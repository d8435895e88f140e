"""The link to certification results: a small lookup protocol, an in-memory twin, and file parsing.

The evidence issue will produce certification statuses per (product, product version, business,
spec version). Until it lands, records are loaded with ``conformance tracker import-certifications``
(JSON or CSV); afterwards the same table can be filled by the evidence pipeline, or a different
`CertificationLookup` can be passed to the readiness rules. Nothing else in the tracker cares.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from conformance.domain.businesses import SLUGS
from conformance.tracker.records import Problem
from conformance.tracker.workbook import csv_text


class CertificationStatus(StrEnum):
    """What the evidence says about a product for a business and spec version."""

    CERTIFIED = "certified"
    NOT_CERTIFIED = "not_certified"
    UNKNOWN = "unknown"


_STATUS_WORDS: dict[str, CertificationStatus] = {
    "certified": CertificationStatus.CERTIFIED, "pass": CertificationStatus.CERTIFIED,
    "適合": CertificationStatus.CERTIFIED,
    "not_certified": CertificationStatus.NOT_CERTIFIED, "fail": CertificationStatus.NOT_CERTIFIED,
    "failed": CertificationStatus.NOT_CERTIFIED, "revoked": CertificationStatus.NOT_CERTIFIED,
    "expired": CertificationStatus.NOT_CERTIFIED, "不適合": CertificationStatus.NOT_CERTIFIED,
    "pending": CertificationStatus.UNKNOWN, "unknown": CertificationStatus.UNKNOWN,
}


@dataclass(frozen=True, slots=True)
class CertificationRecord:
    """One certification statement about (product, product version, business, spec version)."""

    product: str
    product_version: str
    business: str
    spec_version: str
    status: CertificationStatus
    evidence_ref: str
    as_of: date


class CertificationLookup(Protocol):
    """Answers: is this product version certified for this business and spec version?"""

    def lookup(self, product: str, product_version: str, business: str,
               spec_version: str) -> CertificationRecord | None:
        """The latest record for the key, or None when there is no evidence at all."""
        ...


class InMemoryCertificationLookup:
    """A lookup over records held in memory (built from the store's table, or by tests)."""

    def __init__(self, records: Iterable[CertificationRecord] = ()) -> None:
        self._latest: dict[tuple[str, str, str, str], CertificationRecord] = {}
        for record in records:
            self.add(record)

    def add(self, record: CertificationRecord) -> None:
        """Add a record; a later (or same-date, later-added) record for the same key wins."""
        key = (record.product, record.product_version, record.business, record.spec_version)
        known = self._latest.get(key)
        if known is None or record.as_of >= known.as_of:
            self._latest[key] = record

    def lookup(self, product: str, product_version: str, business: str,
               spec_version: str) -> CertificationRecord | None:
        """The latest record for the key, or None."""
        return self._latest.get((product, product_version, business, spec_version))

    def records(self) -> list[CertificationRecord]:
        """The latest record of every key."""
        return list(self._latest.values())


def record_from_mapping(data: dict[str, Any]) -> CertificationRecord:
    """A record from a stored row or a parsed file entry (raises KeyError/ValueError when malformed)."""
    status = _STATUS_WORDS.get(str(data["status"]).strip().lower())
    if status is None:
        raise ValueError(f"unknown status {data['status']!r} (certified / not_certified / pending)")
    as_of = data["as_of"]
    return CertificationRecord(
        product=str(data["product"]).strip(), product_version=str(data["product_version"]).strip(),
        business=str(data["business"]).strip(), spec_version=str(data["spec_version"]).strip(),
        status=status, evidence_ref=str(data.get("evidence_ref") or ""),
        as_of=as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)),
    )


def parse_certification_file(path: Path) -> tuple[list[CertificationRecord], list[Problem]]:
    """Read certification records from JSON (a list, or {"certifications": [...]}) or CSV with a header."""
    try:
        if path.suffix.lower() == ".csv":
            entries: list[Any] = list(csv.DictReader(io.StringIO(csv_text(path.read_bytes()), newline="")))
        else:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            entries = loaded["certifications"] if isinstance(loaded, dict) else loaded
            if not isinstance(entries, list):
                raise ValueError("expected a list of records")
    except (OSError, ValueError, KeyError, csv.Error) as error:  # UnicodeDecodeError is a ValueError
        return [], [Problem("unreadable", f"cannot read certifications: {error}", path.name)]
    records: list[CertificationRecord] = []
    problems: list[Problem] = []
    for number, entry in enumerate(entries, start=2 if path.suffix.lower() == ".csv" else 1):
        try:
            if not isinstance(entry, dict):
                raise ValueError("each record must be an object")
            record = record_from_mapping(entry)
            if record.business not in SLUGS:
                raise ValueError(f"unknown business {record.business!r}")
            records.append(record)
        except (KeyError, ValueError) as error:
            problems.append(Problem("bad_certification", f"{type(error).__name__}: {error}", path.name, None,
                                    number))
    return records, problems
