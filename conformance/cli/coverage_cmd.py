"""`conformance coverage`: the requirement coverage matrix of one spec version (and of a product's runs).

Exit 1 when the spec has a requirement with no way to be verified; 2 on usage errors.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rich.table import Table

from conformance.cli.console import EXIT_FINDINGS, err, out
from conformance.cli.spec_access import load_bundle, specs_dir_option
from conformance.cli.store_access import db_option, open_existing_store, read_run, write_output
from conformance.evidence import (
    coverage_document,
    coverage_report,
    coverage_rows,
    rows_to_csv,
    spec_coverage_gaps,
    subject_runs,
)
from conformance.reports import RequirementRow, render_xlsx


@click.command()
@click.argument("slug")
@click.option("--version", default=None, help="Spec version (default: latest).")
@click.option("--product", default=None, help="Fill in the cases and verdicts of this product's latest runs.")
@click.option("--product-version", default=None)
@click.option("--run", "run_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="run.json file(s) to use (in addition to the store).")
@click.option("--csv", "csv_out", type=click.Path(path_type=Path), default=None, help="Export the matrix as CSV.")
@click.option("--xlsx", "xlsx_out", type=click.Path(path_type=Path), default=None, help="Export as Excel.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
@specs_dir_option
def coverage(slug: str, version: str | None, product: str | None, product_version: str | None,
             run_files: tuple[Path, ...], csv_out: Path | None, xlsx_out: Path | None, as_json: bool,
             db: str | None, specs_dir: Path) -> None:
    """Requirement coverage matrix (要件カバレッジ): method, check families, cases, verdict.

    Exit 1 when a requirement has neither automated checks nor a declaration with a reason.
    """
    spec = load_bundle(specs_dir, slug, version)
    runs = [read_run(p) for p in run_files]
    if product and product_version:
        runs += subject_runs(open_existing_store(db), product=product, product_version=product_version,
                             business=spec.meta.slug, spec_version=spec.meta.version_id)
    rows = coverage_rows(spec, runs, product=product, product_version=product_version, on=date.today())
    gaps = spec_coverage_gaps(spec)
    if csv_out:
        write_output(csv_out, rows_to_csv(rows))
    if xlsx_out:
        write_output(xlsx_out, render_xlsx(coverage_report(spec, runs, rows)))
    if as_json:
        out.print_json(data=coverage_document(slug, spec, rows, gaps))
    else:
        _print_matrix(rows)
    for gap in gaps:
        err.print(f"not covered: {gap.requirement_id}: {gap.problem}", markup=False)
    if gaps:
        sys.exit(EXIT_FINDINGS)


def _print_matrix(rows: tuple[RequirementRow, ...]) -> None:
    table = Table("requirement", "category", "method", "checks", "cases", "verdict", "basis")
    for row in rows:
        table.add_row(row.requirement_id, row.category.value if row.category else "",
                      row.method.value if row.method else "", " ".join(row.checks), " ".join(row.case_ids),
                      row.verdict.value, row.basis.value)
    out.print(table)
