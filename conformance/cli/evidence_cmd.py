"""Evidence commands: declare, coverage, waiver, certify, bundle, report, keys, impact.

Thin shells: they load specs, open the result store, call `conformance.evidence` /
`conformance.reports`, print, and exit 0 (ok) / 1 (findings, refusal, failed verification) / 2 (usage).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import click
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.table import Table

from conformance import __version__
from conformance.cli.console import EXIT_FINDINGS, err, fail_usage, out
from conformance.cli.spec_access import latest_bundles, load_bundle, specs_dir_option
from conformance.domain.results import RunResult, Verdict
from conformance.domain.results_codec import run_from_dict, run_to_dict
from conformance.evidence import bundle as bundle_mod
from conformance.evidence import declarations as decl
from conformance.evidence.certification import Certification, certify, runs_from_store
from conformance.evidence.coverage import requirement_rows, rows_to_csv, spec_coverage_gaps
from conformance.evidence.impact import spec_impact
from conformance.evidence.package import blocking_reasons, package_payload
from conformance.evidence.signing import ENV_VAR as KEY_ENV_VAR
from conformance.evidence.signing import SigningKeyError, generate_keypair, load_private_key
from conformance.evidence.waivers import WaiverFileError, load_waivers
from conformance.reports import (
    ReportInput,
    RequirementRow,
    diff_runs,
    render_html,
    render_json,
    render_junit,
    render_xlsx,
)
from conformance.result_store import DEFAULT_URL, ENV_VAR, DeclarationRecord, ResultStore, SqlResultStore, Waiver

db_option = click.option(
    "--db", default=None, help=f"Result store URL (default: ${ENV_VAR} or {DEFAULT_URL}); SQLite or PostgreSQL."
)


# ----------------------------------------------------------------------------- shared helpers


def _store(db: str | None, *, create: bool) -> ResultStore | None:
    """The store named by --db / $CONFORMANCE_DB; the default SQLite file only when it exists or `create`."""
    url = db or os.environ.get(ENV_VAR)
    if url is None and not create and not Path("conformance.db").exists():
        return None
    try:
        return SqlResultStore.open(url or DEFAULT_URL)
    except Exception as exc:  # an unreachable or unusable database is a configuration error
        fail_usage(f"cannot open the result store: {exc.__class__.__name__}: {exc}")


def _read_run(path: Path) -> RunResult:
    try:
        return run_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail_usage(f"{path}: not a readable run.json ({exc.__class__.__name__}: {exc})")


def _attach(run: RunResult, product: str | None, product_version: str | None) -> RunResult:
    """Name the product of a run that names none (e.g. a data-validation run.json); refuse a different one."""
    if product is None or product_version is None:
        return run
    subject = run.subject
    if subject.product is None and subject.product_version is None:
        return replace(run, subject=replace(subject, product=product, product_version=product_version))
    if (subject.product, subject.product_version) != (product, product_version):
        fail_usage(f"run {run.run_id} is about {subject.product} {subject.product_version}, not {product} "
                   f"{product_version}")
    return run


def _run_ref(ref: str, db: str | None) -> RunResult:
    """A run from a run.json path, or by run ID from the store."""
    path = Path(ref)
    if path.exists():
        return _read_run(path)
    store = _store(db, create=False)
    if store is None:
        fail_usage(f"{ref}: no such file, and no result store to look the run ID up in")
    try:
        return store.get_run(ref)
    except KeyError:
        fail_usage(f"{ref}: no such file or stored run")


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    err.print(f"wrote {path}", markup=False)


# ----------------------------------------------------------------------------- declare


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
        if path.suffix.lower() == ".xlsx":
            _write(path, decl.template_workbook(spec, product, product_version))
        elif path.suffix.lower() in (".yaml", ".yml"):
            _write(path, decl.template_yaml(spec, product, product_version))
        else:
            fail_usage(f"{path}: use .xlsx or .yaml")


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
        declaration = decl.read_declaration(file)
    except decl.DeclarationFileError as exc:
        fail_usage(str(exc))
    if product or product_version:
        declaration = decl.Declaration(declaration.business, declaration.spec_version,
                                       product or declaration.product,
                                       product_version or declaration.product_version, declaration.answers)
    spec = load_bundle(specs_dir, declaration.business, declaration.spec_version)
    try:
        run = decl.check_declaration(spec, declaration, tool_version=__version__)
    except decl.DeclarationFileError as exc:
        fail_usage(str(exc))
    if out is not None:
        _write(out, json.dumps(run_to_dict(run), ensure_ascii=False, indent=2) + "\n")
    if save:
        store = _store(db, create=True)
        assert store is not None
        store.add_run(run)
        store.add_declaration(DeclarationRecord(run.run_id, declaration.business, declaration.spec_version,
                                                declaration.product, declaration.product_version,
                                                run.started_at, declaration.to_dict()))
        err.print(f"stored run {run.run_id}", markup=False)
    _print_failures(run)


@declare.command("reference")
@click.option("--business", "businesses", multiple=True, help="Only these businesses (default: every business).")
@click.option("--product", default=None, help="Default: the reference vendor's product (vendors/reference.toml).")
@click.option("--product-version", default=None, help="Default: the reference vendor's product version.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write each answered declaration as <business>.yaml here (readable by `declare check`).")
@click.option("--save", is_flag=True, help="Store the declarations and their runs in the result store.")
@db_option
@specs_dir_option
def declare_reference(businesses: tuple[str, ...], product: str | None, product_version: str | None,
                      out_dir: Path | None, save: bool, db: str | None, specs_dir: Path) -> None:
    """The reference vendor's declarations: 実装必須・標準オプション 実装, 実装不可 未実装, checked (and stored)."""
    from conformance.evidence.reference_vendor_evidence import conforming_declaration

    product, product_version = _reference_product(product, product_version)
    store = _store(db, create=True) if save else None
    failed = False
    for spec in latest_bundles(specs_dir, businesses):
        declaration = conforming_declaration(spec, product, product_version)
        if out_dir is not None:
            text = yaml.safe_dump(declaration.to_dict(), allow_unicode=True, sort_keys=False)
            _write(out_dir / f"{spec.meta.slug}.yaml", text)
        run = decl.check_declaration(spec, declaration, tool_version=__version__)
        if store is not None:
            store.add_run(run)
            store.add_declaration(DeclarationRecord(run.run_id, declaration.business, declaration.spec_version,
                                                    declaration.product, declaration.product_version,
                                                    run.started_at, declaration.to_dict()))
        failed = failed or run.verdict is Verdict.FAIL
        out.print(f"{spec.meta.slug} {spec.meta.version_id}: {run.verdict.value} ({len(run.cases)} requirements)"
                  f"{' stored ' + run.run_id if store is not None else ''}", markup=False)
    if failed:
        sys.exit(EXIT_FINDINGS)


