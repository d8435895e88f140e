"""End-to-end fixtures: every test works in its own fresh working directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.support import TOKEN_ENV


@pytest.fixture(autouse=True)
def fresh_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty directory (no repository files, no conformance.db) with a known reference token."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONFORMANCE_DB", raising=False)
    monkeypatch.delenv("CONFORMANCE_SIGNING_KEY", raising=False)
    monkeypatch.setenv(TOKEN_ENV, "integration-token-3d9f")
    yield tmp_path
