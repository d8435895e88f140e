"""The reference vendor passes every suite (no false positives), whatever the number of workers."""

from __future__ import annotations

from conformance.domain.results import Verdict

from .support import run_against


def _not_passed(runs: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{r.subject.business} {c.case_id} {c.title}: {c.verdict} {c.reason or ''} "
            f"{[f.message for f in c.findings[:2]]}" for r in runs for c in r.cases if c.verdict is not Verdict.PASS]


def test_reference_passes_scenario_file_and_nonfunctional_suites() -> None:
    runs = run_against(["resident-registry", "public-assistance", "fixed-asset-tax", "school-enrollment"])
    assert len(runs) == 4
    assert _not_passed(runs) == []


def test_reference_passes_generated_suite() -> None:
    runs = run_against(["national-pension"], generated=True, examples=3)
    generated = [c for r in runs for c in r.cases if c.evidence.get("scenario") == "generated"]
    assert generated
    assert _not_passed(runs) == []


def test_parallel_businesses_do_not_change_verdicts() -> None:
    slugs = ["child-allowance", "health-management", "light-vehicle-tax"]
    serial = run_against(slugs, fault="ca-total-wrong")
    parallel = run_against(slugs, fault="ca-total-wrong", workers=3)

    def verdicts(runs: list) -> dict[tuple[str, str], Verdict]:  # type: ignore[type-arg]
        return {(r.subject.business, c.case_id): c.verdict for r in runs for c in r.cases}

    assert verdicts(serial) == verdicts(parallel)
    assert Verdict.FAIL in verdicts(serial).values()
