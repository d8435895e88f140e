"""`conformance certify` and `conformance bundle`: certification status, the signed package, and its check.

Exit 0 when every business is conformant (and the package is written) or the bundle verifies; 1 when
certification is refused or verification fails; 2 on usage or configuration errors.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.table import Table

from conformance import __version__
from conformance.cli.console import EXIT_FINDINGS, err, fail_usage, out
from conformance.cli.spec_access import load_bundle, specs_dir_option
from conformance.cli.store_access import db_option, for_product, open_existing_store, read_run, write_output
from conformance.evidence import (
    SIGNING_KEY_ENV_VAR,
    Certification,
    SigningKeyError,
    WaiverFileError,
    blocking_reasons,
    certification_bundle,
    certify_all,
    load_private_key,
    load_waivers,
    product_runs,
    product_waivers,
    signing_key_path,
    subjects,
    verify_bundle,
)
from conformance.result_store import Waiver


@click.command("certify")
@click.option("--product", required=True)
@click.option("--product-version", required=True)
@click.option("--business", "businesses", multiple=True,
              help="Business slug(s) (default: every business with runs for the product).")
@click.option("--spec-version", default=None, help="Spec version (default: that of the runs, else the latest).")
@click.option("--run", "run_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="run.json file(s) to use in addition to the store (a run naming no product is taken as "
                   "this product's).")
@click.option("--waivers", "waiver_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="YAML/JSON file of waivers (in addition to the store's).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Judge waivers on this day.")
@click.option("--signing-key", type=click.Path(path_type=Path), default=None,
              help=f"Ed25519 private key (PEM); default ${SIGNING_KEY_ENV_VAR}.")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the signed bundle (zip) here.")
@db_option
@specs_dir_option
def certify_cmd(product: str, product_version: str, businesses: tuple[str, ...], spec_version: str | None,
                run_files: tuple[Path, ...], waiver_file: Path | None, as_of: datetime | None,
                signing_key: Path | None, out: Path | None, db: str | None, specs_dir: Path) -> None:
    """Certification status per business; with --out, build the signed package (refused unless conformant)."""
    store = open_existing_store(db)
    given = [for_product(read_run(p), product, product_version) for p in run_files]
    runs = product_runs(store, product, product_version, given)
    waivers = product_waivers(store, product, _waivers_file(waiver_file))
    keys = subjects(runs, businesses, spec_version)
    if not keys:
        fail_usage(f"no runs for {product} {product_version}: give --run files or store runs first")
    specs = {spec.key: spec for spec in (load_bundle(specs_dir, business, version) for business, version in keys)}
    certs = certify_all(specs.values(), product=product, product_version=product_version, runs=runs,
                        waivers=waivers, on=as_of.date() if as_of else date.today())
    _print_statuses(certs)
    refusals = blocking_reasons(certs)
    if refusals:
        err.print("[bold red]certification refused[/] (認証パッケージを作成できません):", markup=True)
        for line in refusals:
            err.print(line, markup=False)
        sys.exit(EXIT_FINDINGS)
    if out is not None:
        write_output(out, certification_bundle(certs, specs, waivers, _signing_key(signing_key), product=product,
                                               product_version=product_version, tool_version=__version__,
                                               created_at=datetime.now(UTC)))


def _waivers_file(path: Path | None) -> list[Waiver]:
    try:
        return load_waivers(path) if path else []
    except WaiverFileError as exc:
        fail_usage(str(exc))


def _print_statuses(certs: Sequence[Certification]) -> None:
    table = Table("business", "spec", "status", "requirements", "blocking")
    for cert in certs:
        table.add_row(cert.business, cert.spec_version, f"{cert.status.label_ja} {cert.status.value}",
                      str(len(cert.rows)), str(len(cert.reasons)))
    out.print(table)


def _signing_key(path: Path | None) -> Ed25519PrivateKey:
    chosen = signing_key_path(path)
    if chosen is None:
        fail_usage(f"--out needs a signing key: --signing-key PATH or ${SIGNING_KEY_ENV_VAR}")
    try:
        return load_private_key(chosen)
    except SigningKeyError as exc:
        fail_usage(str(exc))


@click.group("bundle")
def bundle_group() -> None:
    """Signed evidence bundles (証跡パッケージ)."""


@bundle_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Also require that this key signed the bundle.")
def bundle_verify(file: Path, public_key: Path | None) -> None:
    """Verify a bundle offline: every byte, every file hash, the signature (and the signer)."""
    check = verify_bundle(file.read_bytes(), public_key.read_bytes() if public_key else None)
    if not check.ok:
        for problem in check.problems:
            err.print(f"[red]FAIL[/] {problem}", markup=True)
        sys.exit(EXIT_FINDINGS)
    out.print(f"OK: {file} — {check.file_count} file(s), signed by {check.fingerprint}", markup=False)
