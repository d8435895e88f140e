"""`conformance waiver`: record and list waivers (適用除外) in the result store. Exit 2 on usage errors."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from rich.table import Table

from conformance.cli.console import err, fail_usage, out
from conformance.cli.spec_access import load_bundle, specs_dir_option
from conformance.cli.store_access import db_option, open_existing_store, open_store
from conformance.evidence import WaiverPeriodError, check_period
from conformance.result_store import Waiver


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
    try:
        check_period(record)
    except WaiverPeriodError:
        fail_usage("--expires is before --granted")
    store = open_store(db)
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
    store = open_existing_store(db)
    today = date.today()
    table = Table("id", "product", "business", "case", "approver", "expires", "active")
    for w in store.waivers(product=product, business=business) if store else []:
        table.add_row(w.waiver_id, f"{w.product} {w.product_version or '*'}", f"{w.business} {w.spec_version}",
                      w.case_id, w.approver, w.expires.isoformat(), "yes" if w.active_on(today) else "no")
    out.print(table)
