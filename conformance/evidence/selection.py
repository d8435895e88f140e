"""Which runs and waivers a product's certification rests on, and which subjects it covers.

The runs come from run.json files the caller read and from the result store; a run that names no
product (a data-validation run is about a delivery) is taken as the product's when the caller says
so, and a run naming another product is refused. The subjects are the (business, spec version)
pairs to certify: the businesses asked for, else every business the runs are about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from conformance.domain.results import RunResult
from conformance.result_store import ResultStore, Waiver

Subject = tuple[str, str | None]  # (business, spec version); None: the latest version


class ProductMismatchError(ValueError):
    """A run is about another product than the one it is given for."""


def attach_product(run: RunResult, product: str | None, product_version: str | None) -> RunResult:
    """`run` under `product` `product_version` when it names no product; ProductMismatchError when it names another.

    Without both a product and a version the run is returned as it is.
    """
    if product is None or product_version is None:
        return run
    subject = run.subject
    if subject.product is None and subject.product_version is None:
        return replace(run, subject=replace(subject, product=product, product_version=product_version))
    if (subject.product, subject.product_version) != (product, product_version):
        raise ProductMismatchError(f"run {run.run_id} is about {subject.product} {subject.product_version}, "
                                   f"not {product} {product_version}")
    return run


def product_runs(
    store: ResultStore | None, product: str, product_version: str, given: Sequence[RunResult] = ()
) -> list[RunResult]:
    """The runs of `product` `product_version`: those `given` (first), then the stored ones not given."""
    runs = list(given)
    if store is not None:
        known = {run.run_id for run in runs}
        runs += [store.get_run(row.run_id)
                 for row in store.list_runs(product=product, product_version=product_version)
                 if row.run_id not in known]
    return [run for run in runs if (run.subject.product, run.subject.product_version) == (product, product_version)]


def subject_runs(
    store: ResultStore | None, *, product: str, product_version: str, business: str, spec_version: str
) -> list[RunResult]:
    """Every stored run of one product version for one business and spec version (none without a store)."""
    if store is None:
        return []
    rows = store.list_runs(
        business=business, spec_version=spec_version, product=product, product_version=product_version
    )
    return [store.get_run(row.run_id) for row in rows]


def product_waivers(store: ResultStore | None, product: str, extra: Iterable[Waiver] = ()) -> list[Waiver]:
    """The stored waivers of `product`, then `extra` (e.g. from a waivers file)."""
    return (store.waivers(product=product) if store is not None else []) + list(extra)


def subjects(
    runs: Sequence[RunResult], businesses: Sequence[str] = (), spec_version: str | None = None
) -> list[Subject]:
    """What to certify: each business asked for, else every business of `runs`, in slug order without a list.

    The spec version is `spec_version` when given, else that of the business's latest run (None for a
    business asked for that has no run: its latest spec version).
    """
    if businesses:
        versions = {r.subject.business: r.subject.spec_version for r in sorted(runs, key=lambda r: r.started_at)}
        return [(b, spec_version or versions.get(b)) for b in businesses]
    found = {(r.subject.business, r.subject.spec_version) for r in runs}
    return sorted((b, spec_version or v) for b, v in found)


def stored_products(store: ResultStore, business: str, spec_version: str) -> list[tuple[str, str]]:
    """Every (product, product version) with a stored run for this business and spec version, sorted."""
    rows = store.list_runs(business=business, spec_version=spec_version)
    return sorted({(r.product, r.product_version) for r in rows if r.product and r.product_version})
