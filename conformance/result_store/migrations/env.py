"""Alembic environment of the result store: its own version table, on the connection the store hands over."""

from conformance.result_store.schema import metadata
from conformance.storage import run_migrations

run_migrations(metadata, "results_alembic_version")
