"""The reference vendor: a real HTTP service implementing every business's linkage API and file drop.

It serves synthetic records handed to it by the caller (the CLI seeds them with the data
generator), passes every linkage suite, and — with ``fault=`` — becomes one of the fault-seeded
variants the project's tests prove the suites against. See vendors/reference/README.md. Other
packages use the names below, never the modules behind them.
"""

from conformance.reference_vendor.app import create_app
from conformance.reference_vendor.dataset import BusinessData, Change, GroupData, build_business
from conformance.reference_vendor.faults import CATALOGUE, Fault, FaultKind, UnknownFaultError, find_fault
from conformance.reference_vendor.linkage_files import file_name, render_files
from conformance.reference_vendor.server import BackgroundServer, free_port

__all__ = [
    "CATALOGUE",
    "BackgroundServer",
    "BusinessData",
    "Change",
    "Fault",
    "FaultKind",
    "GroupData",
    "UnknownFaultError",
    "build_business",
    "create_app",
    "file_name",
    "find_fault",
    "free_port",
    "render_files",
]
