"""Shared fixtures. Test layout: see tests/README.md."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.specs import CACHE_ENV_VAR, default_specs_dir

REPO = Path(__file__).resolve().parent.parent


_RECEIPTS = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Spec schema receipts (conformance.specs.receipts) go to a folder of this test session, not the user's
    cache: every session starts with none, and the commands run as subprocesses inherit the setting."""
    config.stash[_RECEIPTS] = tempfile.mkdtemp(prefix="conformance-test-cache-")
    os.environ[CACHE_ENV_VAR] = config.stash[_RECEIPTS]


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash.get(_RECEIPTS, ""), ignore_errors=True)


# The longest test file (the README demo, minutes): collected first, so that with several workers (nox runs
# pytest -n auto --dist loadfile) the rest of the suite runs beside it instead of after it.
LONGEST_FIRST = ("tests/integration/test_demo.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))  # stable: the rest keep their order


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI (CI=true, as .ci/run is run) a skipped test fails: CI installs every tool the tests
    drive (PostgreSQL, Chromium, LibreOffice), so a skip there means an install step is missing,
    and no skipped test may leave the run looking green."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {report.longrepr}"
