"""One ordering of runs shared by every store: by start time (UTC), then by run ID."""

from __future__ import annotations

from datetime import UTC, datetime

from conformance.result_store.records import StoredRun


def utc(moment: datetime) -> datetime:
    """The moment as an aware UTC datetime (naive values are taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def run_sort_key(row: StoredRun) -> tuple[datetime, str]:
    """Oldest first; ties broken by run ID so the order is total."""
    return (utc(row.started_at), row.run_id)
