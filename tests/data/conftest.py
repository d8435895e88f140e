"""Fixtures of the data-validation tests: loaded specs and small generated deliveries."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.domain.spec import SpecBundle
from conformance.specs import check_specs, default_specs_dir, load_spec


def shipped_bundles() -> list[SpecBundle]:
    """Every spec version under specs/ that loads (what `conformance specs list` shows)."""
    return check_specs(default_specs_dir(), verify_openapi=False).bundles


@pytest.fixture(scope="session")
def resident_registry() -> SpecBundle:
    """The resident-registry spec (latest version)."""
    return load_spec(default_specs_dir(), "resident-registry", verify_openapi=False)


@pytest.fixture(scope="session")
def clean_delivery(tmp_path_factory: pytest.TempPathFactory, resident_registry: SpecBundle) -> Path:
    """A clean 2,000-row resident-registry delivery."""
    from conformance.synthetic import generate_delivery

    folder = tmp_path_factory.mktemp("clean")
    generate_delivery(resident_registry, 2_000, folder, seed=11)
    return folder
