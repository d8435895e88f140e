"""Findings with masked evidence: request line, status and a short body excerpt, never secrets or personal data.

Personal fields of the spec (`DataItem.personal_data`) are masked in JSON excerpts with the data
validator's `mask_value`; secrets (tokens) are redacted wherever they would appear.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.data import mask_value
from conformance.domain.results import Finding, Location
from conformance.domain.spec import SpecBundle
from conformance.linkage.transport import Exchange

EXCERPT_CHARS = 300
REDACTED = "[REDACTED]"


@dataclass(slots=True)
class Outcome:
    """What one case observed: findings (→ fail), an undecidable reason (→ error), evidence."""

    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Masker:
    """Masks personal fields of one spec's records and redacts secrets."""

    personal_fields: frozenset[str]
    secrets: tuple[str, ...] = ()

    @classmethod
    def for_bundle(cls, bundle: SpecBundle, secrets: Iterable[str] = ()) -> Masker:
        """A masker for the personal items of `bundle`."""
        fields = frozenset(i.field for g in bundle.data_groups for i in g.items if i.personal_data)
        return cls(fields, tuple(s for s in secrets if s))

    def redact(self, text: str) -> str:
        """`text` with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def excerpt(self, exchange: Exchange) -> str:
        """A short, masked rendering of a response body."""
        try:
            parsed = exchange.json()
        except (ValueError, UnicodeDecodeError):
            raw = exchange.body[:EXCERPT_CHARS].decode("utf-8", errors="replace")
            text = mask_value(raw.replace("\n", " "), personal=False) if raw else "(empty body)"
            return self.redact(f"[{exchange.media_type or 'no content type'}] {text}")
        text = json.dumps(self.mask(parsed), ensure_ascii=False)
        return self.redact(text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…")

    def mask(self, value: Any, key: str | None = None) -> Any:
        """A JSON value with personal fields masked (recursively)."""
        if isinstance(value, Mapping):
            return {k: self.mask(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.mask(v, key) for v in value[:3]] + (["…"] if len(value) > 3 else [])
        if isinstance(value, str) and key in self.personal_fields:
            return mask_value(value, personal=True)
        return value

    def value(self, field_name: str, value: Any) -> str:
        """One field's value as it may appear in a finding."""
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return self.redact(mask_value(text, personal=field_name in self.personal_fields))


def http_finding(code: str, message: str, requirement_ids: tuple[str, ...], exchange: Exchange, masker: Masker,
                 *, pointer: str | None = None, value: str | None = None,
                 params: Mapping[str, str | int | float | None] | None = None) -> Finding:
    """A finding about one HTTP exchange, with the request line, status and a masked body excerpt."""
    request = masker.redact(f"{exchange.request_line} -> {exchange.status or exchange.failure}")
    evidence = dict(params or {})
    evidence.setdefault("excerpt", masker.excerpt(exchange))
    return Finding(code, masker.redact(message), requirement_ids, Location(request=request, pointer=pointer),
                   value, evidence)
