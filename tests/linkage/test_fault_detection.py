"""Every seeded fault is detected by a failing case naming a requirement that lists the fault's family.

Each fault runs only its own business's suite (scenario, file and non-functional cases; the
schemathesis cases are proven separately), which keeps the whole catalogue well under 3 minutes.
"""

from __future__ import annotations

import pytest

from conformance.domain.results import Verdict
from conformance.linkage import requirements_by_family
from conformance.reference_vendor import CATALOGUE, Fault

from .support import bundle, run_against


def detected(fault: Fault) -> list[str]:
    """The IDs of failing cases that name a requirement listing the fault's family."""
    expected = set(requirements_by_family(bundle(fault.business)).get(fault.family, ()))
    runs = run_against([fault.business], fault=fault.name)
    return [c.case_id for r in runs for c in r.cases
            if c.verdict is Verdict.FAIL and expected & set(c.requirement_ids)]


@pytest.mark.slow
@pytest.mark.parametrize("fault", CATALOGUE, ids=[f.name for f in CATALOGUE])
def test_fault_is_detected(fault: Fault) -> None:
    assert detected(fault), f"{fault.name} ({fault.defect}) was not detected by a {fault.family} case"


def test_catalogue_size_and_spread() -> None:
    assert len(CATALOGUE) >= 30
    assert len({f.business for f in CATALOGUE}) >= 8
    assert len({f.name for f in CATALOGUE}) == len(CATALOGUE)
