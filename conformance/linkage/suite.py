"""Linkage suites derived from a spec: which cases exist, what each verifies, with stable IDs.

A case is identified by (family, target, scenario) — target is an operation ID, a data group, a
non-functional parameter or ``*`` — and gets its stable ID from the lock file (see `lock`).
Each case names the requirements whose ``verification.checks`` list its family; a family no
requirement lists produces no case.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from conformance.domain.spec import ApiOperationKind, SpecBundle

GENERATED = "generated"


@dataclass(frozen=True, slots=True)
class CaseSpec:
    """One case before it has an ID: what it checks and on what."""

    family: str
    target: str
    scenario: str
    title: str

    @property
    def key(self) -> str:
        """The lock-file key, ``family|target|scenario``."""
        return f"{self.family}|{self.target}|{self.scenario}"


@dataclass(frozen=True, slots=True)
class Case:
    """One executable case with its stable ID and the requirements it verifies."""

    case_id: str
    spec: CaseSpec
    requirement_ids: tuple[str, ...]

    @property
    def family(self) -> str:
        """The check family."""
        return self.spec.family


@dataclass(frozen=True, slots=True)
class Suite:
    """All cases of one business and spec version."""

    business: str
    spec_version: str
    cases: tuple[Case, ...]

    def select(self, families: frozenset[str] | None = None, *, generated: bool = True) -> Suite:
        """The cases of the given families (all when None); `generated=False` drops schemathesis cases."""
        kept = tuple(c for c in self.cases if (families is None or c.family in families)
                     and (generated or c.spec.scenario != GENERATED))
        return Suite(self.business, self.spec_version, kept)


def requirements_by_family(bundle: SpecBundle) -> dict[str, tuple[str, ...]]:
    """Family → IDs of the requirements that list it, in spec order."""
    found: dict[str, list[str]] = {}
    for requirement in bundle.requirements:
        for family in requirement.verification.checks:
            found.setdefault(family, []).append(requirement.id)
    return {family: tuple(ids) for family, ids in found.items()}


def case_specs(bundle: SpecBundle) -> Iterator[CaseSpec]:
    """Every case the spec implies, in a deterministic order."""
    for operation in bundle.api.operations:
        target = operation.operation_id
        kind = operation.kind
        yield CaseSpec("api.schema", target, "responses-valid", f"{target}: responses match the OpenAPI document")
        yield CaseSpec("api.schema", target, GENERATED, f"{target}: generated requests (schemathesis)")
        if kind is ApiOperationKind.LOOKUP:
            yield CaseSpec("api.lookup", target, "known-keys", f"{target}: known keys are found with their record")
            yield CaseSpec("api.errors", target, "unknown-key", f"{target}: an unknown key answers 404 NOT_FOUND")
        else:
            yield CaseSpec("api.errors", target, "invalid-paging", f"{target}: invalid paging answers 400")
        if kind is ApiOperationKind.SEARCH:
            yield CaseSpec("api.search", target, "paging-complete", f"{target}: paging is complete, without repeats")
            yield CaseSpec("api.search", target, "paging-stable", f"{target}: paging is stable across requests")
        if kind is ApiOperationKind.CHANGES:
            yield CaseSpec("api.changes", target, "feed-consistent", f"{target}: the change feed replays to the state")
            yield CaseSpec("api.changes", target, "since-filter", f"{target}: `since` returns only later changes")
            yield CaseSpec("api.errors", target, "since-required", f"{target}: a missing or bad `since` answers 400")
    yield CaseSpec("api.auth", "*", "no-token", "requests without a token are refused (401 UNAUTHORIZED)")
    yield CaseSpec("api.auth", "*", "wrong-token", "requests with a wrong token are refused (401 UNAUTHORIZED)")
    yield CaseSpec("file.presence", "*", "every-group", "the file drop holds a full and a delta file per group")
    yield CaseSpec("file.layout", "*", "headers", "linkage files have the spec's columns, delimiter, line endings")
    yield CaseSpec("file.encoding", "*", "utf-8", "linkage files are UTF-8 without BOM")
    yield CaseSpec("file.full", "*", "contents", "full files pass the data checks of the basic data list")
    yield CaseSpec("file.delta", "*", "agrees-with-full", "delta files replay to the full files")
    for parameter in bundle.non_functional:
        if parameter.unit == "ms":
            yield CaseSpec("nonfunctional.response-time", parameter.id, "percentile",
                           f"{parameter.id}: {parameter.name_ja}")


def build_suite(bundle: SpecBundle, ids: dict[str, str]) -> Suite:
    """The suite of a spec, with case IDs from `ids` (the lock: key → ID; every key must be present)."""
    families = requirements_by_family(bundle)
    cases = tuple(Case(ids[spec.key], spec, families[spec.family])
                  for spec in case_specs(bundle) if spec.family in families)
    return Suite(bundle.meta.slug, bundle.meta.version_id, cases)
