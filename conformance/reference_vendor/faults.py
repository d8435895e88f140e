"""The closed catalogue of seeded faults: each one realistic defect of one business's linkage.

A fault variant of the reference vendor is ``create_app(..., fault="<name>")``. Each fault names
the check family whose cases must catch it (``family``): the fault-seeded test proves that a case
naming a requirement which lists that family fails against the variant. The catalogue is a tuple
(closed, ordered, documented in vendors/reference/README.md), never a registry filled at import.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    """Where and how a fault changes the reference vendor's behaviour."""

    LOOKUP_WRONG_STATUS = "lookup-wrong-status"
    ERROR_BODY_NOT_PROBLEM = "error-body-not-problem"
    INVALID_PARAMETER_ACCEPTED = "invalid-parameter-accepted"
    AUTH_NOT_ENFORCED = "auth-not-enforced"
    AUTH_ANY_TOKEN = "auth-any-token"
    PAGING_UNSTABLE = "paging-unstable"
    PAGING_REPEATS = "paging-repeats"
    TOTAL_WRONG = "total-wrong"
    MISSING_MANDATORY = "missing-mandatory"
    WRONG_TYPE = "wrong-type"
    CODE_OUTSIDE_TABLE = "code-outside-table"
    HALFWIDTH_KANA = "halfwidth-kana"
    EXTRA_PROPERTY = "extra-property"
    CONTENT_TYPE_WRONG = "content-type-wrong"
    CHANGES_MISSING_DELETIONS = "changes-missing-deletions"
    CHANGES_NO_TIMEZONE = "changes-no-timezone"
    CHANGES_SINCE_IGNORED = "changes-since-ignored"
    CHANGES_STALE_RECORD = "changes-stale-record"
    DELETED_STILL_FOUND = "deleted-still-found"
    SLOW_LOOKUP = "slow-lookup"
    FILE_MISSING_COLUMN = "file-missing-column"
    FILE_MISSING_GROUP = "file-missing-group"
    FILE_DELTA_INCONSISTENT = "file-delta-inconsistent"
    FILE_SHIFT_JIS = "file-shift-jis"
    FILE_LF_LINE_ENDINGS = "file-lf-line-endings"
    FILE_CODE_OUTSIDE_TABLE = "file-code-outside-table"
    FILE_HALFWIDTH_KANA = "file-halfwidth-kana"
    FILE_DELTA_NO_OPERATION = "file-delta-no-operation"


@dataclass(frozen=True, slots=True)
class Fault:
    """One seeded defect.

    Attributes:
        name: the stable fault name, ``<business prefix>-<kind>``.
        business: the business slug whose linkage carries the defect.
        kind: what the defect does.
        family: the check family whose cases must detect it.
        defect: what a vendor would have got wrong, in words.
    """

    name: str
    business: str
    kind: FaultKind
    family: str
    defect: str


def _fault(prefix: str, business: str, kind: FaultKind, family: str, defect: str) -> Fault:
    return Fault(f"{prefix}-{kind.value}", business, kind, family, defect)


