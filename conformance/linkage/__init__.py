"""Linkage conformance: suites derived from each business's linkage spec, run against a vendor.

Probe first, then API scenario cases, generated cases (schemathesis), file-linkage cases (via the
data validator) and non-functional cases; the runner yields events ending in one RunResult per
business. Entry points: `load_profile`, `build_targets`, `run_all`.
"""

from conformance.linkage.connection import ConfigurationError
from conformance.linkage.context import Budget, BusinessContext
from conformance.linkage.events import (
    BusinessFinished,
    BusinessStarted,
    CaseFinished,
    CaseStarted,
    Event,
    ProbeFinished,
    event_dict,
)
from conformance.linkage.lock import locked_ids
from conformance.linkage.profile import Claim, ProfileError, VendorProfile, load_profile, parse_profile
from conformance.linkage.runner import BusinessTarget, run_all, run_business
from conformance.linkage.seeding import synthetic_rows
from conformance.linkage.session import build_targets
from conformance.linkage.suite import Case, Suite, build_suite

__all__ = [
    "Budget",
    "BusinessContext",
    "BusinessFinished",
    "BusinessStarted",
    "BusinessTarget",
    "Case",
    "CaseFinished",
    "CaseStarted",
    "Claim",
    "ConfigurationError",
    "Event",
    "ProbeFinished",
    "ProfileError",
    "Suite",
    "VendorProfile",
    "build_suite",
    "build_targets",
    "event_dict",
    "load_profile",
    "locked_ids",
    "parse_profile",
    "run_all",
    "run_business",
    "synthetic_rows",
]
