"""`conformance tracker …`: the migration tracker (移行進捗管理) from the command line.

Every command takes ``--db URL`` (a SQLAlchemy URL; default a SQLite file in the working
directory). Bad input exits 2 and names the file, sheet, row and column; nothing is written.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from conformance.cli.console import EXIT_USAGE, err, fail_usage, out
from conformance.domain.businesses import BUSINESSES, UnknownBusinessError
from conformance.municipalities import ATTRIBUTION_JA
from conformance.storage import safe_url
from conformance.tracker import (
    DEFAULT_URL,
    DIMENSIONS,
    EXPORT_VIEWS,
    SYNTHETIC_LABEL_EN,
    SYNTHETIC_LABEL_JA,
    InputRejectedError,
    PrefectureGrid,
    Problem,
    RollupRow,
    TrackerService,
    body_document,
    export_view,
    forecast_document,
    grid_document,
    rollup_document,
    to_json,
)

db_option = click.option(
    "--db", "db_url", default=DEFAULT_URL, show_default=True, envvar="CONFORMANCE_TRACKER_DB",
    help="SQLAlchemy URL of the tracker database (e.g. postgresql://user@host/db).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")


def _reject(problems: list[Problem]) -> NoReturn:
    err.print(f"[bold red]error:[/] rejected; nothing was written ({len(problems)} problem(s)):", markup=True)
    for problem in problems:
        err.print(f"  {problem.render()}", markup=False)
    sys.exit(EXIT_USAGE)


@contextmanager
def _service(db_url: str) -> Iterator[TrackerService]:
    try:
        yield TrackerService.from_url(db_url)
    except InputRejectedError as error:
        _reject(error.problems)
    except SQLAlchemyError as error:
        fail_usage(f"database {safe_url(db_url)}: {type(error).__name__} "
                   f"(has `conformance tracker init --db …` been run?) {str(error).splitlines()[0][:200]}")


def _synthetic_banner(synthetic: bool) -> None:
    if synthetic:
        err.print(f"[bold yellow]{SYNTHETIC_LABEL_JA} / {SYNTHETIC_LABEL_EN}[/]", markup=True)


@click.group()
def tracker() -> None:
    """Migration tracker: every body × business × 40 steps (移行進捗管理)."""


@tracker.command("init")
@db_option
@click.option("--demo", is_flag=True, help="Load the SYNTHETIC demo data set for all bodies.")
@click.option("--demo-prefecture", "demo_prefectures", multiple=True,
              help="Limit the demo data to these prefecture codes (faster; repeatable).")
def init_cmd(db_url: str, demo: bool, demo_prefectures: tuple[str, ...]) -> None:
    """Create or upgrade the database and seed every body × business (with --demo: synthetic data)."""
    with _service(db_url) as service:
        prefectures = [f"{int(p):02d}" for p in demo_prefectures] or None
        count = service.init(demo=demo, prefectures=prefectures)
        counts = service.counts()
        out.print(f"tracker ready at {safe_url(db_url)}: {counts.counted_bodies} bodies "
                  f"(+{counts.bodies - counts.counted_bodies} Northern-Territories villages listed, "
                  f"not counted), {count} assignments")
        if demo:
            _synthetic_banner(True)
        out.print(ATTRIBUTION_JA)


@tracker.command("import")
@db_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Report date for rows without a 基準日 column value.")
@click.option("--actor", default=None, help="Who is importing (default: the OS user).")
@click.option("--allow-backwards", is_flag=True, help="Accept steps going backwards (a corrected report).")
def import_cmd(db_url: str, files: tuple[Path, ...], as_of: Any, actor: str | None, allow_backwards: bool) -> None:
    """Import liaison workbooks (.xlsx/.csv); each file is all-or-nothing."""
    who = actor or getpass.getuser()
    problems: list[Problem] = []
    with _service(db_url) as service:
        for path in files:
            try:
                summary = service.import_workbook(path, actor=who, as_of=as_of.date() if as_of else None,
                                                  allow_backwards=allow_backwards)
            except InputRejectedError as error:
                problems.extend(error.problems)
                continue
            if summary.import_id is None:
                out.print(f"{path.name}: {summary.rows} rows, no change (already imported)")
            else:
                out.print(f"{path.name}: import #{summary.import_id}: {summary.rows} rows, "
                          f"{summary.assignments_changed} assignments changed, {summary.changes} changes recorded")
    if problems:
        _reject(problems)


@tracker.command("import-certifications")
@db_option
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--actor", default=None, help="Who is importing (default: the OS user).")
def import_certifications(db_url: str, file: Path, actor: str | None) -> None:
    """Load certification records (JSON or CSV: product, product_version, business, spec_version, status…)."""
    with _service(db_url) as service:
        imported = service.import_certifications(file, actor=actor or getpass.getuser())
        out.print(f"{file.name}: import #{imported.import_id}: {imported.records} certification records")


@tracker.command("spec-in-force")
@db_option
@click.option("--business", "slug", required=True, help="Business slug.")
@click.option("--spec-version", required=True, help="The spec version in force, e.g. 第4.0版.")
@click.option("--from", "effective", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Effective date.")
def spec_in_force(db_url: str, slug: str, spec_version: str, effective: Any) -> None:
    """Record which spec version is in force for a business (used by the certification rules)."""
    with _service(db_url) as service, _known_business():
        service.set_spec_in_force(slug, spec_version, effective.date(), actor=getpass.getuser())
        out.print(f"{slug}: {spec_version} in force from {effective.date()}")


@tracker.command("attach-rehearsal")
@db_option
@click.option("--body", "lg_code", required=True, help="6-digit body code.")
@click.option("--business", "slug", required=True, help="Business slug.")
@click.argument("run_file", type=click.Path(path_type=Path))
def attach_rehearsal(db_url: str, lg_code: str, slug: str, run_file: Path) -> None:
    """Attach a data-conformance RunResult JSON to an assignment (verdict + counts + run id only)."""
    with _service(db_url) as service, _known_business():
        attached = service.attach_rehearsal(lg_code, slug, run_file, actor=getpass.getuser())
        note = "attached" if attached.added else "already attached"
        out.print(f"{attached.run_id} ({attached.verdict}) {note} to {lg_code} × {slug}")


@contextmanager
def _known_business() -> Iterator[None]:
    try:
        yield
    except UnknownBusinessError as error:
        fail_usage(str(error))


@tracker.command("status")
@db_option
@click.option("--prefecture", default=None, help="Prefecture code (01..47): grid of its bodies × businesses.")
@click.option("--body", "lg_code", default=None, help="6-digit body code: every business with readiness.")
@click.option("--by", "dimension", type=click.Choice(DIMENSIONS), default="nation", show_default=True,
              help="Roll-up dimension when neither --prefecture nor --body is given.")
@click.option("--history", "with_history", is_flag=True, help="With --body: the recorded changes too.")
@json_option
def status(db_url: str, prefecture: str | None, lg_code: str | None, dimension: str, with_history: bool,
           as_json: bool) -> None:
    """Show progress: a roll-up, a prefecture grid, or one body's detail."""
    with _service(db_url) as service:
        if lg_code:
            _status_body(service, lg_code, with_history, as_json)
        elif prefecture:
            try:
                grid = service.prefecture_grid(prefecture)
            except (LookupError, ValueError) as error:
                fail_usage(str(error))
            _print_grid(grid, as_json)
        else:
            _print_rollup(service.rollup(dimension), dimension, as_json, service.is_synthetic())


