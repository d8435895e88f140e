"""Migration-data conformance: validate deliveries against the basic data list, generate test data.

This package never loads specs: the caller passes a SpecBundle (import contract: data → reference →
domain). Entry points: `validate_delivery`, `generate_delivery`, and the delivery sources.
"""

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
from conformance.data.generator import GenerationResult, generate_delivery
from conformance.data.validator import ValidationOutcome, validate_delivery

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
