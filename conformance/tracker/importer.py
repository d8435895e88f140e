"""Import a liaison workbook: validate the whole file, then apply it in one locked transaction."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from conformance.tracker.records import ImportSummary, InputRejectedError, Problem
from conformance.tracker.store import TrackerStore
from conformance.tracker.workbook import parse_workbook


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes (recorded with the import)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_workbook(
    store: TrackerStore, path: Path, *, actor: str, as_of: date | None = None, allow_backwards: bool = False,
) -> ImportSummary:
    """Import one workbook all-or-nothing.

    Raises:
        InputRejectedError: with every problem (file, sheet, row, column); nothing was written.
    """
    if not path.is_file():
        raise InputRejectedError([Problem("unreadable", "no such file", str(path))])
    rows, problems = parse_workbook(path, as_of)
    if problems:
        raise InputRejectedError(problems)
    latest = max(row.as_of for row in rows)
    return store.apply_rows(
        rows, kind="workbook", source=path.name, sha256=file_sha256(path), actor=actor, as_of=latest,
        allow_backwards=allow_backwards,
    )
