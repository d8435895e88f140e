"""Linkage conformance: suites derived from each business's linkage spec, run against a vendor.

Probe first, then API scenario cases, generated cases (schemathesis), file-linkage cases (via the
data validator) and non-functional cases; the runner yields events ending in one RunResult per
business. Entry points: `load_profile` (or `reference_profile`), `claims_to_run`, `build_targets`,
`run_all`, `overall_verdict`. Other packages use the names below, never the modules behind them.
"""

from conformance.linkage.connection import ConfigurationError, auth_headers, client_options, open_transport
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
from conformance.linkage.generated import run_schemathesis
from conformance.linkage.lock import CaseLock, default_suites_dir, lock_path, locked_ids, read_lock
from conformance.linkage.profile import (
    REFERENCE,
    REFERENCE_TOKEN_ENV,
    Claim,
    ProfileError,
    UnclaimedBusinessError,
    VendorProfile,
    claims_to_run,
    load_profile,
    parse_profile,
    reference_profile,
)
from conformance.linkage.runner import BusinessTarget, overall_verdict, run_all, run_business
from conformance.linkage.seeding import DEFAULT_ROWS, synthetic_rows
from conformance.linkage.session import build_targets
from conformance.linkage.suite import GENERATED, Case, CaseSpec, Suite, build_suite, case_specs, requirements_by_family
from conformance.linkage.transport import TRANSPORT_FAILURES

__all__ = [
    "DEFAULT_ROWS",
    "GENERATED",
    "REFERENCE",
    "REFERENCE_TOKEN_ENV",
    "TRANSPORT_FAILURES",
    "Budget",
    "BusinessContext",
    "BusinessFinished",
    "BusinessStarted",
    "BusinessTarget",
    "Case",
    "CaseFinished",
    "CaseLock",
    "CaseSpec",
    "CaseStarted",
    "Claim",
    "ConfigurationError",
    "Event",
    "ProbeFinished",
    "ProfileError",
    "Suite",
    "UnclaimedBusinessError",
    "VendorProfile",
    "auth_headers",
    "build_suite",
    "build_targets",
    "case_specs",
    "claims_to_run",
    "client_options",
    "default_suites_dir",
    "event_dict",
    "load_profile",
    "lock_path",
    "locked_ids",
    "open_transport",
    "overall_verdict",
    "parse_profile",
    "read_lock",
    "reference_profile",
    "requirements_by_family",
    "run_all",
    "run_business",
    "run_schemathesis",
    "synthetic_rows",
]
