"""`conformance data ...`: validate migration data against the basic data list, and generate it.

Exit codes of `data validate`: 0 clean, 1 defects, 2 unusable input (including a file that could
not be read to the end: the report then says complete=false).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from conformance.cli.console import EXIT_FINDINGS, EXIT_USAGE, err, fail_usage, out
from conformance.cli.spec_access import load_bundle, specs_dir_option
from conformance.data import (
    TRUTH_FILE,
    Comparison,
    FileStatus,
    OutputFolderError,
    ReportReadError,
    ReportWriter,
    Tally,
    UnusableDeliveryError,
    compare,
    open_delivery,
    read_report,
    run_result,
    summary_dict,
    summary_json,
    validate_delivery,
)
from conformance.domain.results_codec import run_to_dict

TOP_COLUMNS = 5  # columns listed after the counts per code (summary.json lists every one)
SYSTEMATIC_SHARE = 0.9  # a column wrong in this share of its file's records is called out as systematic
CHANGE_JA = {"new": "新規", "increased": "増加", "decreased": "減少", "fixed": "解消", "unchanged": "変化なし"}
STATUS_JA = {FileStatus.CHECKED.value: "検査済", FileStatus.INCOMPLETE.value: "途中まで",
             FileStatus.NOT_CHECKED.value: "未検査", FileStatus.UNEXPECTED.value: "対象外"}
SYSTEMATIC_NOTE = "ほぼ全行: 出力処理の誤りの可能性 / nearly every record: likely the export itself"


@click.group()
def data() -> None:
    """Migration data (移行データ): validate against the basic data list, generate synthetic data."""


@data.command("validate")
@click.option("--business", required=True, help="Business slug, e.g. resident-registry.")
@click.option("--spec-version", "version", default=None, help="Spec version (default: latest).")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write defects.csv, defects.jsonl, summary.json and run.json here.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@specs_dir_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(business: str, version: str | None, report_dir: Path | None, as_json: bool,
             specs_dir: Path, paths: tuple[Path, ...]) -> None:
    """Validate a delivery: files, a folder, or a zip holding one CSV per data group.

    Every defect is reported (no cap); personal data is masked everywhere.
    Exit 0 clean, 1 defects, 2 unusable input or a file that could not be read to the end.
    """
    if report_dir is not None and any(path.is_dir() and path.resolve() == report_dir.resolve() for path in paths):
        fail_usage(f"--report-dir {report_dir} is the delivery folder itself: the report's files would be read as "
                   f"part of the delivery next time; write it beside or below it (e.g. {report_dir / 'report'})")
    bundle = load_bundle(specs_dir, business, version)
    try:
        source = open_delivery(list(paths))
        if report_dir is not None:
            with ReportWriter(report_dir) as writer:  # DIR changes only once the report is whole
                outcome = validate_delivery(bundle, source, writer)
                writer.write_text("summary.json", summary_json(outcome, bundle))
                run = run_result(outcome, bundle, target=", ".join(str(p) for p in paths))
                writer.write_text("run.json", json.dumps(run_to_dict(run), ensure_ascii=False, indent=2))
                writer.commit()
        else:
            outcome = validate_delivery(bundle, source, Tally())  # counts only: the summary is all that is printed
    except UnusableDeliveryError as exc:
        fail_usage(f"unusable delivery: {exc}" + (f" (no report written; {report_dir} left as it was)"
                                                  if report_dir is not None else ""))
    except OutputFolderError as exc:
        fail_usage(f"report not written: {exc} ({exc.directory} left as it was)")
    for path in paths:
        _hint_subfolders(path)
    summary = summary_dict(outcome, bundle)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary, report_dir)
    sys.exit(outcome.exit_code)


def _hint_subfolders(folder: Path) -> None:
    """A folder without a file of its own whose CSV files sit one level down (an unpacked archive, often): say so,
    since only a folder's own files are read."""
    try:
        if not folder.is_dir():
            return
        entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
        if any(entry.is_file() for entry in entries):
            return
        below = sorted(entry.name for entry in entries if entry.is_dir() and any(entry.glob("*.csv")))
    except OSError:  # only a hint: a folder that cannot be listed gets none
        return
    if below:
        err.print(f"note: {folder} holds no file of its own, but CSV files in {', '.join(below)}/: only a folder's own "
                  f"files are read (give e.g. {folder / below[0]})", markup=False)


