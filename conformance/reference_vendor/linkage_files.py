"""The reference vendor's file drop: one full and one delta CSV per data group, named by the spec's pattern."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from conformance.domain.spec import DataGroup
from conformance.reference_vendor.dataset import JST, BusinessData, Change
from conformance.reference_vendor.faults import Fault, FaultKind
from conformance.reference_vendor.mutations import halfwidth_kana, kana_item, outside_code_item

OPERATION_CODES = {"added": "1", "updated": "2", "deleted": "3"}


def file_name(data: BusinessData, group: DataGroup, variant: str) -> str:
    """The file name the spec's pattern gives for one group and variant."""
    stamp = data.extracted_at.astimezone(JST).strftime("%Y%m%d%H%M%S")
    pattern = data.bundle.file_linkage.file_name_pattern
    return pattern.format(lg_code=data.lg_code, file=group.file, variant=variant, timestamp=stamp)


def render_files(data: BusinessData, fault: Fault | None) -> dict[str, bytes]:
    """Every file of the business's file drop, by name."""
    kind = fault.kind if fault is not None and fault.business == data.slug else None
    files: dict[str, bytes] = {}
    for index, group in enumerate(data.bundle.data_groups):
        if kind is FaultKind.FILE_MISSING_GROUP and index == len(data.bundle.data_groups) - 1:
            continue
        group_data = data.groups[group.id]
        full_rows = [_row(group, raw, kind) for raw in group_data.raw]
        delta_changes = list(group_data.changes)
        if kind is FaultKind.FILE_DELTA_INCONSISTENT and index == 0 and delta_changes:
            delta_changes = delta_changes[:-1]
        delta_rows = [_delta_row(group, change, kind) for change in delta_changes]
        header = list(group.header)
        delta_header = header + list(data.bundle.file_linkage.delta_columns)
        if kind is FaultKind.FILE_DELTA_NO_OPERATION:
            delta_header = header
            delta_rows = [row[: len(header)] for row in delta_rows]
        if kind is FaultKind.FILE_MISSING_COLUMN and index == 0:
            header, full_rows = _drop_last_column(header, full_rows)
        files[file_name(data, group, "full")] = _encode(header, full_rows, kind)
        files[file_name(data, group, "delta")] = _encode(delta_header, delta_rows, kind)
    return files


def _row(group: DataGroup, raw: Mapping[str, str], kind: FaultKind | None) -> list[str]:
    values = {item.id: raw.get(item.id, "") for item in group.items}
    if kind is FaultKind.FILE_CODE_OUTSIDE_TABLE:
        item = outside_code_item(group)
        if item is not None:
            values[item.id] = "ZZ"
    if kind is FaultKind.FILE_HALFWIDTH_KANA:
        item = kana_item(group)
        if item is not None and values[item.id]:
            values[item.id] = halfwidth_kana(values[item.id])
    return [values[item.id] for item in group.items]


def _delta_row(group: DataGroup, change: Change, kind: FaultKind | None) -> list[str]:
    stamp = change.changed_at.isoformat(timespec="seconds")
    return [*_row(group, change.raw, kind), OPERATION_CODES[change.operation], stamp]


def _drop_last_column(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    return header[:-1], [row[:-1] for row in rows]


def _encode(header: Sequence[str], rows: Sequence[Sequence[str]], kind: FaultKind | None) -> bytes:
    buffer = io.StringIO()
    terminator = "\n" if kind is FaultKind.FILE_LF_LINE_ENDINGS else "\r\n"
    writer = csv.writer(buffer, lineterminator=terminator)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = "shift_jis" if kind is FaultKind.FILE_SHIFT_JIS else "utf-8"
    return buffer.getvalue().encode(encoding, errors="replace")


__all__ = ["file_name", "render_files"]
