"""The result store for the commands: the one `--db` option, opening the store or exiting 2, and runs.

Every command that reads or writes stored results takes `db_option` and opens the store here, so the
URL is resolved one way (--db, $CONFORMANCE_DB, the default SQLite file) and an unusable database is
always a configuration error (exit 2). A run given on the command line is a run.json path or a stored
run ID; a file that is not a readable run is exit 2, naming it. Also here, shared by the evidence
commands: writing an output file, the run.json text, and the reference vendor's product.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from conformance.cli.console import err, fail_usage
from conformance.domain.results import RunResult
from conformance.domain.results_codec import run_from_dict, run_to_dict
from conformance.evidence import ProductMismatchError, attach_product
from conformance.result_store import DEFAULT_URL, ENV_VAR, ResultStore, SqlResultStore, existing_url, resolve_url

FC = TypeVar("FC", bound=Callable[..., Any])

db_option = click.option(
    "--db", default=None, help=f"Result store URL (default: ${ENV_VAR} or {DEFAULT_URL}); SQLite or PostgreSQL."
)


def open_store(db: str | None) -> ResultStore:
    """The store to write to (--db, $CONFORMANCE_DB or the default SQLite file, created when absent)."""
    return _open(resolve_url(db))


def open_existing_store(db: str | None) -> ResultStore | None:
    """The store to read from; None when none is named and the default SQLite file does not exist."""
    url = existing_url(db)
    return _open(url) if url is not None else None


def _open(url: str) -> ResultStore:
    try:
        return SqlResultStore.open(url)
    except Exception as exc:  # an unreachable or unusable database is a configuration error
        fail_usage(f"cannot open the result store: {exc.__class__.__name__}: {exc}")


def read_run(path: Path) -> RunResult:
    """The run in a run.json file; exit 2 naming the file when it is not one."""
    try:
        return run_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail_usage(f"{path}: not a readable run.json ({exc.__class__.__name__}: {exc})")


def run_by_ref(ref: str, db: str | None) -> RunResult:
    """A run from a run.json path, or by run ID from the store."""
    path = Path(ref)
    if path.exists():
        return read_run(path)
    store = open_existing_store(db)
    if store is None:
        fail_usage(f"{ref}: no such file, and no result store to look the run ID up in")
    try:
        return store.get_run(ref)
    except KeyError:
        fail_usage(f"{ref}: no such file or stored run")


def for_product(run: RunResult, product: str | None, product_version: str | None) -> RunResult:
    """`run` named as the product's when it names none (`attach_product`); exit 2 when it names another."""
    try:
        return attach_product(run, product, product_version)
    except ProductMismatchError as exc:
        fail_usage(str(exc))


def write_output(path: Path, data: bytes | str) -> None:
    """Write a file the user asked for (text as UTF-8), creating its folder, and say so on stderr."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    err.print(f"wrote {path}", markup=False)


def run_json(run: RunResult) -> str:
    """A run as the run.json the commands write (and `read_run` reads)."""
    return json.dumps(run_to_dict(run), ensure_ascii=False, indent=2) + "\n"


_REFERENCE_OPTIONS = (
    click.option("--business", "businesses", multiple=True, help="Only these businesses (default: every business)."),
    click.option("--product", default=None, help="Default: the reference vendor's product (vendors/reference.toml)."),
    click.option("--product-version", default=None, help="Default: the reference vendor's product version."),
)


def reference_options(command: FC) -> FC:
    """--business, --product and --product-version of a command that makes the reference vendor's evidence
    (`businesses`, `product`, `product_version`; resolve the product with `reference_product`)."""
    for option in reversed(_REFERENCE_OPTIONS):
        command = option(command)
    return command


def reference_product(product: str | None, product_version: str | None) -> tuple[str, str]:
    """The product and version given, else those of the reference vendor's built-in profile."""
    from conformance.linkage import reference_profile

    profile = reference_profile()
    return product or profile.product or profile.name, product_version or profile.product_version or "1"
