"""Validate one delivery (one CSV per data group) against a spec's basic data list.

The caller (the CLI, or a conformance run) loads the SpecBundle and passes it in together with a
DeliverySource; this package never loads specs itself. Every defect goes to the sink as it is found;
the returned `ValidationOutcome` holds only per-file status and counts.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from conformance.data.codes import BY_CODE
from conformance.data.filecheck import FileChecker, FileKeys, FileReport, FileStatus
from conformance.data.keys import keysets as keys
from conformance.data.read.layout import TRUTH_FILE, match_file
from conformance.data.report.defects import Defect, DefectSink, Tally, TeeSink
from conformance.data.report.masking import mask_value
from conformance.data.source.delivery import DeliverySource
from conformance.domain.spec import DataGroup, SpecBundle


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
    collected: dict[str, tuple[FileReport, FileKeys]] = {}
    # each file's duplicate primary keys, and the dangling foreign keys once both files are read, are found in a
    # thread while the next file is checked (reported in the same order afterwards)
    duplicates: dict[str, Future[list[keys.Duplicate]]] = {}
    dangling: Dangling = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="duplicate-keys") as pool:
        for delivered in source.files():
            if delivered.name.rsplit("/", 1)[-1] == TRUTH_FILE:
                continue  # the generator's ground truth, not part of a delivery
            match = match_file(delivered.name, bundle)
            if match is None:
                out.add(Defect(delivered.name, None, None, "file.unexpected", {}, None,
                               requirements("file.unexpected")))
                reports.append(FileReport(delivered.name, None, FileStatus.UNEXPECTED, defects=1))
                continue
            if match.group.id in collected:
                first = collected[match.group.id][0].name
                out.add(Defect(delivered.name, None, None, "file.duplicate",
                               {"group": match.group.name_ja, "other": first}, None, requirements("file.duplicate")))
                reports.append(FileReport(delivered.name, match.group.id, FileStatus.UNEXPECTED, defects=1,
                                          reason=f"second file of {match.group.id}"))
                continue
            checker = FileChecker(bundle, match, delivered, out, requirements)
            report = checker.run()
            reports.append(report)
            collected[match.group.id] = (report, checker.keys)
            duplicates[match.group.id] = pool.submit(_duplicates, checker.keys.primary)
            _submit_dangling(bundle, collected, dangling, pool)
        for group in bundle.data_groups:
            if group.id not in collected:
                expected = f"{group.file}.csv"
                out.add(Defect(expected, None, None, "file.missing", {"group": group.name_ja, "expected": expected},
                               None, requirements("file.missing")))
                reports.append(FileReport(expected, group.id, FileStatus.NOT_CHECKED, reason="file missing"))
        notes = _table_checks(bundle, collected, duplicates=duplicates, dangling=dangling, sink=out,
                              requirements=requirements)
    return ValidationOutcome(bundle.meta.slug, bundle.meta.version_id, reports, tally, started, notes=notes)


Dangling = dict[tuple[str, int], Future[list[tuple[int, str]]]]


def _duplicates(primary: list[pl.DataFrame]) -> list[keys.Duplicate]:
    return list(keys.duplicates(primary))


def _dangling(child: list[pl.DataFrame], parent: list[pl.DataFrame]) -> list[tuple[int, str]]:
    return list(keys.dangling(child, parent))


def _submit_dangling(bundle: SpecBundle, collected: dict[str, tuple[FileReport, FileKeys]], dangling: Dangling,
                     pool: ThreadPoolExecutor) -> None:
    """Start the foreign-key checks whose child and fully read parent files are both collected."""
    for group in bundle.data_groups:
        if group.id not in collected:
            continue
        for index, foreign in enumerate(group.foreign_keys):
            parent = collected.get(foreign.group)
            if (group.id, index) in dangling or parent is None or parent[0].status is not FileStatus.CHECKED:
                continue
            dangling[(group.id, index)] = pool.submit(_dangling, collected[group.id][1].foreign[index],
                                                      parent[1].primary)


def _table_checks(bundle: SpecBundle, collected: dict[str, tuple[FileReport, FileKeys]], *,
                  duplicates: dict[str, Future[list[keys.Duplicate]]], dangling: Dangling, sink: DefectSink,
                  requirements: Callable[[str], tuple[str, ...]]) -> list[str]:
    notes: list[str] = []
    for group in bundle.data_groups:
        if group.id not in collected:
            continue
        report = collected[group.id][0]
        personal = any(group.item(i).personal_data for i in group.primary_key)
        column = keys.display_key(group, group.primary_key)
        for duplicate in duplicates[group.id].result():
            report.defects += 1
            sink.add(Defect(report.name, duplicate.record, column, "table.duplicate-key",
                            {"key": column, "first_row": duplicate.first_record},
                            mask_value(duplicate.key.replace(keys.KEY_SEPARATOR, "+"), personal),
                            requirements("table.duplicate-key")))
        for index, foreign in enumerate(group.foreign_keys):
            notes.extend(_foreign_key(bundle, group, index, collected=collected, dangling=dangling, sink=sink,
                                      requirements=requirements))
            del foreign
    return notes


def _foreign_key(bundle: SpecBundle, group: DataGroup, index: int, *,
                 collected: dict[str, tuple[FileReport, FileKeys]], dangling: Dangling, sink: DefectSink,
                 requirements: Callable[[str], tuple[str, ...]]) -> list[str]:
    foreign = group.foreign_keys[index]
    report, found = collected[group.id]
    parent = collected.get(foreign.group)
    if parent is None or parent[0].status is not FileStatus.CHECKED:
        return [f"{report.name}: foreign key to {foreign.group} not checked (the referenced file is missing "
                "or was not fully read)"]
    target = bundle.group(foreign.group)
    parent_report, parent_keys = parent
    if [target.item(i).name_ja for i in foreign.ref_items] != [target.item(i).name_ja for i in target.primary_key]:
        return [f"{report.name}: foreign key to non-primary items of {foreign.group} not checked"]
    column = keys.display_key(group, foreign.items)
    personal = any(group.item(i).personal_data for i in foreign.items)
    started = dangling.get((group.id, index))
    found_dangling = started.result() if started is not None else _dangling(found.foreign[index], parent_keys.primary)
    for record, key in found_dangling:
        report.defects += 1
        sink.add(Defect(report.name, record, column, "table.foreign-key",
                        {"key": column, "ref_group": f"{target.name_ja} ({parent_report.name})"},
                        mask_value(key.replace(keys.KEY_SEPARATOR, "+"), personal),
                        requirements("table.foreign-key")))
    return []
