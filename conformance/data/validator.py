"""Validate one delivery (one CSV per data group) against a spec's basic data list.

The caller (the CLI, or a conformance run) loads the SpecBundle and passes it in together with a
DeliverySource; this package never loads specs itself. Each file is matched to its data group (`source`) and
checked (`filecheck`: decode, read, rules, its keys collected), then the keys across files (`keys`). Every
defect goes to the sink as it is found; the returned `ValidationOutcome` holds only per-file status and counts.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from conformance.data.codes import BY_CODE
from conformance.data.filecheck import FileChecker, FileReport, FileStatus, Requirements
from conformance.data.keys.checks import KeyChecks
from conformance.data.report.defects import Defect, DefectSink, Tally, TeeSink
from conformance.data.source.delivery import DeliveryFile, DeliverySource
from conformance.data.source.presence import TRUTH_FILE, match_file
from conformance.domain.spec import SpecBundle


@dataclass(slots=True)
class ValidationOutcome:
    """The result of validating one delivery (the defects themselves went to the sink)."""

    business: str
    spec_version: str
    files: list[FileReport]
    tally: Tally
    started_at: datetime
    finished_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every expected file was present and read to the end."""
        return all(f.status in (FileStatus.CHECKED, FileStatus.UNEXPECTED) for f in self.files)

    @property
    def clean(self) -> bool:
        """True when there is no defect at all."""
        return self.tally.total == 0

    @property
    def exit_code(self) -> int:
        """0 clean, 1 defects (every file fully checked), 2 some file could not be (fully) read."""
        if not self.complete:
            return 2
        return 0 if self.clean else 1

    @property
    def rows(self) -> int:
        """Data records read over all files."""
        return sum(f.rows for f in self.files)


def requirement_index(bundle: SpecBundle) -> Callable[[str], tuple[str, ...]]:
    """code → IDs of the requirements whose verification.checks include the code's check family."""
    by_family: dict[str, list[str]] = {}
    for requirement in bundle.requirements:
        for family in requirement.verification.checks:
            by_family.setdefault(family, []).append(requirement.id)
    table = {code: tuple(by_family.get(entry.family, ())) for code, entry in BY_CODE.items()}
    return lambda code: table[code]


def validate_delivery(bundle: SpecBundle, source: DeliverySource, sink: DefectSink) -> ValidationOutcome:
    """Check every file of a delivery and the relations between them.

    Raises:
        UnusableDeliveryError: the delivery as a whole cannot be read (e.g. a zip bomb).
    """
    started = datetime.now(UTC)
    tally = Tally()
    out = TeeSink(sink, tally)
    requirements = requirement_index(bundle)
    reports: list[FileReport] = []
    # each file's duplicate primary keys, and the dangling foreign keys once both files are read, are found in a
    # thread while the next file is checked (reported in the same order afterwards)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="duplicate-keys") as pool:
        keys = KeyChecks(bundle, pool)
        for delivered in source.files():
            if delivered.name.rsplit("/", 1)[-1] == TRUTH_FILE:
                continue  # the generator's ground truth, not part of a delivery
            reports.append(_check_file(bundle, delivered, keys, out, requirements))
        reports.extend(_missing_files(bundle, keys, out, requirements))
        notes = keys.report(out, requirements)
    return ValidationOutcome(bundle.meta.slug, bundle.meta.version_id, reports, tally, started, notes=notes)


def _check_file(bundle: SpecBundle, delivered: DeliveryFile, keys: KeyChecks, sink: DefectSink,
                requirements: Requirements) -> FileReport:
    """One delivered file: unexpected, a second file of its group, or checked (its keys then go to `keys`)."""
    match = match_file(delivered.name, bundle)
    if match is None:
        sink.add(Defect(delivered.name, None, None, "file.unexpected", {}, None, requirements("file.unexpected")))
        return FileReport(delivered.name, None, FileStatus.UNEXPECTED, defects=1)
    if match.group.id in keys.collected:
        first = keys.collected[match.group.id][0].name
        sink.add(Defect(delivered.name, None, None, "file.duplicate",
                        {"group": match.group.name_ja, "other": first}, None, requirements("file.duplicate")))
        return FileReport(delivered.name, match.group.id, FileStatus.UNEXPECTED, defects=1,
                          reason=f"second file of {match.group.id}")
    checker = FileChecker(bundle, match, delivered, sink, requirements)
    report = checker.run()
    keys.file_read(match.group.id, report, checker.keys)
    return report


def _missing_files(bundle: SpecBundle, keys: KeyChecks, sink: DefectSink,
                   requirements: Requirements) -> list[FileReport]:
    """A defect and a report for each data group no file was delivered for."""
    reports = []
    for group in bundle.data_groups:
        if group.id not in keys.collected:
            expected = f"{group.file}.csv"
            sink.add(Defect(expected, None, None, "file.missing", {"group": group.name_ja, "expected": expected},
                            None, requirements("file.missing")))
            reports.append(FileReport(expected, group.id, FileStatus.NOT_CHECKED, reason="file missing"))
    return reports
