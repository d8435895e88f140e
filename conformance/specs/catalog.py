"""The spec catalogue: load one spec, load them all, or check them all and collect every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conformance.domain.spec import SpecBundle
from conformance.specs.loader import (
    OPENAPI_FILE,
    Common,
    SpecSource,
    build_bundle,
    discover,
    find_source,
    load_common,
    read_raw,
    schema_problems,
)
from conformance.specs.openapi import openapi_problems
from conformance.specs.problems import SpecLoadError, SpecProblem
from conformance.specs.rules import reference_problems


@dataclass(slots=True)
class CheckReport:
    """The outcome of checking every spec under a directory."""

    checked: list[SpecSource] = field(default_factory=list)
    problems: list[SpecProblem] = field(default_factory=list)
    bundles: list[SpecBundle] = field(default_factory=list)

    @property
    def unusable(self) -> bool:
        """True when some input could not be read at all (exit 2)."""
        return any(p.severity.value == "unusable" for p in self.problems)


def _load(source: SpecSource, specs_dir: Path, common: Common, verify_openapi: bool) -> SpecBundle:
    raw = read_raw(source, specs_dir)
    problems = schema_problems(raw)
    if not problems:
        problems = reference_problems(raw, common)
    if problems:
        raise SpecLoadError(problems)
    bundle = build_bundle(raw, common)
    if verify_openapi:
        display = (
            str((source.path / OPENAPI_FILE).relative_to(specs_dir))
            if source.path.is_relative_to(specs_dir)
            else OPENAPI_FILE
        )
        problems = openapi_problems(bundle, raw.openapi, display)
        if problems:
            raise SpecLoadError(problems)
    return bundle


def load_spec(specs_dir: Path, slug: str, version: str | None = None, *, verify_openapi: bool = True) -> SpecBundle:
    """Load one business's spec (latest version unless `version` is given); SpecLoadError on any problem."""
    source = find_source(specs_dir, slug, version)
    return _load(source, specs_dir, load_common(specs_dir), verify_openapi)


def load_all(specs_dir: Path, *, verify_openapi: bool = True) -> list[SpecBundle]:
    """Load every spec version under `specs_dir`; SpecLoadError listing every problem of every spec."""
    report = check_specs(specs_dir, verify_openapi=verify_openapi)
    if report.problems:
        raise SpecLoadError(report.problems)
    return report.bundles


def check_specs(specs_dir: Path, *, verify_openapi: bool = True) -> CheckReport:
    """Check every spec under `specs_dir`, collecting all problems instead of stopping at the first."""
    report = CheckReport()
    try:
        sources = discover(specs_dir)
        common = load_common(specs_dir)
    except SpecLoadError as exc:
        report.problems.extend(exc.problems)
        return report
    for source in sources:
        report.checked.append(source)
        try:
            report.bundles.append(_load(source, specs_dir, common, verify_openapi))
        except SpecLoadError as exc:
            report.problems.extend(exc.problems)
    return report