K = FaultKind
CATALOGUE: tuple[Fault, ...] = (
    _fault("rr", "resident-registry", K.LOOKUP_WRONG_STATUS, "api.errors",
           "an unknown 宛名番号 answers 200 with an empty object instead of 404 NOT_FOUND"),
    _fault("lem", "late-elderly-medical-care", K.ERROR_BODY_NOT_PROBLEM, "api.errors",
           "404 answered with a plain JSON body instead of application/problem+json"),
    _fault("se", "school-enrollment", K.INVALID_PARAMETER_ACCEPTED, "api.errors",
           "per_page outside 1..500 is accepted instead of 400 INVALID_PARAMETER"),
    _fault("fr", "family-register", K.AUTH_NOT_ENFORCED, "api.auth",
           "the API answers requests without a bearer token"),
    _fault("sr", "seal-registration", K.AUTH_ANY_TOKEN, "api.auth",
           "any bearer token is accepted, not only the issued one"),
    _fault("nhi", "national-health-insurance", K.PAGING_UNSTABLE, "api.search",
           "search results come back in a different order on every request"),
    _fault("ltc", "long-term-care-insurance", K.PAGING_REPEATS, "api.search",
           "each page repeats the last record of the previous page (off-by-one paging)"),
    _fault("ca", "child-allowance", K.TOTAL_WRONG, "api.search",
           "the page's total does not match the number of records"),
    _fault("er", "electoral-roll", K.MISSING_MANDATORY, "api.schema",
           "a mandatory field is left out of every record"),
    _fault("fa", "fixed-asset-tax", K.WRONG_TYPE, "api.schema",
           "a numeric field is returned as a string"),
    _fault("cc", "child-care-support", K.CODE_OUTSIDE_TABLE, "api.schema",
           "a coded field carries a value outside its code table"),
    _fault("rr", "resident-registry", K.HALFWIDTH_KANA, "api.schema",
           "half-width kana in a full-width katakana field"),
    _fault("lv", "light-vehicle-tax", K.EXTRA_PROPERTY, "api.schema",
           "records carry a property the basic data list does not define"),
    _fault("ct", "corporate-inhabitant-tax", K.CONTENT_TYPE_WRONG, "api.schema",
           "JSON responses are labelled text/plain"),
    _fault("pa", "public-assistance", K.CHANGES_MISSING_DELETIONS, "api.changes",
           "the change feed leaves out deletions"),
    _fault("it", "individual-inhabitant-tax", K.CHANGES_NO_TIMEZONE, "api.changes",
           "change timestamps (連携日時) have no timezone offset"),
    _fault("np", "national-pension", K.CHANGES_SINCE_IGNORED, "api.changes",
           "the change feed ignores `since` and always returns the whole history"),
    _fault("cr", "child-rearing-allowance", K.CHANGES_STALE_RECORD, "api.changes",
           "the change feed carries a record that disagrees with the lookup"),
    _fault("dw", "disability-welfare", K.DELETED_STILL_FOUND, "api.changes",
           "a record the change feed reports deleted is still returned by the lookup"),
    _fault("hm", "health-management", K.SLOW_LOOKUP, "nonfunctional.response-time",
           "the lookup is slower than the mandatory response-time parameter"),
    _fault("rr", "resident-registry", K.FILE_MISSING_COLUMN, "file.layout",
           "a linkage file is missing a column of the basic data list"),
    _fault("it", "individual-inhabitant-tax", K.FILE_MISSING_GROUP, "file.presence",
           "one data group's linkage files are not in the file drop"),
    _fault("fa", "fixed-asset-tax", K.FILE_DELTA_INCONSISTENT, "file.delta",
           "the delta file does not agree with the full file (a change is missing)"),
    _fault("ca", "child-allowance", K.FILE_SHIFT_JIS, "file.encoding",
           "linkage files are written in Shift_JIS instead of UTF-8"),
    _fault("np", "national-pension", K.FILE_LF_LINE_ENDINGS, "file.layout",
           "linkage files use LF line endings instead of CRLF"),
    _fault("er", "electoral-roll", K.FILE_CODE_OUTSIDE_TABLE, "file.full",
           "the full file carries a code outside its code table"),
    _fault("lem", "late-elderly-medical-care", K.FILE_HALFWIDTH_KANA, "file.full",
           "half-width kana in a full-width katakana column of the full file"),
    _fault("pa", "public-assistance", K.FILE_DELTA_NO_OPERATION, "file.delta",
           "delta files lack the 連携区分 / 連携日時 columns"),
    _fault("ks", "koseki-supplement", K.AUTH_NOT_ENFORCED, "api.auth",
           "the API answers requests without a bearer token"),
    _fault("nhi", "national-health-insurance", K.CHANGES_MISSING_DELETIONS, "api.changes",
           "the change feed leaves out deletions"),
    _fault("cc", "child-care-support", K.PAGING_REPEATS, "api.search",
           "each page repeats the last record of the previous page (off-by-one paging)"),
    _fault("sr", "seal-registration", K.WRONG_TYPE, "api.schema",
           "a numeric field is returned as a string"),
    _fault("ltc", "long-term-care-insurance", K.LOOKUP_WRONG_STATUS, "api.errors",
           "an unknown 宛名番号 answers 200 with an empty object instead of 404 NOT_FOUND"),
)


class UnknownFaultError(ValueError):
    """A fault name that is not in the catalogue."""


def find_fault(name: str) -> Fault:
    """The fault with this name; UnknownFaultError (with a did-you-mean) otherwise."""
    for fault in CATALOGUE:
        if fault.name == name:
            return fault
    close = difflib.get_close_matches(name, [f.name for f in CATALOGUE], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UnknownFaultError(f"unknown fault '{name}'{hint}")
