"""`conformance declare`: the functional self-declaration (template, check, the reference vendor's).

Exit 0 when the declaration passes, 1 when a line fails, 2 when the file or spec cannot be used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from conformance import __version__
from conformance.cli.console import EXIT_FINDINGS, err, fail_usage, out
from conformance.cli.spec_access import latest_bundles, load_bundle, specs_dir_option
from conformance.cli.store_access import (
    db_option,
    open_store,
    reference_options,
    reference_product,
    run_json,
    write_output,
)
from conformance.domain.results import RunResult, Verdict
from conformance.evidence import (
    TEMPLATE_FORMATS,
    DeclarationFileError,
    check_declaration,
    read_declaration,
    save_declaration,
)


@click.group()
def declare() -> None:
    """Functional self-declaration (機能要件の実装状況の申告)."""


@declare.command("template")
@click.option("--business", "slug", required=True, help="Business slug, e.g. resident-registry.")
@click.option("--version", default=None, help="Spec version (default: latest).")
@click.option("--product", default="", help="Product name to pre-fill.")
@click.option("--product-version", default="", help="Product version to pre-fill.")
@click.option("--out", "outs", multiple=True, required=True, type=click.Path(path_type=Path),
              help="Output file(s): .xlsx (workbook with a 実装/未実装 dropdown) and/or .yaml.")
@specs_dir_option
def declare_template(slug: str, version: str | None, product: str, product_version: str, outs: tuple[Path, ...],
                     specs_dir: Path) -> None:
    """Write the requirement list to answer (実装 / 未実装 and 備考), as Excel and/or YAML."""
    spec = load_bundle(specs_dir, slug, version)
    for path in outs:
        render = TEMPLATE_FORMATS.get(path.suffix.lower())
        if render is None:
            fail_usage(f"{path}: use .xlsx or .yaml")
        write_output(path, render(spec, product, product_version))


@declare.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--product", default=None, help="Override the product named in the file.")
@click.option("--product-version", default=None, help="Override the product version named in the file.")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the declaration run.json here.")
@click.option("--save", is_flag=True, help="Store the declaration and its run in the result store.")
@db_option
@specs_dir_option
def declare_check(file: Path, product: str | None, product_version: str | None, out: Path | None, save: bool,
                  db: str | None, specs_dir: Path) -> None:
    """Check an answered declaration: mandatory implemented, not-allowed absent, options answered."""
    try:
        declaration = read_declaration(file).for_product(product, product_version)
    except DeclarationFileError as exc:
        fail_usage(str(exc))
    spec = load_bundle(specs_dir, declaration.business, declaration.spec_version)
    try:
        run = check_declaration(spec, declaration, tool_version=__version__)
    except DeclarationFileError as exc:
        fail_usage(str(exc))
    if out is not None:
        write_output(out, run_json(run))
    if save:
        save_declaration(open_store(db), declaration, run)
        err.print(f"stored run {run.run_id}", markup=False)
    _print_failures(run)


@declare.command("reference")
@reference_options
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write each answered declaration as <business>.yaml here (readable by `declare check`).")
@click.option("--save", is_flag=True, help="Store the declarations and their runs in the result store.")
@db_option
@specs_dir_option
def declare_reference(businesses: tuple[str, ...], product: str | None, product_version: str | None,
                      out_dir: Path | None, save: bool, db: str | None, specs_dir: Path) -> None:
    """The reference vendor's declarations: 実装必須・標準オプション 実装, 実装不可 未実装, checked (and stored)."""
    from conformance.evidence import conforming_declaration

    product, product_version = reference_product(product, product_version)
    store = open_store(db) if save else None
    failed = False
    for spec in latest_bundles(specs_dir, businesses):
        declaration = conforming_declaration(spec, product, product_version)
        if out_dir is not None:
            write_output(out_dir / f"{spec.meta.slug}.yaml", declaration.to_yaml())
        run = check_declaration(spec, declaration, tool_version=__version__)
        if store is not None:
            save_declaration(store, declaration, run)
        failed = failed or run.verdict is Verdict.FAIL
        out.print(f"{spec.meta.slug} {spec.meta.version_id}: {run.verdict.value} ({len(run.cases)} requirements)"
                  f"{' stored ' + run.run_id if store is not None else ''}", markup=False)
    if failed:
        sys.exit(EXIT_FINDINGS)


def _print_failures(run: RunResult) -> None:
    counts = run.counts()
    for case in run.cases:
        for finding in case.findings:
            out.print(f"{case.verdict.value}\t{case.case_id}\t{finding.code}\t{finding.message}", markup=False)
    summary = ", ".join(f"{v.value}={counts[v]}" for v in Verdict if counts[v])
    err.print(f"{run.run_id}: {run.verdict.value} ({summary})", markup=False)
    if run.verdict in (Verdict.FAIL, Verdict.ERROR):
        sys.exit(EXIT_FINDINGS)
