"""Migration-data conformance: validate deliveries against the basic data list, generate test data.

This package never loads specs: the caller passes a SpecBundle (import contract: data → reference →
domain). Entry points: `validate_delivery`, `generate_delivery`, and the delivery sources.
"""

from typing import TYPE_CHECKING, Any

from conformance.data.defects import Defect, MemorySink, ReportWriter
from conformance.data.delivery import (
    DeliveryFile,
    DeliverySource,
    FileListSource,
    FolderSource,
    InMemorySource,
    UnusableDeliveryError,
    ZipSource,
    open_delivery,
)
from conformance.data.validator import ValidationOutcome, validate_delivery

if TYPE_CHECKING:
    from conformance.data.generator import GenerationResult, generate_delivery

__all__ = [
    "Defect",
    "DeliveryFile",
    "DeliverySource",
    "FileListSource",
    "FolderSource",
    "GenerationResult",
    "InMemorySource",
    "MemorySink",
    "ReportWriter",
    "UnusableDeliveryError",
    "ValidationOutcome",
    "ZipSource",
    "generate_delivery",
    "open_delivery",
    "validate_delivery",
]


def __getattr__(name: str) -> Any:
    """The generator is imported on first use: validating needs none of it (≈ 30 ms of start-up)."""
    if name in ("GenerationResult", "generate_delivery"):
        from conformance.data import generator

        return getattr(generator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
