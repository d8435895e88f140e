"""The shipped specs meet the foundation issue's minimums and are usable by the suites built on them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.domain.businesses import SLUGS
from conformance.domain.spec import ApiOperationKind, Category, SpecBundle, VerificationMethod
from conformance.specs import check_specs

LARGE = {
    "resident-registry",
    "individual-inhabitant-tax",
    "fixed-asset-tax",
    "national-health-insurance",
    "long-term-care-insurance",
}
# The automated check families every business must cover (suites derive cases from them).
REQUIRED_CHECKS = {
    "api.lookup", "api.search", "api.changes", "api.errors", "api.auth", "api.schema",
    "file.presence", "file.layout", "file.encoding", "file.full", "file.delta",
    "data.type", "data.length", "data.mandatory", "data.code", "data.pattern", "data.date",
    "data.characters", "data.keys", "data.cross-field", "nonfunctional.response-time",
}  # fmt: skip


@pytest.fixture(scope="module")
def bundles(shipped_specs_dir: Path) -> list[SpecBundle]:
    report = check_specs(shipped_specs_dir)
    assert not report.problems, "\n".join(p.render() for p in report.problems)
    return report.bundles


def latest(bundles: list[SpecBundle]) -> dict[str, SpecBundle]:
    chosen: dict[str, SpecBundle] = {}
    for bundle in bundles:
        chosen[bundle.meta.slug] = bundle  # discover() sorts versions ascending
    return chosen


def test_every_business_has_a_spec(bundles: list[SpecBundle]) -> None:
    assert sorted(latest(bundles)) == sorted(SLUGS)


def test_resident_registry_has_two_versions(bundles: list[SpecBundle]) -> None:
    versions = [b.meta.version_id for b in bundles if b.meta.slug == "resident-registry"]
    assert len(versions) >= 2


@pytest.mark.parametrize("slug", SLUGS)
def test_minimum_content(bundles: list[SpecBundle], slug: str) -> None:
    bundle = latest(bundles).get(slug)
    assert bundle is not None, f"no spec for {slug}"
    requirements, items = (40, 60) if slug in LARGE else (20, 25)
    assert len(bundle.requirements) >= requirements
    assert bundle.data_item_count >= items
    if slug in LARGE:
        assert len(bundle.data_groups) >= 3
    by_category = bundle.requirements_by_category()
    assert all(by_category[c] > 0 for c in Category), by_category
    kinds = {op.kind for op in bundle.api.operations}
    assert kinds >= set(ApiOperationKind)
    lookups = [op for op in bundle.api.operations if op.kind is ApiOperationKind.LOOKUP]
    assert any(bundle.group(op.group).primary_key == ("COM-0001",) for op in lookups), "no lookup by 宛名番号"
    assert "full" in bundle.file_linkage.variants and "delta" in bundle.file_linkage.variants


@pytest.mark.parametrize("slug", SLUGS)
def test_automated_checks_cover_every_family(bundles: list[SpecBundle], slug: str) -> None:
    bundle = latest(bundles).get(slug)
    assert bundle is not None
    covered = {check for r in bundle.requirements for check in r.verification.checks}
    required = set(REQUIRED_CHECKS)
    if any(item.check_digit for group in bundle.data_groups for item in group.items):
        required.add("data.check-digit")
    assert required <= covered, f"uncovered: {sorted(required - covered)}"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_requirement_says_how_it_is_verified(bundles: list[SpecBundle], slug: str) -> None:
    bundle = latest(bundles).get(slug)
    assert bundle is not None
    for requirement in bundle.requirements:
        verification = requirement.verification
        if verification.method is VerificationMethod.AUTOMATED:
            assert verification.checks, requirement.id
        else:
            assert verification.reason and len(verification.reason) >= 10, requirement.id


def test_no_items_copied_across_businesses(bundles: list[SpecBundle]) -> None:
    """Business-specific items must not reappear elsewhere with only the names changed."""
    shapes: Counter[tuple[object, ...]] = Counter()
    owners: dict[tuple[object, ...], set[str]] = {}
    for bundle in latest(bundles).values():
        for group in bundle.data_groups:
            for item in group.items:
                if item.id.startswith("COM-"):
                    continue
                shape = (item.name_ja, item.type, item.length, item.code_table, item.pattern)
                owners.setdefault(shape, set()).add(bundle.meta.slug)
                shapes[shape] += 1
    shared = {shape: slugs for shape, slugs in owners.items() if len(slugs) > 3}
    assert not shared, f"the same item appears in more than 3 businesses; make it a common item: {shared}"


def test_specs_list_json_has_the_documented_keys(shipped_specs_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["specs", "list", "--json", "--specs-dir", str(shipped_specs_dir)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["slug"] for row in rows} == set(SLUGS)
    for row in rows:
        assert {
            "slug",
            "version",
            "requirements",
            "requirements_by_category",
            "data_groups",
            "data_items",
            "api_operations",
        } <= set(row)
        assert row["requirements"] == sum(row["requirements_by_category"].values())


def test_resident_registry_diff_shows_real_differences(shipped_specs_dir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["specs", "diff", "resident-registry", "4.0", "5.0", "--json", "--specs-dir", str(shipped_specs_dir)]
    )
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    kinds = {(c["entity"], c["kind"]) for c in diff["changes"]}
    assert ("requirement", "added") in kinds
    assert ("requirement", "changed") in kinds
    assert ("data_item", "added") in kinds
