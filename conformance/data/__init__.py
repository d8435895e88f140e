"""Migration-data conformance: validate a delivery against the basic data list of a spec.

This package never loads specs: the caller passes a SpecBundle (import contract: data → municipalities →
domain), and it never imports the synthetic generator (`conformance.synthetic`, which uses the rules
exported here). Entry points: `validate_delivery` with a delivery source and a defect sink, then the
report (`summary_json`, `run_result`) and `compare` for two reports. Everything not listed in `__all__`
is internal.
"""

from conformance.data.codes import BY_CODE, CATALOGUE, FAMILIES, FindingCode, Level
from conformance.data.decode.encoding import HEAD_BYTES, Sniffed, sniff
from conformance.data.filecheck import FileChecker, FileReport, FileStatus
from conformance.data.keys.keysets import display_key
from conformance.data.report.compare import Comparison, CountChange, Report, ReportReadError, compare, read_report
from conformance.data.report.defects import Defect, DefectSink, MemorySink, Tally
from conformance.data.report.masking import mask_value
from conformance.data.report.staging import OutputFolderError, StagedFolder
from conformance.data.report.summary import run_result, summary_dict, summary_json
from conformance.data.report.writer import ReportWriter
from conformance.data.rules.cell_rules import check_cell, cross_field_finding
from conformance.data.rules.charsets import char_length
from conformance.data.rules.dates import parse_date
from conformance.data.rules.family import CellFinding
from conformance.data.source.delivery import (
    DeliveryFile,
    DeliverySource,
    FileListSource,
    FolderSource,
    InMemorySource,
    UnusableDeliveryError,
    ZipSource,
    open_delivery,
)
from conformance.data.source.presence import TRUTH_FILE, FileMatch, match_file
from conformance.data.validator import ValidationOutcome, validate_delivery

__all__ = [
    "BY_CODE",
    "CATALOGUE",
    "FAMILIES",
    "HEAD_BYTES",
    "TRUTH_FILE",
    "CellFinding",
    "Comparison",
    "CountChange",
    "Defect",
    "DefectSink",
    "DeliveryFile",
    "DeliverySource",
    "FileChecker",
    "FileListSource",
    "FileMatch",
    "FileReport",
    "FileStatus",
    "FindingCode",
    "FolderSource",
    "InMemorySource",
    "Level",
    "MemorySink",
    "OutputFolderError",
    "Report",
    "ReportReadError",
    "ReportWriter",
    "Sniffed",
    "StagedFolder",
    "Tally",
    "UnusableDeliveryError",
    "ValidationOutcome",
    "ZipSource",
    "char_length",
    "check_cell",
    "compare",
    "cross_field_finding",
    "display_key",
    "mask_value",
    "match_file",
    "open_delivery",
    "parse_date",
    "read_report",
    "run_result",
    "sniff",
    "summary_dict",
    "summary_json",
    "validate_delivery",
]
