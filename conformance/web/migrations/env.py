"""Alembic environment of the dashboard's accounts: its own version table, on the connection the store hands over."""

from conformance.storage import run_migrations
from conformance.web.schema import metadata

run_migrations(metadata, "web_alembic_version")
