"""Import files into the tracker: a liaison workbook, certification records, a rehearsal's run.

Each file is validated as a whole first and then applied in one locked transaction, or refused with
every problem (InputRejectedError) and nothing written.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from conformance.domain.businesses import business
from conformance.tracker.certification import parse_certification_file
from conformance.tracker.records import (
    CertificationsImported,
    ImportSummary,
    InputRejectedError,
    Problem,
    RehearsalAttached,
)
from conformance.tracker.rehearsal import load_run, summarise
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


def import_certifications(store: TrackerStore, path: Path, *, actor: str) -> CertificationsImported:
    """Append the certification records of a JSON or CSV file, all-or-nothing.

    Raises:
        InputRejectedError: the file is unreadable, a record is malformed, or there is no record.
    """
    records, problems = parse_certification_file(path)
    if problems:
        raise InputRejectedError(problems)
    if not records:
        raise InputRejectedError([Problem("empty", "no certification records", path.name)])
    import_id = store.add_certifications(records, source=path.name, sha256=file_sha256(path), actor=actor,
                                         as_of=max(r.as_of for r in records))
    return CertificationsImported(import_id, len(records))


def attach_rehearsal(store: TrackerStore, lg_code: str, slug: str, path: Path, *, actor: str) -> RehearsalAttached:
    """Attach a data-conformance RunResult JSON to an assignment, keeping only its summary (never findings).

    Raises:
        UnknownBusinessError: `slug` is not one of the 20 businesses.
        InputRejectedError: the file is not a RunResult, the run is about another business, or the
            assignment is not tracked.
    """
    business(slug)
    run, problems = load_run(path)
    if run is None:
        raise InputRejectedError(problems)
    if run.subject.business != slug:
        raise InputRejectedError([Problem("business_mismatch", f"the run is about {run.subject.business}, not {slug}",
                                          path.name)])
    added = store.add_rehearsals([(lg_code, slug, summarise(run))], source=path.name, sha256=file_sha256(path),
                                 actor=actor)
    return RehearsalAttached(run.run_id, run.verdict.value, added > 0)
