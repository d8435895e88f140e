"""`conformance report`: render and diff finished runs, import them into the result store, list them,
and the reference vendor's migration-data runs.

Exit 0 when all is well, 1 on a regression (diff) or a failing run (reference-data), 2 on usage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from conformance.cli.console import EXIT_FINDINGS, err, fail_usage, out
from conformance.cli.spec_access import latest_bundles, load_bundle, specs_dir_option
from conformance.cli.store_access import (
    db_option,
    for_product,
    open_existing_store,
    open_store,
    read_run,
    reference_options,
    reference_product,
    run_by_ref,
    run_json,
    write_output,
)
from conformance.domain.results import Verdict
from conformance.evidence import run_report
from conformance.reports import REPORT_FORMATS, RunDiff, diff_runs


@click.group()
def report() -> None:
    """Reports from finished runs: render, diff, import into and list the result store."""


@report.command("render")
@click.argument("run_ref")
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True)
@click.option("--with-spec", is_flag=True, help="Use the run's spec for the per-requirement table.")
@db_option
@specs_dir_option
def report_render(run_ref: str, fmt: str, out: Path, with_spec: bool, db: str | None,
                  specs_dir: Path) -> None:
    """Render one run (run.json path or stored run ID) as json, junit, html or xlsx."""
    run = run_by_ref(run_ref, db)
    spec = load_bundle(specs_dir, run.subject.business, run.subject.spec_version) if with_spec else None
    write_output(out, REPORT_FORMATS[fmt].render(run_report(run, spec)))


@report.command("diff")
@click.argument("run_a")
@click.argument("run_b")
@click.option("--json", "as_json", is_flag=True)
@db_option
def report_diff(run_a: str, run_b: str, as_json: bool, db: str | None) -> None:
    """Regressions and fixes from RUN_A to RUN_B (paths to run.json or stored run IDs). Exit 1 on a regression."""
    diff = diff_runs(run_by_ref(run_a, db), run_by_ref(run_b, db))
    if as_json:
        out.print_json(data=diff.to_dict())
    else:
        _print_diff(diff)
    if diff.regressions:
        sys.exit(EXIT_FINDINGS)


def _print_diff(diff: RunDiff) -> None:
    for change in diff.changes:
        before = change.before.value if change.before else "-"
        after = change.after.value if change.after else "-"
        out.print(f"{change.kind}\t{change.case_id}\t{before} → {after}\t{change.title}", markup=False)
    counts = diff.to_dict()["counts"]
    err.print(", ".join(f"{k}={v}" for k, v in counts.items()), markup=False)


@report.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--product", default=None, help="Product of runs that name none (e.g. data-validation runs).")
@click.option("--product-version", default=None)
@db_option
def report_import(files: tuple[Path, ...], product: str | None, product_version: str | None, db: str | None) -> None:
    """Store run.json files in the result store."""
    store = open_store(db)
    for path in files:
        run = for_product(read_run(path), product, product_version)
        try:
            store.add_run(run)
        except ValueError as exc:
            fail_usage(f"{path}: {exc}")
        err.print(f"stored {run.run_id} ({run.kind}, {run.subject.business} {run.subject.spec_version})",
                  markup=False)


@report.command("reference-data")
@reference_options
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the export (CSV per data group) and its run.json in <out-dir>/<business>/.")
@click.option("--no-store", is_flag=True, help="Do not store the runs (with --out-dir: only write them).")
@db_option
@specs_dir_option
def report_reference_data(businesses: tuple[str, ...], product: str | None, product_version: str | None,
                          out_dir: Path | None, no_store: bool, db: str | None, specs_dir: Path) -> None:
    """Validate the reference vendor's migration export (移行データ) per business and store the runs.

    The export is the clean synthetic delivery the reference vendor is seeded with; this is the
    `data validate` + `report import --product` step of a real vendor, for all businesses at once.
    """
    import tempfile

    from conformance.evidence import migration_data_run
    from conformance.synthetic import GenerationError

    product, product_version = reference_product(product, product_version)
    store = None if no_store else open_store(db)
    failed = False
    with tempfile.TemporaryDirectory(prefix="conformance-reference-data-") as scratch:
        for spec in latest_bundles(specs_dir, businesses):
            folder = (out_dir or Path(scratch)) / spec.meta.slug
            try:
                run = migration_data_run(spec, folder, product, product_version, keep=out_dir is not None)
            except GenerationError as exc:
                fail_usage(f"{spec.meta.slug}: {exc}")
            if out_dir is not None:
                write_output(folder / "run.json", run_json(run))
            if store is not None:
                store.add_run(run)
            failed = failed or run.verdict in (Verdict.FAIL, Verdict.ERROR)
            out.print(f"{spec.meta.slug} {spec.meta.version_id}: {run.verdict.value} ({len(run.cases)} cases)"
                      f"{' stored ' + run.run_id if store is not None else ''}", markup=False)
    if failed:
        sys.exit(EXIT_FINDINGS)


@report.command("list")
@click.option("--product", default=None)
@click.option("--business", default=None)
@db_option
def report_list(product: str | None, business: str | None, db: str | None) -> None:
    """List stored runs."""
    store = open_existing_store(db)
    table = Table("run", "kind", "business", "spec", "product", "started", "verdict")
    for r in store.list_runs(product=product, business=business) if store else []:
        table.add_row(r.run_id, r.kind, r.business, r.spec_version, f"{r.product or ''} {r.product_version or ''}",
                      r.started_at.isoformat(), r.verdict.value)
    out.print(table)
