"""`conformance specs ...`: check, list, show, diff, build-openapi and import standard specs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from conformance.cli.console import EXIT_FINDINGS, EXIT_USAGE, err, fail_spec, out
from conformance.cli.spec_access import specs_dir_option
from conformance.domain.spec import Category, SpecBundle
from conformance.specs import SpecLoadError, check_specs, load_all, load_spec


@click.group()
def specs() -> None:
    """Machine-readable standard specifications (標準仕様書)."""


@specs.command("check")
@specs_dir_option
def check(specs_dir: Path) -> None:
    """Check every spec: schema, unique IDs, references, OpenAPI and its agreement with the data items.

    Exit 0 clean, 1 findings, 2 unusable input.
    """
    report = check_specs(specs_dir)
    for problem in report.problems:
        out.print(problem.render(), markup=False)
    total = len(report.checked)
    if report.unusable:
        err.print(f"[red]unusable input[/]: {len(report.problems)} problem(s) in {specs_dir}", markup=True)
        sys.exit(EXIT_USAGE)
    if report.problems:
        err.print(f"[red]{len(report.problems)} problem(s)[/] in {total} spec version(s)", markup=True)
        sys.exit(EXIT_FINDINGS)
    err.print(f"[green]ok[/]: {total} spec version(s) in {specs_dir} are consistent", markup=True)


def summary(bundle: SpecBundle) -> dict[str, object]:
    """The catalogue row of one spec version (the JSON of `specs list --json`)."""
    by_category = bundle.requirements_by_category()
    return {
        "slug": bundle.meta.slug,
        "name_ja": bundle.meta.name_ja,
        "label_ja": bundle.meta.label_ja,
        "name_en": bundle.meta.name_en,
        "version": bundle.meta.version_id,
        "version_label": bundle.meta.version,
        "published": bundle.meta.published.isoformat(),
        "fidelity": bundle.meta.fidelity.value,
        "requirements": len(bundle.requirements),
        "requirements_by_category": {category.value: by_category[category] for category in Category},
        "data_groups": len(bundle.data_groups),
        "data_items": bundle.data_item_count,
        "code_tables": len(bundle.code_tables),
        "api_operations": len(bundle.api.operations),
    }


@specs.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@specs_dir_option
def list_specs(as_json: bool, specs_dir: Path) -> None:
    """List every business and spec version with its counts (仕様一覧)."""
    try:
        bundles = load_all(specs_dir)
    except SpecLoadError as exc:
        fail_spec(exc)
    rows = [summary(bundle) for bundle in bundles]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="標準仕様カタログ / Spec catalogue", title_justify="left")
    for header in ("業務 / slug", "名称", "版", "要件 (必須/ｵﾌﾟｼｮﾝ/不可)", "ﾃﾞｰﾀｸﾞﾙｰﾌﾟ", "ﾃﾞｰﾀ項目", "API"):
        table.add_column(header)
    for row in rows:
        cats = row["requirements_by_category"]
        assert isinstance(cats, dict)
        table.add_row(
            str(row["slug"]),
            str(row["label_ja"]),
            str(row["version_label"]),
            f"{row['requirements']} ({cats['mandatory']}/{cats['standard_option']}/{cats['not_allowed']})",
            str(row["data_groups"]),
            str(row["data_items"]),
            str(row["api_operations"]),
        )
    out.print(table)
    businesses = len({row["slug"] for row in rows})
    out.print(
        f"{businesses} businesses, {len(rows)} spec versions, "
        f"{sum(int(str(r['requirements'])) for r in rows)} requirements, "
        f"{sum(int(str(r['data_items'])) for r in rows)} data items"
    )


@specs.command("show")
@click.argument("slug")
@click.option("--spec-version", "version", default=None, help="Version such as 4.0 or 第4.0版 (default: latest).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@specs_dir_option
def show(slug: str, version: str | None, as_json: bool, specs_dir: Path) -> None:
    """Show one business's spec: metadata, requirements, data groups, API operations."""
    try:
        bundle = load_spec(specs_dir, slug, version)
    except SpecLoadError as exc:
        fail_spec(exc)
    if as_json:
        click.echo(json.dumps(_detail(bundle), ensure_ascii=False, indent=2))
        return
    meta = bundle.meta
    out.print(f"[bold]{meta.name_ja}[/] ({meta.label_ja}) / {meta.name_en} — {meta.document_ja} {meta.version}")
    out.print(f"所管: {meta.ministry_ja} ({meta.ministry_en})  公開日: {meta.published}  fidelity: {meta.fidelity}")
    requirements = Table(title="機能要件 / Functional requirements", title_justify="left")
    for header in ("ID", "区分", "章", "名称", "検証"):
        requirements.add_column(header)
    for r in bundle.requirements:
        how = ", ".join(r.verification.checks) if r.verification.checks else f"申告: {r.verification.reason}"
        requirements.add_row(r.id, r.category.label_ja, " > ".join(r.chapter), r.title, how)
    out.print(requirements)
    groups = Table(title="基本データリスト / Data groups", title_justify="left")
    for header in ("ID", "名称", "ファイル", "項目数", "主キー"):
        groups.add_column(header)
    for g in bundle.data_groups:
        groups.add_row(g.id, f"{g.name_ja} ({g.name_en})", f"{g.file}.csv", str(len(g.items)), ", ".join(g.primary_key))
    out.print(groups)
    for op in bundle.api.operations:
        out.print(
            f"API {op.kind:<8} GET {bundle.api.base_path}{op.path}  {op.operation_id}  {op.summary_ja}", markup=False
        )


