"""generate → validate round trip for every business under specs/, and agreement with the oracle."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conformance.data import FolderSource, MemorySink, validate_delivery
from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery
from tests.data import oracle
from tests.data.conftest import shipped_bundles

BUNDLES = shipped_bundles()


def _found(sink: MemorySink) -> set[tuple[str, int | None, str | None, str]]:
    return {(d.file, d.row, d.column, d.code) for d in sink.defects}


def _truth(folder: Path) -> set[tuple[str, int | None, str | None, str]]:
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["file"], int(r["row"]) if r["row"] else None, r["column"] or None, r["code"])
                for r in csv.DictReader(handle)}


def test_every_business_is_covered() -> None:
    assert len({b.meta.slug for b in BUNDLES}) >= 2


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: f"{b.meta.slug}-{b.meta.version_id}")
def test_clean_delivery_is_clean(bundle: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(bundle, 600, tmp_path, seed=5)
    sink = MemorySink()
    outcome = validate_delivery(bundle, FolderSource(tmp_path), sink)
    assert [(d.file, d.row, d.column, d.code) for d in sink.defects][:5] == []
    assert outcome.exit_code == 0
    assert outcome.complete


@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: f"{b.meta.slug}-{b.meta.version_id}")
def test_every_injected_defect_and_nothing_else(bundle: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(bundle, 3_000, tmp_path, seed=7, defect_rate=0.03)
    truth = _truth(tmp_path)
    sink = MemorySink()
    outcome = validate_delivery(bundle, FolderSource(tmp_path), sink)
    found = _found(sink)
    assert sorted(truth - found)[:5] == [], "missed"
    assert sorted(found - truth)[:5] == [], "extra"
    assert outcome.exit_code == 1


def test_resident_registry_covers_every_cell_and_table_code(resident_registry: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(resident_registry, 20_000, tmp_path, seed=3, defect_rate=0.02)
    codes = {code for *_, code in _truth(tmp_path)}
    expected = {"cell.mandatory", "cell.type", "cell.date-format", "cell.date-wareki", "cell.date-invalid",
                "cell.datetime-format", "cell.length", "cell.code", "cell.pattern", "cell.check-digit",
                "cell.char-gaiji", "cell.char-halfwidth-kana", "cell.char-katakana", "cell.char-alnum",
                "cell.char-repertoire", "table.duplicate-key", "table.foreign-key", "table.not-before",
                "table.required-when"}
    assert expected - codes == set()


def test_vectorised_validator_agrees_with_the_oracle(resident_registry: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(resident_registry, 8_000, tmp_path, seed=13, defect_rate=0.03)
    sink = MemorySink()
    validate_delivery(resident_registry, FolderSource(tmp_path), sink)
    ours = {f for f in _found(sink) if f[1] is not None}
    reference = oracle.validate(resident_registry, tmp_path)
    assert sorted(ours - reference)[:5] == []
    assert sorted(reference - ours)[:5] == []
    assert ours == _truth(tmp_path)


def test_generation_is_deterministic(resident_registry: SpecBundle, tmp_path: Path) -> None:
    generate_delivery(resident_registry, 500, tmp_path / "a", seed=9, defect_rate=0.05)
    generate_delivery(resident_registry, 500, tmp_path / "b", seed=9, defect_rate=0.05)
    for name in ("kojin.csv", "setai.csv", "truth.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
