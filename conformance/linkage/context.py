"""Everything the cases of one business share during a run: spec, transport, masker, caches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.domain.spec import ApiOperation, ApiOperationKind, DataGroup, ItemType, SpecBundle
from conformance.linkage.evidence import Masker
from conformance.linkage.filedrop import FileDrop
from conformance.linkage.openapi_check import ResponseValidator
from conformance.linkage.transport import Transport

EPOCH_SINCE = "1970-01-01T00:00:00+00:00"


@dataclass(frozen=True, slots=True)
class Budget:
    """How much each case may do.

    Attributes:
        examples: schemathesis examples per operation and phase (the default budget is modest).
        samples: requests per non-functional measurement.
        page_size: per_page used when walking pages in scenarios.
        max_pages: pages walked at most per traversal.
    """

    examples: int = 8
    samples: int = 20
    page_size: int = 7
    max_pages: int = 200


@dataclass(slots=True)
class BusinessContext:
    """The state shared by the cases of one business."""

    bundle: SpecBundle
    transport: Transport
    masker: Masker
    base_url: str
    files: FileDrop | None = None
    budget: Budget = field(default_factory=Budget)
    auth_headers: dict[str, str] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    _validator: ResponseValidator | None = None

    @property
    def validator(self) -> ResponseValidator:
        """The openapi-core validator of this business's document (built on first use)."""
        if self._validator is None:
            self._validator = ResponseValidator(self.bundle.api.openapi)
        return self._validator

    def operation(self, operation_id: str) -> ApiOperation:
        """The spec operation with this ID."""
        return next(o for o in self.bundle.api.operations if o.operation_id == operation_id)

    def path(self, operation: ApiOperation, key: str | None = None) -> str:
        """The request path of an operation (a lookup's key substituted)."""
        path = f"{self.bundle.api.base_path}{operation.path}"
        if key is not None:
            path = path[: path.rindex("{")] + key
        return path

    def sibling(self, operation: ApiOperation, kind: ApiOperationKind) -> ApiOperation | None:
        """Another operation of the same data group, of the given kind."""
        return next((o for o in self.bundle.api.operations if o.group == operation.group and o.kind is kind), None)

    def group(self, operation: ApiOperation) -> DataGroup:
        """The data group an operation serves."""
        return self.bundle.group(operation.group)


def key_of(group: DataGroup, record: Any) -> str:
    """A JSON record's primary key, in the same ``+``-joined form as the change feed's ``key``."""
    if not isinstance(record, dict):
        return ""
    return "+".join(csv_text(group.item(i).type, record.get(group.item(i).field)) for i in group.primary_key)


def csv_text(kind: ItemType, value: Any) -> str:
    """A JSON value in its linkage-file spelling (flags 0/1, null empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if kind is ItemType.DECIMAL and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
