"""`conformance impact`: what moving a business to a new spec version means for certified products. Exit 2
on usage errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from conformance.cli.console import out
from conformance.cli.spec_access import load_bundle, specs_dir_option
from conformance.cli.store_access import db_option, open_existing_store
from conformance.evidence import Impact, certify_stored_products, spec_impact


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
    store = open_existing_store(db)
    certs = certify_stored_products(store, old, on=date.today()) if store is not None else []
    result = spec_impact(old, new, certs)
    if as_json:
        out.print_json(data=result.to_dict())
    else:
        _print_impact(f"{slug} {old_version} → {new_version}", result)


def _print_impact(heading: str, result: Impact) -> None:
    out.print(f"{heading}: {len(result.retests)} requirement(s) to re-test", markup=False)
    for retest in result.retests:
        verb = "re-declare" if retest.redeclare else "re-test"
        out.print(f"  {retest.requirement_id} {retest.title} ({verb}): {'; '.join(retest.reasons)}", markup=False)
    for affected in result.products:
        out.print(f"{affected.product} {affected.product_version} [{affected.status}]: re-test "
                  f"{len(affected.retests)} requirement(s)", markup=False)
    if result.removed_requirements:
        out.print(f"removed (no longer tested): {', '.join(result.removed_requirements)}", markup=False)