def _reference_product(product: str | None, product_version: str | None) -> tuple[str, str]:
    """The product and version given, else those of the reference vendor's built-in profile."""
    from conformance.cli.linkage_cmd import reference_profile

    profile = reference_profile()
    return product or profile.product or profile.name, product_version or profile.product_version or "1"


def _print_failures(run: RunResult) -> None:
    counts = run.counts()
    for case in run.cases:
        for finding in case.findings:
            out.print(f"{case.verdict.value}\t{case.case_id}\t{finding.code}\t{finding.message}", markup=False)
    summary = ", ".join(f"{v.value}={counts[v]}" for v in Verdict if counts[v])
    err.print(f"{run.run_id}: {run.verdict.value} ({summary})", markup=False)
    if run.verdict in (Verdict.FAIL, Verdict.ERROR):
        sys.exit(EXIT_FINDINGS)


# ----------------------------------------------------------------------------- coverage


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
    runs: list[RunResult] = [_read_run(p) for p in run_files]
    if product and product_version:
        store = _store(db, create=False)
        if store is not None:
            runs += runs_from_store(store, product=product, product_version=product_version,
                                    business=spec.meta.slug, spec_version=spec.meta.version_id)
        cert = certify(spec, product=product, product_version=product_version, runs=runs, waivers=[],
                       on=date.today())
        rows = cert.rows
    else:
        rows = requirement_rows(spec, runs)
    gaps = spec_coverage_gaps(spec)
    if csv_out:
        _write(csv_out, rows_to_csv(rows))
    if xlsx_out:
        _write(xlsx_out, render_xlsx(ReportInput(runs=tuple(runs), requirements=rows,
                                                 title=f"{spec.meta.label_ja} {spec.meta.version} coverage")))
    if as_json:
        out.print_json(data={"business": slug, "version": spec.meta.version_id,
                             "gaps": [{"requirement": g.requirement_id, "problem": g.problem} for g in gaps],
                             "rows": json.loads(render_json(ReportInput(runs=(), requirements=rows)))["requirements"]})
    else:
        table = Table("requirement", "category", "method", "checks", "cases", "verdict", "basis")
        for row in rows:
            table.add_row(row.requirement_id, row.category.value if row.category else "",
                          row.method.value if row.method else "", " ".join(row.checks), " ".join(row.case_ids),
                          row.verdict.value, row.basis.value)
        out.print(table)
    for gap in gaps:
        err.print(f"not covered: {gap.requirement_id}: {gap.problem}", markup=False)
    if gaps:
        sys.exit(EXIT_FINDINGS)


