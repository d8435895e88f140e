"""Stable case IDs: rebuilding never renumbers, retired keys keep their IDs, shipped locks are complete."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from conformance.linkage import build_suite, case_specs, lock_path, locked_ids, read_lock

from .support import bundle

REPO = Path(__file__).resolve().parents[2]


def test_rebuilding_keeps_every_id(tmp_path: Path) -> None:
    spec = bundle("resident-registry")
    first = locked_ids(spec, tmp_path)
    second = locked_ids(spec, tmp_path)
    assert first == second
    assert len(set(first.values())) == len(first)


def test_new_cases_get_new_numbers_and_old_ones_stay(tmp_path: Path) -> None:
    spec = bundle("resident-registry")
    first = locked_ids(spec, tmp_path)
    fewer = dataclasses.replace(spec.api, operations=spec.api.operations[1:])
    smaller = dataclasses.replace(spec, api=fewer)
    after_removal = locked_ids(smaller, tmp_path)
    assert after_removal == first  # retired keys stay, nothing renumbered
    restored = locked_ids(spec, tmp_path)
    assert restored == first
    lock = read_lock(lock_path(tmp_path, "resident-registry", spec.meta.version_id), "resident-registry", "5.0")
    assert lock.next_number == len(first) + 1


def test_shipped_locks_cover_every_case() -> None:
    for slug in ("resident-registry", "national-health-insurance", "child-allowance"):
        spec = bundle(slug)
        path = lock_path(REPO / "suites", slug, spec.meta.version_id)
        lock = read_lock(path, slug, spec.meta.version_id)
        keys = {c.key for c in case_specs(spec)}
        assert keys <= set(lock.ids), f"{path} is missing cases: run `conformance run` once to extend it"


def test_every_case_names_requirements_listing_its_family() -> None:
    spec = bundle("resident-registry")
    suite = build_suite(spec, locked_ids(spec, None))
    for case in suite.cases:
        assert case.requirement_ids
        for rid in case.requirement_ids:
            assert case.family in spec.requirement(rid).verification.checks
