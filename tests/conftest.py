"""Shared fixtures. Test layout: see tests/README.md."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conformance.specs.location import default_specs_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shipped_specs_dir() -> Path:
    """The specs/ folder shipped with the project (read-only: copy before changing)."""
    return default_specs_dir()


@pytest.fixture
def specs_copy(tmp_path: Path, shipped_specs_dir: Path) -> Path:
    """A writable copy of the shipped specs (common + resident-registry only, to stay fast)."""
    target = tmp_path / "specs"
    shutil.copytree(shipped_specs_dir / "common", target / "common")
    shutil.copytree(shipped_specs_dir / "resident-registry", target / "resident-registry")
    return target