# ----------------------------------------------------------------------------- waivers


@click.group()
def waiver() -> None:
    """Waivers (適用除外): a justified, approved, expiring exception for one failing case."""


@waiver.command("add")
@click.option("--id", "waiver_id", required=True)
@click.option("--product", required=True)
@click.option("--product-version", default=None, help="Only this product version (default: every version).")
@click.option("--business", required=True)
@click.option("--spec-version", required=True)
@click.option("--case", "case_id", required=True, help="The failing case's ID.")
@click.option("--justification", required=True)
@click.option("--approver", required=True)
@click.option("--expires", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--granted", default=None, type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@db_option
@specs_dir_option
def waiver_add(waiver_id: str, product: str, product_version: str | None, business: str, spec_version: str,
               case_id: str, justification: str, approver: str, expires: datetime, granted: datetime | None,
               db: str | None, specs_dir: Path) -> None:
    """Record a waiver in the result store (for a business and spec version that exist)."""
    load_bundle(specs_dir, business, spec_version)  # a mistyped business or version would be stored and never apply
    record = Waiver(waiver_id, product, business, spec_version, case_id, justification, approver,
                    expires.date(), granted.date() if granted else date.today(), product_version)
    if record.expires < record.granted:
        fail_usage("--expires is before --granted")
    store = _store(db, create=True)
    assert store is not None
    try:
        store.add_waiver(record)
    except ValueError as exc:
        fail_usage(str(exc))
    err.print(f"stored waiver {waiver_id} (expires {record.expires.isoformat()})", markup=False)


@waiver.command("list")
@click.option("--product", default=None)
@click.option("--business", default=None)
@db_option
def waiver_list(product: str | None, business: str | None, db: str | None) -> None:
    """List waivers, marking the expired ones."""
    store = _store(db, create=False)
    today = date.today()
    table = Table("id", "product", "business", "case", "approver", "expires", "active")
    for w in store.waivers(product=product, business=business) if store else []:
        table.add_row(w.waiver_id, f"{w.product} {w.product_version or '*'}", f"{w.business} {w.spec_version}",
                      w.case_id, w.approver, w.expires.isoformat(), "yes" if w.active_on(today) else "no")
    out.print(table)


# ----------------------------------------------------------------------------- certify


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
              help=f"Ed25519 private key (PEM); default ${KEY_ENV_VAR}.")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the signed bundle (zip) here.")
@db_option
@specs_dir_option
def certify_cmd(product: str, product_version: str, businesses: tuple[str, ...], spec_version: str | None,
                run_files: tuple[Path, ...], waiver_file: Path | None, as_of: datetime | None,
                signing_key: Path | None, out: Path | None, db: str | None, specs_dir: Path) -> None:
    """Certification status per business; with --out, build the signed package (refused unless conformant)."""
    store = _store(db, create=False)
    runs = [_attach(_read_run(p), product, product_version) for p in run_files]
    if store is not None:
        runs += [store.get_run(r.run_id) for r in store.list_runs(product=product, product_version=product_version)
                 if r.run_id not in {x.run_id for x in runs}]
    runs = [r for r in runs if (r.subject.product, r.subject.product_version) == (product, product_version)]
    try:
        extra = load_waivers(waiver_file) if waiver_file else []
    except WaiverFileError as exc:
        fail_usage(str(exc))
    waivers = (store.waivers(product=product) if store else []) + extra
    keys = _subjects(runs, businesses, spec_version)
    if not keys:
        fail_usage(f"no runs for {product} {product_version}: give --run files or store runs first")
    loaded = [load_bundle(specs_dir, business, version) for business, version in keys]
    specs = {spec.key: spec for spec in loaded}
    day = as_of.date() if as_of else date.today()
    certs = [certify(spec, product=product, product_version=product_version, runs=runs, waivers=waivers, on=day)
             for spec in specs.values()]
    _print_statuses(certs)
    refusals = blocking_reasons(certs)
    if refusals:
        err.print("[bold red]certification refused[/] (認証パッケージを作成できません):", markup=True)
        for line in refusals:
            err.print(line, markup=False)
        sys.exit(EXIT_FINDINGS)
    if out is not None:
        key = _signing_key(signing_key)
        payload = package_payload(certs, specs, waivers, __version__)
        data = bundle_mod.build_bundle(payload, key, created_at=datetime.now(UTC),
                                       subject={"product": product, "product_version": product_version})
        _write(out, data)