def _print_grid(grid: PrefectureGrid, as_json: bool) -> None:
    if as_json:
        out.print_json(to_json(grid_document(grid)))
        return
    _synthetic_banner(grid.synthetic)
    table = Table(title=f"{grid.prefecture_name} ({grid.prefecture_code}) 完了率 % — 特定移行支援 marked *")
    table.add_column("団体コード")
    table.add_column("団体名")
    for b in BUSINESSES:
        table.add_column(str(b.number), justify="right")
    for body in grid.bodies:
        cells = []
        for slug in grid.businesses:
            cell = grid.cells.get((body.lg_code, slug))
            mark = "*" if cell is not None and cell.specific_support else ""
            cells.append("" if cell is None else f"{cell.completion_rate * 100:.1f}{mark}")
        table.add_row(body.lg_code, body.name, *cells)
    out.print(table)
    out.print(" ".join(f"{b.number}={b.label_ja}" for b in BUSINESSES))
    out.print(ATTRIBUTION_JA)


def _print_rollup(rows: list[RollupRow], dimension: str, as_json: bool, synthetic: bool) -> None:
    if as_json:
        out.print_json(to_json(rollup_document(rows, dimension, synthetic)))
        return
    _synthetic_banner(synthetic)
    table = Table(title=f"roll-up by {dimension} (fully 対象外 systems excluded)")
    for name in ("key", "systems", "完了率", "作業中率", "稼働済み", "特定移行支援"):
        table.add_column(name, justify="left" if name == "key" else "right")
    for r in rows:
        table.add_row(r.key, str(r.systems), f"{r.completion_rate * 100:.1f}%", f"{r.in_progress_rate * 100:.1f}%",
                      str(r.live), f"{r.specific_support} ({r.specific_support_share * 100:.1f}%)")
    out.print(table)


