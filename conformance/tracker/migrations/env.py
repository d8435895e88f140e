"""Alembic environment of the tracker: its own version table, on the connection the store hands over."""

from conformance.storage import run_migrations
from conformance.tracker.schema import metadata

run_migrations(metadata, "tracker_alembic_version")