def _subjects(runs: Sequence[RunResult], businesses: tuple[str, ...],
              spec_version: str | None) -> list[tuple[str, str | None]]:
    if businesses:
        versions = {r.subject.business: r.subject.spec_version for r in sorted(runs, key=lambda r: r.started_at)}
        return [(b, spec_version or versions.get(b)) for b in businesses]
    found = {(r.subject.business, r.subject.spec_version) for r in runs}
    return sorted((b, spec_version or v) for b, v in found)


def _print_statuses(certs: Sequence[Certification]) -> None:
    table = Table("business", "spec", "status", "requirements", "blocking")
    for cert in certs:
        table.add_row(cert.business, cert.spec_version, f"{cert.status.label_ja} {cert.status.value}",
                      str(len(cert.rows)), str(len(cert.reasons)))
    out.print(table)


def _signing_key(path: Path | None) -> Ed25519PrivateKey:
    chosen = path or (Path(os.environ[KEY_ENV_VAR]) if os.environ.get(KEY_ENV_VAR) else None)
    if chosen is None:
        fail_usage(f"--out needs a signing key: --signing-key PATH or ${KEY_ENV_VAR}")
    try:
        return load_private_key(chosen)
    except SigningKeyError as exc:
        fail_usage(str(exc))


# ----------------------------------------------------------------------------- bundle


@click.group("bundle")
def bundle_group() -> None:
    """Signed evidence bundles (証跡パッケージ)."""


@bundle_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Also require that this key signed the bundle.")
def bundle_verify(file: Path, public_key: Path | None) -> None:
    """Verify a bundle offline: every byte, every file hash, the signature (and the signer)."""
    check = bundle_mod.verify_bundle(file.read_bytes(), public_key.read_bytes() if public_key else None)
    if not check.ok:
        for problem in check.problems:
            err.print(f"[red]FAIL[/] {problem}", markup=True)
        sys.exit(EXIT_FINDINGS)
    files = len(check.manifest.get("files", []))
    out.print(f"OK: {file} — {files} file(s), signed by {check.fingerprint}", markup=False)


# ----------------------------------------------------------------------------- report


@click.group()
def report() -> None:
    """Reports from finished runs: render, diff, import into and list the result store."""


@report.command("render")
@click.argument("run_ref")
@click.option("--format", "fmt", type=click.Choice(["json", "junit", "html", "xlsx"]), required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True)
@click.option("--with-spec", is_flag=True, help="Use the run's spec for the per-requirement table.")
@db_option
@specs_dir_option
def report_render(run_ref: str, fmt: str, out: Path, with_spec: bool, db: str | None,
                  specs_dir: Path) -> None:
    """Render one run (run.json path or stored run ID) as json, junit, html or xlsx."""
    run = _run_ref(run_ref, db)
    rows: tuple[RequirementRow, ...] = ()
    if with_spec:
        rows = requirement_rows(load_bundle(specs_dir, run.subject.business, run.subject.spec_version), (run,))
    data = ReportInput(runs=(run,), requirements=rows, title=f"{run.subject.business} {run.subject.spec_version}")
    renderers: dict[str, Callable[[ReportInput], bytes | str]] = {
        "json": render_json, "junit": render_junit, "html": render_html, "xlsx": render_xlsx,
    }
    _write(out, renderers[fmt](data))


@report.command("diff")
@click.argument("run_a")
@click.argument("run_b")
@click.option("--json", "as_json", is_flag=True)
@db_option
def report_diff(run_a: str, run_b: str, as_json: bool, db: str | None) -> None:
    """Regressions and fixes from RUN_A to RUN_B (paths to run.json or stored run IDs). Exit 1 on a regression."""
    diff = diff_runs(_run_ref(run_a, db), _run_ref(run_b, db))
    if as_json:
        out.print_json(data=diff.to_dict())
    else:
        for change in diff.changes:
            before = change.before.value if change.before else "-"
            after = change.after.value if change.after else "-"
            out.print(f"{change.kind}\t{change.case_id}\t{before} → {after}\t{change.title}", markup=False)
        counts = diff.to_dict()["counts"]
        err.print(", ".join(f"{k}={v}" for k, v in counts.items()), markup=False)
    if diff.regressions:
        sys.exit(EXIT_FINDINGS)


