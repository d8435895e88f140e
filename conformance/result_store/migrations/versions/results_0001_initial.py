"""Initial result-store tables: runs (JSON document + indexed subject), waivers, declarations.

Revision ID: results_0001
Revises:
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "results_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "results_runs",
        sa.Column("run_id", sa.String(128), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("business", sa.String(40), nullable=False),
        sa.Column("spec_version", sa.String(16), nullable=False),
        sa.Column("product", sa.String(200), nullable=True),
        sa.Column("product_version", sa.String(64), nullable=True),
        sa.Column("target", sa.String(500), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_results_runs_subject", "results_runs", ["business", "spec_version", "product", "product_version"]
    )
    op.create_index("ix_results_runs_started_at", "results_runs", ["started_at"])
    op.create_table(
        "results_waivers",
        sa.Column("waiver_id", sa.String(64), primary_key=True),
        sa.Column("product", sa.String(200), nullable=False),
        sa.Column("product_version", sa.String(64), nullable=True),
        sa.Column("business", sa.String(40), nullable=False),
        sa.Column("spec_version", sa.String(16), nullable=False),
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("approver", sa.String(200), nullable=False),
        sa.Column("granted", sa.Date(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=False),
    )
    op.create_index("ix_results_waivers_product", "results_waivers", ["product", "business"])
    op.create_table(
        "results_declarations",
        sa.Column("declaration_id", sa.String(128), primary_key=True),
        sa.Column("business", sa.String(40), nullable=False),
        sa.Column("spec_version", sa.String(16), nullable=False),
        sa.Column("product", sa.String(200), nullable=False),
        sa.Column("product_version", sa.String(64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index("ix_results_declarations_product", "results_declarations", ["product", "business"])


def downgrade() -> None:
    op.drop_table("results_declarations")
    op.drop_table("results_waivers")
    op.drop_table("results_runs")
