"""The key checks of a delivery: duplicate primary keys per file, dangling foreign keys per pair of files.

Each file's duplicate primary keys, and the dangling foreign keys once both the file and the file it references
are read, are computed in a thread while the next file is checked (`KeyChecks.file_read`); they are reported
after the last file, in the delivery's spec order (`KeyChecks.report`). A foreign key to a file that is missing
or was not fully read is not checked: a note says so.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import polars as pl

from conformance.data.filecheck import FileReport, FileStatus, Requirements
from conformance.data.keys import keysets
from conformance.data.keys.keysets import FileKeys
from conformance.data.report.defects import Defect, DefectSink
from conformance.data.report.masking import mask_value
from conformance.domain.spec import DataGroup, SpecBundle


def _duplicates(primary: list[pl.DataFrame]) -> list[keysets.Duplicate]:
    return list(keysets.duplicates(primary))


def _dangling(child: list[pl.DataFrame], parent: list[pl.DataFrame]) -> list[tuple[int, str]]:
    return list(keysets.dangling(child, parent))


class KeyChecks:
    """The key checks of one delivery, started on `pool` as their files are read."""

    def __init__(self, bundle: SpecBundle, pool: ThreadPoolExecutor) -> None:
        self.bundle = bundle
        self._pool = pool
        self.collected: dict[str, tuple[FileReport, FileKeys]] = {}  # by group ID: the file read for the group
        self._duplicates: dict[str, Future[list[keysets.Duplicate]]] = {}
        self._dangling: dict[tuple[str, int], Future[list[tuple[int, str]]]] = {}

    def file_read(self, group_id: str, report: FileReport, keys: FileKeys) -> None:
        """A group's file was checked: its duplicate keys, and the foreign keys that can now be checked, start."""
        self.collected[group_id] = (report, keys)
        self._duplicates[group_id] = self._pool.submit(_duplicates, keys.primary)
        for group in self.bundle.data_groups:
            if group.id not in self.collected:
                continue
            for index, foreign in enumerate(group.foreign_keys):
                parent = self.collected.get(foreign.group)
                if (group.id, index) in self._dangling or parent is None or parent[0].status is not FileStatus.CHECKED:
                    continue
                self._dangling[(group.id, index)] = self._pool.submit(
                    _dangling, self.collected[group.id][1].foreign[index], parent[1].primary)

    def report(self, sink: DefectSink, requirements: Requirements) -> list[str]:
        """Every duplicate and dangling key to `sink` (counted in its file's report); the notes of the keys not
        checked."""
        notes: list[str] = []
        for group in self.bundle.data_groups:
            if group.id not in self.collected:
                continue
            self._report_duplicates(group, sink, requirements)
            for index in range(len(group.foreign_keys)):
                notes.extend(self._report_foreign_key(group, index, sink, requirements))
        return notes

    def _report_duplicates(self, group: DataGroup, sink: DefectSink, requirements: Requirements) -> None:
        report = self.collected[group.id][0]
        personal = any(group.item(i).personal_data for i in group.primary_key)
        column = keysets.display_key(group, group.primary_key)
        for duplicate in self._duplicates[group.id].result():
            report.defects += 1
            sink.add(Defect(report.name, duplicate.record, column, "table.duplicate-key",
                            {"key": column, "first_row": duplicate.first_record},
                            mask_value(duplicate.key.replace(keysets.KEY_SEPARATOR, "+"), personal),
                            requirements("table.duplicate-key")))

    def _report_foreign_key(self, group: DataGroup, index: int, sink: DefectSink,
                            requirements: Requirements) -> list[str]:
        foreign = group.foreign_keys[index]
        report, found = self.collected[group.id]
        parent = self.collected.get(foreign.group)
        if parent is None or parent[0].status is not FileStatus.CHECKED:
            return [f"{report.name}: foreign key to {foreign.group} not checked (the referenced file is missing "
                    "or was not fully read)"]
        target = self.bundle.group(foreign.group)
        parent_report, parent_keys = parent
        if [target.item(i).name_ja for i in foreign.ref_items] != [target.item(i).name_ja for i in target.primary_key]:
            return [f"{report.name}: foreign key to non-primary items of {foreign.group} not checked"]
        column = keysets.display_key(group, foreign.items)
        personal = any(group.item(i).personal_data for i in foreign.items)
        started = self._dangling.get((group.id, index))
        dangling = started.result() if started is not None else _dangling(found.foreign[index], parent_keys.primary)
        for record, key in dangling:
            report.defects += 1
            sink.add(Defect(report.name, record, column, "table.foreign-key",
                            {"key": column, "ref_group": f"{target.name_ja} ({parent_report.name})"},
                            mask_value(key.replace(keysets.KEY_SEPARATOR, "+"), personal),
                            requirements("table.foreign-key")))
        return []
