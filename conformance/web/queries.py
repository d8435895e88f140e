"""Read-only aggregates the tracker's query API does not offer (the dashboard's only SQL on tracker tables).

Nothing here writes; every write goes through the tracker store so history records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from conformance.tracker import schema as t


@dataclass(frozen=True, slots=True)
class ProductUse:
    """One product version used for one business and spec version, and by how many bodies."""

    vendor: str
    product: str
    product_version: str
    business: str
    spec_version: str
    deployments: int


def data_version(engine: Engine) -> int:
    """The newest import id (0 when none): changes whenever any tracker data changes."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(t.imports.c.id), 0))).scalar_one())


def product_uses(engine: Engine, vendor: str | None = None) -> list[ProductUse]:
    """Products chosen by bodies, grouped by vendor, product version, business and spec version."""
    a = t.assignments
    query = (
        select(a.c.product_vendor, a.c.product, a.c.product_version, a.c.business, a.c.spec_version, func.count())
        .where(a.c.product.is_not(None), a.c.product_vendor.is_not(None))
        .group_by(a.c.product_vendor, a.c.product, a.c.product_version, a.c.business, a.c.spec_version)
        .order_by(a.c.product_vendor, a.c.product, a.c.product_version, a.c.business)
    )
    if vendor is not None:
        query = query.where(a.c.product_vendor == vendor)
    with engine.connect() as conn:
        return [ProductUse(r[0], r[1], r[2] or "", r[3], r[4] or "", int(r[5])) for r in conn.execute(query)]
