"""Certification status per (product, product version, business, spec version), from the latest runs.

The status is the one roll-up (`rollup`) over the requirement verdicts of the coverage matrix,
after waivers: fail → not conformant; error or skip (undecided, incl. no evidence) → incomplete;
waived → conformant with waivers; pass / not applicable only → conformant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from conformance.domain.results import RunResult, Verdict, rollup
from conformance.domain.spec import SpecBundle
from conformance.evidence.coverage import requirement_rows
from conformance.evidence.selection import stored_products, subject_runs
from conformance.evidence.waivers import apply_waivers
from conformance.reports import ReportInput, RequirementRow
from conformance.result_store import ResultStore, Waiver


class Status(StrEnum):
    """Certification status."""

    CONFORMANT = "conformant"
    CONFORMANT_WITH_WAIVERS = "conformant_with_waivers"
    NOT_CONFORMANT = "not_conformant"
    INCOMPLETE = "incomplete"

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return {
            Status.CONFORMANT: "適合",
            Status.CONFORMANT_WITH_WAIVERS: "適合(適用除外あり)",
            Status.NOT_CONFORMANT: "不適合",
            Status.INCOMPLETE: "判定未了",
        }[self]

    @property
    def certifiable(self) -> bool:
        """True when a certification package may be built."""
        return self in (Status.CONFORMANT, Status.CONFORMANT_WITH_WAIVERS)


def status_of(verdict: Verdict) -> Status:
    """Map a rolled-up verdict to a certification status."""
    if verdict is Verdict.FAIL:
        return Status.NOT_CONFORMANT
    if verdict in (Verdict.ERROR, Verdict.SKIP):
        return Status.INCOMPLETE
    if verdict is Verdict.WAIVED:
        return Status.CONFORMANT_WITH_WAIVERS
    return Status.CONFORMANT


@dataclass(frozen=True, slots=True)
class Certification:
    """The status of one product version for one business and spec version, and why."""

    product: str
    product_version: str
    business: str
    spec_version: str
    status: Status
    rows: tuple[RequirementRow, ...]
    runs: tuple[RunResult, ...]
    effective_runs: tuple[RunResult, ...]
    reasons: tuple[str, ...]

    def report_input(self, title: str) -> ReportInput:
        """What the reports of this certification render (runs with waivers applied)."""
        return ReportInput(
            runs=self.effective_runs,
            requirements=self.rows,
            title=title,
            status=self.status.value,
            status_reasons=self.reasons,
        )


def latest_runs(runs: Iterable[RunResult]) -> list[RunResult]:
    """The latest run per (kind, target): what the certification rests on."""
    latest: dict[tuple[str, str | None], RunResult] = {}
    for run in runs:
        key = (run.kind, run.subject.target)
        known = latest.get(key)
        if known is None or (run.started_at, run.run_id) > (known.started_at, known.run_id):
            latest[key] = run
    return sorted(latest.values(), key=lambda r: (r.kind, r.subject.target or ""))


def certify(
    spec: SpecBundle,
    *,
    product: str,
    product_version: str,
    runs: Sequence[RunResult],
    waivers: Iterable[Waiver],
    on: date,
) -> Certification:
    """The certification of `product` for `spec`, from the latest of `runs` (other subjects are ignored)."""
    business, spec_version = spec.key
    mine = [
        r
        for r in runs
        if (r.subject.business, r.subject.spec_version, r.subject.product, r.subject.product_version)
        == (business, spec_version, product, product_version)
    ]
    chosen = latest_runs(mine)
    waiver_list = list(waivers)
    effective = tuple(apply_waivers(run, waiver_list, on) for run in chosen)
    rows = requirement_rows(spec, effective)
    status = status_of(rollup(row.verdict for row in rows)) if rows else Status.INCOMPLETE
    return Certification(
        product=product,
        product_version=product_version,
        business=business,
        spec_version=spec_version,
        status=status,
        rows=rows,
        runs=tuple(chosen),
        effective_runs=effective,
        reasons=tuple(_reasons(rows, effective)),
    )


def certify_all(
    specs: Iterable[SpecBundle],
    *,
    product: str,
    product_version: str,
    runs: Sequence[RunResult],
    waivers: Iterable[Waiver],
    on: date,
) -> list[Certification]:
    """The certification of `product` for each of `specs`, in their order."""
    waiver_list = list(waivers)
    return [
        certify(spec, product=product, product_version=product_version, runs=runs, waivers=waiver_list, on=on)
        for spec in specs
    ]


def certify_stored_products(store: ResultStore, spec: SpecBundle, *, on: date) -> list[Certification]:
    """The certification for `spec` of every product version with stored runs for it (after its stored waivers)."""
    business, spec_version = spec.key
    certifications = []
    for product, version in stored_products(store, business, spec_version):
        runs = subject_runs(store, product=product, product_version=version, business=business,
                            spec_version=spec_version)
        certifications.append(certify(spec, product=product, product_version=version, runs=runs,
                                      waivers=store.waivers(product=product), on=on))
    return certifications


def coverage_rows(
    spec: SpecBundle,
    runs: Sequence[RunResult],
    *,
    product: str | None = None,
    product_version: str | None = None,
    on: date,
) -> tuple[RequirementRow, ...]:
    """The coverage matrix of `spec` over `runs`; for a product (name and version), its certification's rows.

    A product's rows rest on its latest run of each kind and target among `runs`, with no waivers;
    without a product every run counts.
    """
    if product and product_version:
        return certify(spec, product=product, product_version=product_version, runs=runs, waivers=[], on=on).rows
    return requirement_rows(spec, runs)


def _reasons(rows: tuple[RequirementRow, ...], runs: tuple[RunResult, ...]) -> list[str]:
    codes: dict[str, set[str]] = {}
    for run in runs:
        for case in run.cases:
            for finding in case.findings:
                for rid in finding.requirement_ids or case.requirement_ids:
                    codes.setdefault(rid, set()).add(finding.code)
    reasons = []
    for row in rows:
        if row.verdict not in (Verdict.FAIL, Verdict.ERROR, Verdict.SKIP):
            continue
        category = row.category.label_ja if row.category else "-"
        word = "不合格 / fail" if row.verdict is Verdict.FAIL else "判定未了 / undecided"
        detail = ", ".join(sorted(codes.get(row.requirement_id, ()))) or row.note or row.verdict.value
        cases = f" cases: {', '.join(row.case_ids)}" if row.case_ids else ""
        reasons.append(f"{row.requirement_id} {row.title} [{category}] {word}: {detail}{cases}")
    return reasons
