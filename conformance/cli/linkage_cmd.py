"""`conformance run` (linkage conformance against a vendor) and `conformance reference serve`.

Thin shell: it loads the profile and specs, seeds and starts the reference vendor when asked,
hands everything to `conformance.linkage`, shows progress from the runner's events, stores the
RunResults and writes run.json and junit.xml. Exit codes: 0 conformant, 1 findings, 2 configuration
or environment problems (verdict error).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from conformance import __version__
from conformance.cli.console import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, err, fail_spec, fail_usage, out
from conformance.cli.spec_access import specs_dir_option
from conformance.domain.results import RunResult, Verdict
from conformance.domain.spec import SpecBundle
from conformance.linkage import (
    REFERENCE,
    REFERENCE_TOKEN_ENV,
    Budget,
    BusinessFinished,
    BusinessStarted,
    BusinessTarget,
    CaseFinished,
    ConfigurationError,
    ProbeFinished,
    ProfileError,
    UnclaimedBusinessError,
    VendorProfile,
    build_targets,
    claims_to_run,
    default_suites_dir,
    load_profile,
    overall_verdict,
    reference_profile,
    run_all,
    synthetic_rows,
)
from conformance.reference_vendor import BackgroundServer, UnknownFaultError, build_business, create_app
from conformance.specs import SpecLoadError, discover, load_spec

EXIT_CODES = {Verdict.ERROR: EXIT_USAGE, Verdict.FAIL: EXIT_FINDINGS, Verdict.PASS: EXIT_OK}


def load_bundles(specs_dir: Path, profile: VendorProfile, only: Sequence[str]) -> list[SpecBundle]:
    """The specs the run covers (see `claims_to_run`); a business not claimed is a usage error."""
    try:
        chosen = claims_to_run(profile, only, lambda: [source.slug for source in discover(specs_dir)])
        return [load_spec(specs_dir, slug, version, verify_openapi=False) for slug, version in chosen]
    except UnclaimedBusinessError as exc:
        fail_usage(f"--business {', '.join(exc.unclaimed)}: not claimed by the profile "
                   f"(claimed: {', '.join(exc.claimed)})")
    except SpecLoadError as exc:
        fail_spec(exc)


def seed_reference(bundles: Sequence[SpecBundle], *, token: str | None, fault: str | None = None) -> object:
    """The reference vendor app over freshly generated synthetic records of `bundles`."""
    data = []
    for bundle in bundles:
        rows, lg_code = synthetic_rows(bundle)
        data.append(build_business(bundle, rows, lg_code))
    return create_app(data, token=token, fault=fault)


@contextmanager
def vendor_url(profile: VendorProfile, bundles: Sequence[SpecBundle], fault: str | None) -> Iterator[str]:
    """The base URL to test: the profile's, or a freshly started reference vendor's."""
    if not profile.is_reference:
        yield profile.base_url
        return
    env = profile.auth.token_env
    if env and not os.environ.get(env):
        os.environ[env] = secrets.token_urlsafe(24)  # this process's own vendor: a throwaway token
    token = os.environ.get(env) if env else None
    try:
        app = seed_reference(bundles, token=token, fault=fault)
    except UnknownFaultError as exc:
        fail_usage(str(exc))
    with BackgroundServer(app) as server:
        yield server.base_url


@click.command("run")
@click.option("--vendor", "vendor", required=True, help="Vendor profile (vendors/NAME.toml), or 'reference'.")
@click.option("--business", "businesses", multiple=True, help="Only these business slugs (repeatable).")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help="Where run.json and junit.xml are written.")
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Businesses tested in parallel (verdicts do not depend on it).")
@click.option("--examples", type=click.IntRange(1, 1000), default=Budget().examples, show_default=True,
              help="Schemathesis examples per operation and phase.")
@click.option("--no-generated", is_flag=True, help="Skip the schemathesis-generated cases.")
@click.option("--db", "db_url", default=None, help="Result store URL (default: $CONFORMANCE_DB or sqlite).")
@click.option("--no-store", is_flag=True, help="Do not store the runs in the result store.")
@specs_dir_option
@click.option("--suites-dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the case lock files (default: the repository's suites/).")
@click.option("--fault", default=None, hidden=True, help="Reference vendor only: seed this fault.")
def run(vendor: str, businesses: tuple[str, ...], report_dir: Path, workers: int, examples: int,
        no_generated: bool, db_url: str | None, no_store: bool, specs_dir: Path, suites_dir: Path | None,
        fault: str | None) -> None:
    """Run the linkage conformance suites against a vendor (連携機能の適合性確認).

    Probes first (reachable, authentication, advertised spec version); configuration problems are
    verdict `error` with a hint, never `fail`. Exit 0 conformant, 1 findings, 2 errors.
    """
    try:
        profile = reference_profile() if vendor == REFERENCE else load_profile(Path(vendor))
    except ProfileError as exc:
        err.print("[bold red]error:[/] the vendor profile cannot be used:", markup=True)
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False)
        raise SystemExit(EXIT_USAGE) from exc
    bundles = load_bundles(specs_dir, profile, businesses)
    with vendor_url(profile, bundles, fault) as base_url:
        try:
            targets = build_targets(profile, bundles, base_url, suites_dir=suites_dir or default_suites_dir(),
                                    budget=Budget(examples=examples), generated=not no_generated)
        except ConfigurationError as exc:
            err.print(f"[bold red]error:[/] {exc}\n  hint: {exc.hint}", markup=True)
            raise SystemExit(EXIT_USAGE) from exc
        runs = _execute(targets, workers)
    _store(runs, db_url, no_store)
    _write_reports(runs, report_dir)
    _summary(runs, report_dir)
    raise SystemExit(exit_code(runs))


def exit_code(runs: Sequence[RunResult]) -> int:
    """2 when any case is error (configuration, environment), else 1 on any fail, else 0."""
    return EXIT_CODES[overall_verdict(runs)]


def _execute(targets: Sequence[BusinessTarget], workers: int) -> list[RunResult]:
    runs: list[RunResult] = []
    total = sum(len(t.suite.cases) for t in targets)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("linkage", total=total)
        for event in run_all(targets, __version__, workers=workers):
            if isinstance(event, BusinessStarted):
                progress.update(task, description=f"{event.business} {event.spec_version}")
            elif isinstance(event, ProbeFinished) and not event.ok:
                hint = f" — hint: {event.hint}" if event.hint else ""
                progress.console.print(f"[yellow]probe {event.probe} failed[/] for {event.business}: "
                                       f"{event.detail}{hint}", markup=True)
            elif isinstance(event, CaseFinished):
                progress.advance(task)
            elif isinstance(event, BusinessFinished):
                runs.append(event.run)
    runs.sort(key=lambda r: r.subject.business)
    return runs


def _store(runs: Sequence[RunResult], db_url: str | None, no_store: bool) -> None:
    if no_store:
        return
    from conformance.result_store import SqlResultStore

    store = SqlResultStore.open(db_url)
    for run_result in runs:
        store.add_run(run_result)


def _write_reports(runs: Sequence[RunResult], report_dir: Path) -> None:
    from conformance.reports import ReportInput, render_json, render_junit

    report_dir.mkdir(parents=True, exist_ok=True)
    report = ReportInput(tuple(runs), title="linkage conformance")
    (report_dir / "run.json").write_text(render_json(report), encoding="utf-8")
    (report_dir / "junit.xml").write_bytes(render_junit(report))


def _summary(runs: Sequence[RunResult], report_dir: Path) -> None:
    table = Table(title="Linkage conformance (連携機能の適合性確認)")
    for column in ("business", "version", "verdict", "pass", "fail", "error"):
        table.add_column(column)
    for run_result in runs:
        counts = run_result.counts()
        table.add_row(run_result.subject.business, run_result.subject.spec_version, run_result.verdict.value,
                      str(counts[Verdict.PASS]), str(counts[Verdict.FAIL]), str(counts[Verdict.ERROR]))
    out.print(table)
    for run_result in runs:
        for case in run_result.cases:
            if case.verdict is Verdict.FAIL:
                first = case.findings[0]
                where = first.location.describe()
                out.print(f"  FAIL {run_result.subject.business} {case.case_id} {case.title} "
                          f"[{', '.join(case.requirement_ids[:3])}]: {first.message} {where}", markup=False)
            elif case.verdict is Verdict.ERROR:
                out.print(f"  ERROR {run_result.subject.business} {case.case_id} {case.title}: {case.reason}",
                          markup=False)
    out.print(f"reports: {report_dir / 'run.json'}, {report_dir / 'junit.xml'}", markup=False)


@click.group("reference")
def reference() -> None:
    """The reference vendor (参照実装ベンダー): a conformant linkage API and file drop over synthetic data."""


@reference.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one).")
@click.option("--business", "businesses", multiple=True, help="Only these businesses (default: all).")
@click.option("--fault", default=None, help="Serve a fault-seeded variant (see vendors/reference/README.md).")
@click.option("--token-env", default=REFERENCE_TOKEN_ENV, show_default=True,
              help="Environment variable holding the bearer token to require.")
@specs_dir_option
def serve(port: int, businesses: tuple[str, ...], fault: str | None, token_env: str, specs_dir: Path) -> None:
    """Start the reference vendor on 127.0.0.1 and serve until interrupted."""
    import time

    bundles = load_bundles(specs_dir, reference_profile(), businesses)
    token = os.environ.get(token_env)
    if not token:
        token = secrets.token_urlsafe(24)
        err.print(f"{token_env} is not set: generated a token for this session; export {token_env}=<token> "
                  "to choose it (the token is not printed)", markup=False)
    try:
        app = seed_reference(bundles, token=token, fault=fault)
    except UnknownFaultError as exc:
        fail_usage(str(exc))
    with BackgroundServer(app, port=port) as server:
        out.print(f"reference vendor serving {len(bundles)} businesses at {server.base_url} (Ctrl+C to stop)",
                  markup=False)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