@report.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--product", default=None, help="Product of runs that name none (e.g. data-validation runs).")
@click.option("--product-version", default=None)
@db_option
def report_import(files: tuple[Path, ...], product: str | None, product_version: str | None, db: str | None) -> None:
    """Store run.json files in the result store."""
    store = _store(db, create=True)
    assert store is not None
    for path in files:
        run = _attach(_read_run(path), product, product_version)
        try:
            store.add_run(run)
        except ValueError as exc:
            fail_usage(f"{path}: {exc}")
        err.print(f"stored {run.run_id} ({run.kind}, {run.subject.business} {run.subject.spec_version})",
                  markup=False)


@report.command("reference-data")
@click.option("--business", "businesses", multiple=True, help="Only these businesses (default: every business).")
@click.option("--product", default=None, help="Default: the reference vendor's product (vendors/reference.toml).")
@click.option("--product-version", default=None, help="Default: the reference vendor's product version.")
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

    from conformance.data.value_pools import GenerationError
    from conformance.evidence.reference_vendor_evidence import migration_data_run

    product, product_version = _reference_product(product, product_version)
    store = None if no_store else _store(db, create=True)
    failed = False
    with tempfile.TemporaryDirectory(prefix="conformance-reference-data-") as scratch:
        for spec in latest_bundles(specs_dir, businesses):
            folder = (out_dir or Path(scratch)) / spec.meta.slug
            try:
                run = migration_data_run(spec, folder, product, product_version, keep=out_dir is not None)
            except GenerationError as exc:
                fail_usage(f"{spec.meta.slug}: {exc}")
            if out_dir is not None:
                _write(folder / "run.json", json.dumps(run_to_dict(run), ensure_ascii=False, indent=2) + "\n")
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
    store = _store(db, create=False)
    table = Table("run", "kind", "business", "spec", "product", "started", "verdict")
    for r in store.list_runs(product=product, business=business) if store else []:
        table.add_row(r.run_id, r.kind, r.business, r.spec_version, f"{r.product or ''} {r.product_version or ''}",
                      r.started_at.isoformat(), r.verdict.value)
    out.print(table)


# ----------------------------------------------------------------------------- keys


@click.group()
def keys() -> None:
    """Signing keys for evidence bundles (Ed25519)."""


@keys.command("generate")
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False, path_type=Path))
def keys_generate(folder: Path) -> None:
    """Write signing-key.pem (0600) and signing-key.pub.pem into a folder."""
    try:
        private, public = generate_keypair(folder)
    except SigningKeyError as exc:
        fail_usage(str(exc))
    err.print(f"wrote {private} (keep secret) and {public}", markup=False)


# ----------------------------------------------------------------------------- impact


@click.command()
@click.argument("slug")
@click.option("--from", "old_version", required=True, help="The spec version products are certified for.")
@click.option("--to", "new_version", required=True, help="The new spec version.")
@click.option("--json", "as_json", is_flag=True)
@db_option
@specs_dir_option
def impact(slug: str, old_version: str, new_version: str, as_json: bool, db: str | None,
           specs_dir: Path) -> None:
    """Which certified products must re-test which requirements when SLUG moves to a new spec version."""
    old, new = load_bundle(specs_dir, slug, old_version), load_bundle(specs_dir, slug, new_version)
    store = _store(db, create=False)
    certs = []
    if store is not None:
        business, version_id = old.key  # the spec's own version ID: --from may be written 第4.0版
        products = {(r.product, r.product_version) for r in store.list_runs(business=business, spec_version=version_id)
                    if r.product and r.product_version}
        for product, version in sorted(products):
            runs = runs_from_store(store, product=product, product_version=version, business=business,
                                   spec_version=version_id)
            certs.append(certify(old, product=product, product_version=version, runs=runs,
                                 waivers=store.waivers(product=product), on=date.today()))
    result = spec_impact(old, new, certs)
    if as_json:
        out.print_json(data=result.to_dict())
        return
    out.print(f"{slug} {old_version} → {new_version}: {len(result.retests)} requirement(s) to re-test", markup=False)
    for retest in result.retests:
        verb = "re-declare" if retest.redeclare else "re-test"
        out.print(f"  {retest.requirement_id} {retest.title} ({verb}): {'; '.join(retest.reasons)}", markup=False)
    for affected in result.products:
        out.print(f"{affected.product} {affected.product_version} [{affected.status}]: re-test "
                  f"{len(affected.retests)} requirement(s)", markup=False)
    if result.removed_requirements:
        out.print(f"removed (no longer tested): {', '.join(result.removed_requirements)}", markup=False)

