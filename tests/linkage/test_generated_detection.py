"""The schemathesis-generated cases catch, on their own, every seeded fault a response schema, a status
code, a content type or an auth check can see.

test_fault_detection proves each fault is caught by the scenario, file and non-functional cases; here
each API fault runs with the generated cases included, and a generated case must fail. The reference
vendor without a fault passes every generated case (test_reference_passes, the demo), so a failure here
is the fault's. Faults only a scenario can see (paging order, change-feed content, a pattern the
OpenAPI document cannot state) are listed as such, so that a new fault has to be placed in one list.
"""

from __future__ import annotations

import pytest

from conformance.domain.results import Verdict
from conformance.linkage import GENERATED
from conformance.reference_vendor import CATALOGUE, Fault

from .support import run_against

VISIBLE_TO_GENERATED = frozenset({
    "rr-lookup-wrong-status", "ltc-lookup-wrong-status",  # 200 where the document says 404
    "lem-error-body-not-problem",  # the 404 body is not the Problem schema
    "se-invalid-parameter-accepted",  # an out-of-range parameter answered 200
    "fr-auth-not-enforced", "ks-auth-not-enforced", "sr-auth-any-token",  # auth ignored
    "er-missing-mandatory", "fa-wrong-type", "sr-wrong-type", "cc-code-outside-table", "lv-extra-property",
    "it-changes-no-timezone",  # the response body breaks the schema (required, type, enum, properties, format)
    "ct-content-type-wrong",  # the response's content type is not the document's
})
SCENARIO_ONLY = frozenset({
    "nhi-paging-unstable", "ltc-paging-repeats", "cc-paging-repeats", "ca-total-wrong",  # valid pages, wrong paging
    "pa-changes-missing-deletions", "nhi-changes-missing-deletions", "np-changes-since-ignored",
    "cr-changes-stale-record", "dw-deleted-still-found",  # valid change entries, wrong history
    "rr-halfwidth-kana",  # the character class is in the basic data list, not in the OpenAPI pattern
    "hm-slow-lookup",  # timing, measured by the non-functional cases
})
API_FAULTS = [fault for fault in CATALOGUE if fault.family.startswith(("api.", "nonfunctional."))]


def test_every_api_fault_is_placed() -> None:
    names = {fault.name for fault in API_FAULTS}
    assert names == VISIBLE_TO_GENERATED | SCENARIO_ONLY
    assert not VISIBLE_TO_GENERATED & SCENARIO_ONLY


@pytest.mark.slow
@pytest.mark.parametrize("fault", [f for f in API_FAULTS if f.name in VISIBLE_TO_GENERATED],
                         ids=lambda f: f.name)
def test_generated_cases_detect_the_fault(fault: Fault) -> None:
    runs = run_against([fault.business], fault=fault.name, generated=True, examples=3,
                       families=frozenset({"api.schema"}))
    generated = [c for r in runs for c in r.cases if c.evidence.get("scenario") == GENERATED]
    assert generated
    failed = [c.case_id for c in generated if c.verdict is Verdict.FAIL]
    assert failed, f"{fault.name} ({fault.defect}) passed every generated case"
