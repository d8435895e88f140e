"""Coverage, waivers and certification status from runs of any kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conformance.domain.results import Verdict
from conformance.domain.spec import SpecBundle, VerificationMethod
from conformance.evidence import (
    Status,
    apply_waivers,
    blocking_reasons,
    certify,
    latest_runs,
    requirement_rows,
    spec_coverage_gaps,
)
from conformance.reports import Basis
from conformance.result_store import Waiver
from conformance.specs import load_all
from tests.evidence.conftest import PRODUCT, VERSION, automated_run, declaration_run


def test_every_shipped_requirement_is_covered(shipped_specs_dir: Path) -> None:
    bundles = load_all(shipped_specs_dir, verify_openapi=False)
    gaps = {f"{b.meta.slug} {b.meta.version_id}": spec_coverage_gaps(b) for b in bundles}
    assert {k: v for k, v in gaps.items() if v} == {}
    assert len(bundles) >= 17


def test_rows_distinguish_automated_from_declared(spec: SpecBundle) -> None:
    rows = {r.requirement_id: r for r in requirement_rows(spec, [declaration_run(spec), automated_run(spec)])}
    for requirement in spec.requirements:
        row = rows[requirement.id]
        automated = requirement.verification.method is VerificationMethod.AUTOMATED
        expected = Basis.AUTOMATED if automated else Basis.DECLARED
        assert row.basis is expected, requirement.id
        assert row.verdict in (Verdict.PASS, Verdict.NOT_APPLICABLE)


def test_declaration_alone_does_not_decide_automated_requirements(spec: SpecBundle) -> None:
    cert = certify(spec, product=PRODUCT, product_version=VERSION, runs=[declaration_run(spec)], waivers=[],
                   on=date(2025, 5, 1))
    assert cert.status is Status.INCOMPLETE
    assert any("no automated case ran" in reason for reason in cert.reasons)


def test_waiver_turns_fail_into_waived_and_reverts_after_expiry(spec: SpecBundle) -> None:
    target = next(r.id for r in spec.requirements if r.verification.method is VerificationMethod.AUTOMATED)
    runs = [declaration_run(spec), automated_run(spec, {target: Verdict.FAIL})]
    waiver = Waiver("W-1", PRODUCT, spec.meta.slug, spec.meta.version_id, f"AUTO-{target}", "外字対応は次版",
                    "標準化PMO", date(2025, 6, 30), date(2025, 4, 1))
    before = certify(spec, product=PRODUCT, product_version=VERSION, runs=runs, waivers=[waiver], on=date(2025, 6, 30))
    assert before.status is Status.CONFORMANT_WITH_WAIVERS
    waived = [c for r in before.effective_runs for c in r.cases if c.verdict is Verdict.WAIVED]
    assert [c.case_id for c in waived] == [f"AUTO-{target}"]
    assert waived[0].findings and "W-1" in (waived[0].reason or "")
    after = certify(spec, product=PRODUCT, product_version=VERSION, runs=runs, waivers=[waiver], on=date(2025, 7, 1))
    assert after.status is Status.NOT_CONFORMANT
    assert any(reason.startswith(target) for reason in after.reasons)
    # the stored run itself is never changed
    assert runs[1].verdict is Verdict.FAIL


def test_waivers_never_touch_passes_errors_or_other_products(spec: SpecBundle) -> None:
    run = automated_run(spec, {spec.requirements[0].id: Verdict.ERROR})
    waivers = [Waiver("W", PRODUCT, spec.meta.slug, spec.meta.version_id, c.case_id, "j", "a", date(2030, 1, 1),
                      date(2025, 1, 1)) for c in run.cases]
    assert apply_waivers(run, waivers, date(2025, 5, 1)) == run
    other = Waiver("W", "Other", spec.meta.slug, spec.meta.version_id, run.cases[0].case_id, "j", "a",
                   date(2030, 1, 1), date(2025, 1, 1))
    assert apply_waivers(run, [other], date(2025, 5, 1)) == run


def test_conformant_and_refusal_names_the_failing_requirement(spec: SpecBundle) -> None:
    good = certify(spec, product=PRODUCT, product_version=VERSION,
                   runs=[declaration_run(spec), automated_run(spec)], waivers=[], on=date(2025, 5, 1))
    assert good.status is Status.CONFORMANT
    assert blocking_reasons([good]) == []
    target = spec.requirements[0].id
    # a later failing run supersedes the earlier passing one
    runs = [declaration_run(spec), automated_run(spec), automated_run(spec, {target: Verdict.FAIL}, "auto-2", 5)]
    assert [r.run_id for r in latest_runs(runs)] == ["auto-2", "decl-0"]
    bad = certify(spec, product=PRODUCT, product_version=VERSION, runs=runs, waivers=[], on=date(2025, 5, 1))
    assert bad.status is Status.NOT_CONFORMANT
    reasons = blocking_reasons([bad])
    assert any(target in line and "DATA-LENGTH" in line for line in reasons)


def test_no_runs_is_incomplete(spec: SpecBundle) -> None:
    cert = certify(spec, product=PRODUCT, product_version=VERSION, runs=[], waivers=[], on=date(2025, 5, 1))
    assert cert.status is Status.INCOMPLETE
    assert len(cert.reasons) == len(spec.requirements)
