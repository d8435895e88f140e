"""The fault catalogue is closed, documented and injected only through the factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conformance.reference_vendor import CATALOGUE, UnknownFaultError, create_app, find_fault

from ..linkage.support import business_data

README = Path(__file__).resolve().parents[2] / "vendors" / "reference" / "README.md"


def test_every_fault_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for fault in CATALOGUE:
        assert f"`{fault.name}`" in text


def test_unknown_fault_gets_did_you_mean() -> None:
    with pytest.raises(UnknownFaultError, match="did you mean 'nhi-paging-unstable'"):
        find_fault("nhi-paging-unstabel")


def test_app_requires_the_token_and_serves_meta_and_files() -> None:
    data = business_data("national-pension")
    client = TestClient(create_app([data], token="t0k"))
    base = data.bundle.api.base_path
    assert client.get(f"{base}/meta").status_code == 401
    meta = client.get(f"{base}/meta", headers={"Authorization": "Bearer t0k"})
    assert meta.json()["spec_version"] == data.bundle.meta.version
    index = client.get("/files/national-pension/", headers={"Authorization": "Bearer t0k"}).json()["files"]
    assert len(index) == 2 * len(data.bundle.data_groups)


def test_changes_carry_deletions_with_null_record() -> None:
    data = business_data("national-pension")
    client = TestClient(create_app([data]))
    changes = next(o for o in data.bundle.api.operations if o.kind.value == "changes")
    body = client.get(f"{data.bundle.api.base_path}{changes.path}",
                      params={"since": "2000-01-01T00:00:00+09:00", "per_page": "500"}).json()
    deleted = [c for c in body["changes"] if c["operation"] == "deleted"]
    assert deleted and all(c["record"] is None for c in deleted)
