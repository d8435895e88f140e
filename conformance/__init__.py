"""conformance: conformance suites and a migration tracker for Japan's standardized
local-government core business systems (地方公共団体情報システムの標準化)."""

from conformance.domain.businesses import BUSINESSES, Business, business
from conformance.domain.results import CaseResult, Finding, RunResult, Verdict, rollup

__version__ = "0.1.0"

__all__ = [
    "BUSINESSES",
    "Business",
    "CaseResult",
    "Finding",
    "RunResult",
    "Verdict",
    "__version__",
    "business",
    "rollup",
]