def _print_summary(summary: dict[str, object], report_dir: Path | None) -> None:
    """The summary on the console, Japanese first (the same terms in English after a slash)."""
    files = summary["files"]
    assert isinstance(files, list)
    for entry in files:
        reason = f" ({entry['reason']})" if entry["reason"] else ""
        status = f"{STATUS_JA[entry['status']]} {entry['status']}"
        out.print(f"{entry['name']}: {status}, {entry['rows']:,} 行 rows, {entry['defects']:,} 件 defects{reason}",
                  markup=False)
    by_code = summary["by_code"]
    assert isinstance(by_code, dict)
    if by_code:
        out.print("検出コード別 / defects per finding code:", markup=False)
    for code, entry in by_code.items():
        out.print(f"  {code:<26} {entry['count']:>10,}", markup=False)
    columns = summary["by_column"]
    assert isinstance(columns, list)
    if columns:
        out.print(f"列別の上位 (件数, ファイルの行に占める割合) / columns with the most defects (count, share of the "
                  f"file's records; all {len(columns):,} in summary.json):", markup=False)
    for entry in columns[:TOP_COLUMNS]:
        share = entry["share"]
        of_rows = f" ({100 * share:.1f} %)" if share is not None else ""
        note = f" — {SYSTEMATIC_NOTE}" if share is not None and share >= SYSTEMATIC_SHARE else ""
        out.print(f"  {entry['file']} {entry['column']} {entry['code']}: {entry['count']:,}{of_rows}{note}",
                  markup=False)
    state = ("完了 complete" if summary["complete"]
             else "未完了 INCOMPLETE: 最後まで読めなかったファイルがあります / some files could not be read to the end")
    out.print(f"{summary['rows']:,} 行 rows, {summary['defects']:,} 件 defects; {state}", markup=False)
    if report_dir is not None:
        err.print(f"report: {report_dir}/defects.csv, defects.jsonl, summary.json, run.json", markup=False)


@data.command("compare")
@click.argument("before", type=click.Path(file_okay=False, path_type=Path))
@click.argument("after", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare_cmd(before: Path, after: Path, as_json: bool) -> None:
    """Compare two validation reports (--report-dir folders), e.g. two migration rehearsals.

    Defects are counted per data group, column and finding code (record numbers and timestamped file names differ
    between deliveries). Exit 0 when no count rose, 1 when one did (new or increased), 2 when a folder is not a
    readable report or the two are of different businesses.
    """
    try:
        old, new = read_report(before), read_report(after)
    except ReportReadError as exc:
        fail_usage(str(exc))
    if old.business != new.business:
        fail_usage(f"{before} is a report of {old.business}, {after} of {new.business}: nothing to compare")
    comparison = compare(old, new)
    if as_json:
        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_comparison(comparison)
    sys.exit(EXIT_FINDINGS if comparison.worse else 0)


def _print_comparison(comparison: Comparison) -> None:
    old, new = comparison.before, comparison.after
    out.print(f"前回 → 今回 / before → after: {old.folder} ({old.spec_version}) → {new.folder} ({new.spec_version})",
              markup=False)
    for report in (old, new):
        if not report.complete:
            err.print(f"note: {report.folder} is incomplete (a file was not read to the end): its counts cover "
                      "only what was read", markup=False)
    for change in comparison.changes:
        if change.kind == "unchanged":
            continue
        label = f"{CHANGE_JA[change.kind]} {change.kind}"
        out.print(f"  {change.file} {change.column or '-'} {change.code}: {change.before:,} → {change.after:,} "
                  f"({change.delta:+,}) {label}", markup=False)
    counts = comparison.counts()
    summary = ", ".join(f"{CHANGE_JA[kind]} {kind} {count}" for kind, count in counts.items())
    out.print(f"合計 / total: {old.defects:,} → {new.defects:,} 件 defects ({new.defects - old.defects:+,}); {summary}",
              markup=False)


@data.command("generate")
@click.option("--business", required=True, help="Business slug, e.g. resident-registry.")
@click.option("--spec-version", "version", default=None, help="Spec version (default: latest).")
@click.option("--rows", type=click.IntRange(min=1), required=True, help="Total data records over all files.")
@click.option("--defect-rate", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Share of rows that receive injected defects (listed in truth.csv).")
@click.option("--file-defects", is_flag=True,
              help="Also inject file-level defects (BOM, LF line ends, Shift_JIS, extra and swapped columns, "
                   "an unexpected file), listed in truth.csv with empty row and column.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@specs_dir_option
def generate(business: str, version: str | None, rows: int, defect_rate: float, file_defects: bool, seed: int,
             out_dir: Path, specs_dir: Path) -> None:
    """Generate synthetic migration data (one CSV per data group) and truth.csv."""
    from conformance.synthetic import GenerationError, generate_delivery  # on first use: `data validate` needs none

    bundle = load_bundle(specs_dir, business, version)
    try:
        result = generate_delivery(bundle, rows, out_dir, seed=seed, defect_rate=defect_rate,
                                   file_defects=file_defects)
    except GenerationError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(EXIT_USAGE)
    except OutputFolderError as exc:
        fail_usage(f"nothing generated: {exc} ({exc.directory} left as it was)")
    for path in result.files:
        out.print(f"wrote {path}", markup=False)
    written = {path.name for path in result.files} | {TRUTH_FILE}
    others = sorted(path.name for path in out_dir.iterdir()
                    if path.name not in written and not path.name.startswith("."))
    if others:  # e.g. left by an earlier generation with other options: validating the folder reports them
        err.print(f"note: {out_dir} also holds {', '.join(others)}, which this generation did not write",
                  markup=False)
    file_level = sum(1 for row in result.truth if row.row is None)
    detail = f" ({file_level:,} file-level)" if file_defects else ""
    out.print(f"{sum(result.rows.values()):,} rows, {len(result.truth):,} injected defects{detail} "
              f"(municipality {result.municipality.lg_code} {result.municipality.name})", markup=False)


__all__ = ["data"]
