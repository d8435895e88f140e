"""Specs for the commands: the one `--specs-dir` option, and loading a spec or exiting 2.

Every command that reads specs takes `specs_dir_option`, whose value is already resolved by
`conformance.specs.resolve_specs_dir` (--specs-dir, $CONFORMANCE_SPECS_DIR, the checkout, the
bundled copy), so no command can look for specs anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from conformance.cli.console import fail_spec
from conformance.domain.spec import SpecBundle
from conformance.specs import ENV_VAR, SpecLoadError, discover, load_spec, resolve_specs_dir


def _resolve(_context: click.Context, _parameter: click.Parameter, value: str | None) -> Path:
    return resolve_specs_dir(value)


specs_dir_option = click.option(
    "--specs-dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    callback=_resolve,
    help=f"Folder holding the specs (default: ${ENV_VAR}, else the bundled specs/).",
)


def load_bundle(specs_dir: Path, slug: str, version: str | None, *, verify_openapi: bool = False) -> SpecBundle:
    """One spec version (the latest when `version` is None); every problem printed and exit 2 when unusable."""
    try:
        return load_spec(specs_dir, slug, version, verify_openapi=verify_openapi)
    except SpecLoadError as exc:
        fail_spec(exc)


def latest_bundles(specs_dir: Path, businesses: Sequence[str]) -> list[SpecBundle]:
    """The latest version of each named business (of every business when none is named), in slug order."""
    try:
        slugs = list(dict.fromkeys(businesses)) or sorted({source.slug for source in discover(specs_dir)})
    except SpecLoadError as exc:
        fail_spec(exc)
    return [load_bundle(specs_dir, slug, None) for slug in slugs]
