"""The result store's tables (prefixed ``results_`` so they can share a database with the tracker)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, MetaData, String, Table, Text

__all__ = ["Table", "declarations", "metadata", "runs", "waivers"]

metadata = MetaData()

runs = Table(
    "results_runs",
    metadata,
    Column("run_id", String(128), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("business", String(40), nullable=False),
    Column("spec_version", String(16), nullable=False),
    Column("product", String(200), nullable=True),
    Column("product_version", String(64), nullable=True),
    Column("target", String(500), nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_results_runs_subject", "business", "spec_version", "product", "product_version"),
    Index("ix_results_runs_started_at", "started_at"),
)

waivers = Table(
    "results_waivers",
    metadata,
    Column("waiver_id", String(64), primary_key=True),
    Column("product", String(200), nullable=False),
    Column("product_version", String(64), nullable=True),
    Column("business", String(40), nullable=False),
    Column("spec_version", String(16), nullable=False),
    Column("case_id", String(200), nullable=False),
    Column("justification", Text, nullable=False),
    Column("approver", String(200), nullable=False),
    Column("granted", Date, nullable=False),
    Column("expires", Date, nullable=False),
    Index("ix_results_waivers_product", "product", "business"),
)

declarations = Table(
    "results_declarations",
    metadata,
    Column("declaration_id", String(128), primary_key=True),
    Column("business", String(40), nullable=False),
    Column("spec_version", String(16), nullable=False),
    Column("product", String(200), nullable=False),
    Column("product_version", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_results_declarations_product", "product", "business"),
)