def _detail(bundle: SpecBundle) -> dict[str, object]:
    return {
        **summary(bundle),
        "requirements_detail": [
            {
                "id": r.id,
                "category": r.category.value,
                "chapter": list(r.chapter),
                "title": r.title,
                "verification": r.verification.method.value,
                "checks": list(r.verification.checks),
            }
            for r in bundle.requirements
        ],
        "data_groups_detail": [
            {
                "id": g.id,
                "name_ja": g.name_ja,
                "file": g.file,
                "primary_key": list(g.primary_key),
                "items": [
                    {
                        "id": i.id,
                        "name_ja": i.name_ja,
                        "type": i.type.value,
                        "length": i.length,
                        "mandatory": i.mandatory,
                    }
                    for i in g.items
                ],
            }
            for g in bundle.data_groups
        ],
        "api_operations_detail": [
            {"operation_id": op.operation_id, "kind": op.kind.value, "path": f"{bundle.api.base_path}{op.path}"}
            for op in bundle.api.operations
        ],
    }


@specs.command("build-openapi")
@click.argument("slugs", nargs=-1)
@specs_dir_option
def build_openapi(slugs: tuple[str, ...], specs_dir: Path) -> None:
    """(Re)generate openapi.yaml of every spec version (or only SLUGS) from its data items."""
    from conformance.specs import build_openapi as write_openapi

    try:
        for target in write_openapi(specs_dir, slugs):
            err.print(f"wrote {target}", markup=False)
    except SpecLoadError as exc:
        fail_spec(exc)


@specs.command("diff")
@click.argument("slug")
@click.argument("old_version")
@click.argument("new_version")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ (like git diff --exit-code).")
@specs_dir_option
def diff(slug: str, old_version: str, new_version: str, as_json: bool, exit_code: bool, specs_dir: Path) -> None:
    """Show added, changed and removed requirements, data items, codes and API operations (版間差分)."""
    from conformance.specs import ChangeKind, diff_specs

    try:
        old = load_spec(specs_dir, slug, old_version)
        new = load_spec(specs_dir, slug, new_version)
    except SpecLoadError as exc:
        fail_spec(exc)
    result = diff_specs(old, new)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        title = f"[bold]{old.meta.name_ja}[/] {old.meta.version} → {new.meta.version}"
        out.print(f"{title}  ({len(result.changes)} changes)")
        marks = {ChangeKind.ADDED: "[green]+[/]", ChangeKind.REMOVED: "[red]-[/]", ChangeKind.CHANGED: "[yellow]~[/]"}
        for change in result.changes:
            out.print(f"{marks[change.kind]} {change.entity.value:<15} {change.key}  {change.label}", markup=True)
            for name, (before, after) in change.fields.items():
                out.print(f"      {name}: {_short(before)} → {_short(after)}", markup=False)
    if exit_code and result.changes:
        sys.exit(EXIT_FINDINGS)


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


@specs.command("import")
@click.option(
    "--data-list",
    "data_list",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="基本データリスト-style workbook (.xlsx); its name carries 【第X.Y版】.",
)
@click.option(
    "--requirements",
    "requirements",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="機能・帳票要件-style workbook (.xlsx).",
)
@click.option("--business", "slug", default=None, help="Business slug (default: from the file names).")
@click.option(
    "--base-version",
    default=None,
    help="Existing version to carry English names, API fields and verification over from.",
)
@click.option("--force", is_flag=True, help="Replace the version specs_dir if it exists.")
@specs_dir_option
def import_workbooks_cmd(
    data_list: Path, requirements: Path, slug: str | None, base_version: str | None, force: bool, specs_dir: Path
) -> None:
    """Import official-style workbooks as a new spec version (取込).

    The result is checked before it is kept: on any problem nothing is written. Exit 0 imported,
    1 the imported spec has findings, 2 unusable workbook or usage.
    """
    from conformance.domain.businesses import UnknownBusinessError
    from conformance.specs import (
        ImportedSpecError,
        NoBusinessInNameError,
        VersionExistsError,
        WorkbookError,
        import_version,
    )

    try:
        imported = import_version(specs_dir, data_list, requirements, slug=slug, base_version=base_version,
                                  force=force)
    except (UnknownBusinessError, WorkbookError) as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(EXIT_USAGE)
    except NoBusinessInNameError as exc:
        raise click.UsageError(str(exc)) from exc
    except SpecLoadError as exc:
        fail_spec(exc)
    except VersionExistsError as exc:
        err.print(f"error: {exc.target} exists; pass --force to replace it", markup=False)
        sys.exit(EXIT_USAGE)
    except ImportedSpecError as exc:
        for problem in exc.problems:
            out.print(problem.render(), markup=False)
        err.print(f"the imported spec has {len(exc.problems)} problem(s); nothing was written", markup=False)
        sys.exit(EXIT_USAGE if exc.unusable else EXIT_FINDINGS)
    for warning in imported.result.warnings:
        err.print(f"warning: {warning}", markup=False)
    counts = summary(imported.bundle)
    out.print(
        f"imported {imported.result.business.slug} {imported.bundle.meta.version} into {imported.target}: "
        f"{counts['requirements']} requirements, {counts['data_groups']} data groups, "
        f"{counts['data_items']} data items",
        markup=False,
    )
