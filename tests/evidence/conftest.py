"""Evidence fixtures: the shipped resident-registry spec and complete runs for a product."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conformance.domain.results import CaseResult, RunResult, Subject, Verdict
from conformance.domain.spec import Category, SpecBundle, VerificationMethod
from conformance.evidence import IMPLEMENTED, NOT_IMPLEMENTED, Answer, Declaration, check_declaration
from conformance.specs import load_spec

PRODUCT, VERSION = "Acme住民記録", "1.0"
T0 = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def spec(shipped_specs_dir: Path) -> SpecBundle:
    """The shipped resident-registry spec (latest version)."""
    return load_spec(shipped_specs_dir, "resident-registry", verify_openapi=False)


def good_answers(spec: SpecBundle) -> tuple[Answer, ...]:
    """A conformant declaration: mandatory and options 実装, not-allowed 未実装."""
    return tuple(
        Answer(r.id, NOT_IMPLEMENTED if r.category is Category.NOT_ALLOWED else IMPLEMENTED) for r in spec.requirements
    )


def declaration_run(spec: SpecBundle, answers: tuple[Answer, ...] | None = None, minutes: int = 0) -> RunResult:
    """The declaration run of PRODUCT for `spec`."""
    declaration = Declaration(spec.meta.slug, spec.meta.version_id, PRODUCT, VERSION, answers or good_answers(spec))
    return check_declaration(spec, declaration, tool_version="0.1.0", run_id=f"decl-{minutes}",
                             now=T0.replace(minute=minutes))


def automated_run(spec: SpecBundle, failing: dict[str, Verdict] | None = None, run_id: str = "auto-1",
                  minutes: int = 1) -> RunResult:
    """One pass case per automated requirement (unless `failing` says otherwise)."""
    from tests.result_store.factories import case

    failing = failing or {}
    cases: list[CaseResult] = [
        case(f"AUTO-{r.id}", failing.get(r.id, Verdict.PASS), (r.id,))
        for r in spec.requirements
        if r.verification.method is VerificationMethod.AUTOMATED
    ]
    start = T0.replace(minute=minutes)
    return RunResult(run_id, "data-validation",
                     Subject(spec.meta.slug, spec.meta.version_id, PRODUCT, VERSION), start, start, "0.1.0",
                     tuple(cases))


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 key."""
    return Ed25519PrivateKey.generate()