def _status_body(service: TrackerService, lg_code: str, with_history: bool, as_json: bool) -> None:
    try:
        body, views = service.body_detail(lg_code)
    except LookupError as error:
        fail_usage(str(error))
    synthetic = service.is_synthetic()
    history = service.history(lg_code) if with_history else []
    if as_json:
        out.print_json(to_json(body_document(body, views, history, synthetic)))
        return
    _synthetic_banner(synthetic)
    table = Table(title=f"{body.name} ({body.lg_code})")
    for name in ("業務", "完了率", "判定", "規則", "説明", "予測移行日"):
        table.add_column(name)
    for v in views:
        table.add_row(v.business, f"{v.readiness.completion_rate * 100:.1f}%", v.readiness.level.label_ja,
                      v.readiness.rule, v.readiness.explanation_ja, str(v.forecast.projected or ""))
    out.print(table)
    for h in history:
        out.print(f"#{h.import_id} {h.imported_at} {h.actor} {h.source}: {h.business} {h.field} "
                  f"{h.old_value} → {h.new_value} (as of {h.as_of})")


@tracker.command("forecast")
@db_option
@click.option("--limit", default=20, show_default=True, help="Rows shown per at-risk list (text output).")
@json_option
def forecast_cmd(db_url: str, limit: int, as_json: bool) -> None:
    """Projected cut-overs: at-risk lists (deadline, own target) and cut-overs per vendor per month."""
    with _service(db_url) as service:
        report = service.forecast()
    if as_json:
        out.print_json(to_json(forecast_document(report)))
        return
    _synthetic_banner(report.synthetic)
    out.print(f"national prior pace: {report.prior_pace:.2f} steps/month; "
              f"{report.unreported} assignments never reported (not forecast)")
    for title, items in (("missing the 2026-03-31 deadline", report.against_deadline),
                         ("missing their own target date", report.against_own_target)):
        out.print(f"[bold]{len(items)} systems {title}[/]", markup=True)
        for item in items[:limit]:
            out.print(f"  {item.lg_code} {item.body_name} {item.business}: target {item.target}, "
                      f"projected {item.projected}")
    months = sorted({m for per in report.vendor_load.values() for m in per})[-12:]
    table = Table(title="cut-overs per vendor per month (last 12 months with any)")
    table.add_column("vendor")
    for m in months:
        table.add_column(m, justify="right")
    for vendor, per in sorted(report.vendor_load.items()):
        table.add_row(vendor, *(str(per.get(m, "")) for m in months))
    out.print(table)


@tracker.command("export")
@db_option
@click.argument("out_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--view", type=click.Choice(sorted(EXPORT_VIEWS)), default="workbook", show_default=True,
              help="; ".join(f"{k}: {v}" for k, v in EXPORT_VIEWS.items()))
@click.option("--prefecture", default=None, help="Limit to a prefecture (01..47).")
@click.option("--body", "lg_code", default=None, help="Limit to one body (6-digit code).")
@click.option("--by", "dimension", type=click.Choice(DIMENSIONS), default="prefecture", show_default=True)
def export_cmd(db_url: str, out_file: Path, view: str, prefecture: str | None, lg_code: str | None,
               dimension: str) -> None:
    """Export a view to Excel (.xlsx)."""
    if view == "grid" and not prefecture:
        fail_usage("--view grid needs --prefecture")
    with _service(db_url) as service:
        try:
            export_view(service, out_file, view, prefecture=prefecture, lg_code=lg_code, dimension=dimension)
        except LookupError as error:
            fail_usage(str(error))
    out.print(f"wrote {out_file} ({view})")
