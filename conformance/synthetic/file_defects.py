"""Opt-in file-level defects of the synthetic generator (`conformance data generate --file-defects`).

Only kinds that leave every cell and table finding as it is are injected, so truth.csv stays exact:

- ``file.header-extra``: a column that is not an item of the group, in the header and every row;
- ``file.header-order``: two item columns swapped, in the header and every row (cells are checked by name);
- ``file.line-ending``: a few lines end in LF instead of CRLF;
- ``file.bom``: a UTF-8 byte-order mark before the header;
- ``file.encoding``: the file in Shift_JIS (CP932), only if its whole text survives the round trip (the
  validator transcodes it back), never the file with the BOM; skipped when no file qualifies;
- ``file.unexpected``: an extra CSV file that is not part of the spec (not read by the validator).

Kinds that drop or merge records (field count, truncation, quoting, missing file, …) would change
the cell and key findings and are not injected. Which file gets which kind derives from the seed.
The two layout kinds are applied to the frame before it is written; the byte-level kinds rewrite
the written file as a stream (`conformance.synthetic.file_rewrite`).
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from conformance.data import HEAD_BYTES, TRUTH_FILE, match_file, sniff
from conformance.domain.spec import DataGroup, SpecBundle
from conformance.synthetic.file_rewrite import rewrite_file
from conformance.synthetic.truth import TruthRow

FILE_KINDS = ("file.bom", "file.encoding", "file.header-extra", "file.header-order", "file.line-ending",
              "file.unexpected")
EXTRA_COLUMN_NAMES = ("旧システム管理番号", "移行作業メモ", "予備項目")
MAX_LF_LINES = 12
LEGACY_CODEC = "cp932"
UNEXPECTED_CONTENT = "メモ,作成日\r\n移行リハーサルの退避ファイル,2024-04-01\r\n"


@dataclass(frozen=True, slots=True)
class ExtraColumn:
    """A column added to one file: its header name and 0-based position among the written columns."""

    file: str
    position: int
    name: str


@dataclass(frozen=True, slots=True)
class SwappedColumns:
    """Two item columns (0-based positions in the group's item order) swapped in one file."""

    file: str
    first: int
    second: int


@dataclass(frozen=True, slots=True)
class FileDefectPlan:
    """Which file gets which file-level defect (file names as written, e.g. ``kojin.csv``).

    Attributes:
        extra_column: the extra column.
        swapped: the swapped columns, if any group has two items.
        lf_file: the file some of whose lines end in LF.
        lf_lines: those lines, 0-based (the header is line 0), sorted.
        bom: the file that starts with a BOM.
        encoding_candidates: the files tried in turn for Shift_JIS; the first whose text survives wins.
        unexpected: the name of the extra file that is not part of the spec.
    """

    extra_column: ExtraColumn
    swapped: SwappedColumns | None
    lf_file: str
    lf_lines: tuple[int, ...]
    bom: str
    encoding_candidates: tuple[str, ...]
    unexpected: str


def plan_file_defects(bundle: SpecBundle, heights: Mapping[str, int], seed: int) -> FileDefectPlan:
    """The plan for a delivery whose groups have `heights` data records (by group ID), from the seed."""
    rng = random.Random(seed * 1_000_003 + 0xF11E)
    order = rng.sample(list(bundle.data_groups), len(bundle.data_groups))
    extra_group = _turn(order, 0)[0]
    extra = ExtraColumn(_name(extra_group), rng.randint(0, len(extra_group.items)), _extra_name(extra_group))
    swapped = None
    for group in _turn(order, 1):
        if len(group.items) >= 2:
            first, second = sorted(rng.sample(range(len(group.items)), 2))
            swapped = SwappedColumns(_name(group), first, second)
            break
    lf_group = _turn(order, 2)[0]
    lines = heights[lf_group.id] + 1  # the header is line 0
    lf_lines = tuple(sorted(rng.sample(range(lines), min(lines, rng.randint(1, MAX_LF_LINES)))))
    bom = _name(_turn(order, 3)[0])
    candidates = tuple(_name(g) for g in _turn(order, 4) if _name(g) != bom)
    return FileDefectPlan(extra, swapped, _name(lf_group), lf_lines, bom, candidates,
                          _unexpected_name(bundle, _turn(order, 5)[0]))


def reshape(frame: pl.DataFrame, file: str, plan: FileDefectPlan) -> pl.DataFrame:
    """The frame to write as `file` (columns named as in the header): columns swapped and added as planned."""
    columns = list(frame.columns)
    if plan.swapped is not None and plan.swapped.file == file:
        first, second = plan.swapped.first, plan.swapped.second
        columns[first], columns[second] = columns[second], columns[first]
    reshaped = frame.select(columns)
    extra = plan.extra_column
    if extra.file == file:
        values = pl.int_range(1, frame.height + 1, eager=True).cast(pl.String).alias(extra.name)
        reshaped = reshaped.insert_column(min(extra.position, reshaped.width), values)
    return reshaped


def apply_file_defects(plan: FileDefectPlan, out_dir: Path) -> tuple[list[TruthRow], Path]:
    """Rewrite the written files as planned and add the unexpected file; the truth rows and that file's path.

    Must run after `reshape`d frames were written to `out_dir`.
    """
    truth: list[TruthRow] = []
    truth.append(TruthRow(plan.extra_column.file, None, None, "file.header-extra"))
    if plan.swapped is not None:
        truth.append(TruthRow(plan.swapped.file, None, None, "file.header-order"))
    encoded = None
    for name in plan.encoding_candidates:
        if rewrite_file(out_dir / name, lf_lines=_lf_lines(plan, name), codec=LEGACY_CODEC, accept=_sniffs_legacy):
            encoded = name
            truth.append(TruthRow(name, None, None, "file.encoding"))
            break
    for name in sorted({plan.bom, plan.lf_file} - {encoded}):
        prefix = codecs.BOM_UTF8 if name == plan.bom else b""
        rewrite_file(out_dir / name, prefix=prefix, lf_lines=_lf_lines(plan, name))
    truth.append(TruthRow(plan.bom, None, None, "file.bom"))
    truth.append(TruthRow(plan.lf_file, None, None, "file.line-ending"))
    unexpected = out_dir / plan.unexpected
    unexpected.write_bytes(UNEXPECTED_CONTENT.encode("utf-8"))
    truth.append(TruthRow(plan.unexpected, None, None, "file.unexpected"))
    return truth, unexpected


def _name(group: DataGroup) -> str:
    return f"{group.file}.csv"


def _turn(order: list[DataGroup], start: int) -> list[DataGroup]:
    """`order` rotated to start at `start` (modulo its length): the kinds spread over the files."""
    start %= len(order)
    return order[start:] + order[:start]


def _extra_name(group: DataGroup) -> str:
    taken = set(group.header)
    for name in EXTRA_COLUMN_NAMES:
        if name not in taken:
            return name
    number = 2
    while f"{EXTRA_COLUMN_NAMES[0]}{number}" in taken:
        number += 1
    return f"{EXTRA_COLUMN_NAMES[0]}{number}"


def _unexpected_name(bundle: SpecBundle, group: DataGroup) -> str:
    for name in (f"{group.file}_old.csv", f"{group.file}_backup.csv", "backup_old.csv"):
        if match_file(name, bundle) is None and name != TRUTH_FILE:
            return name
    number = 2
    while match_file(f"backup_old{number}.csv", bundle) is not None:
        number += 1
    return f"backup_old{number}.csv"


def _lf_lines(plan: FileDefectPlan, name: str) -> tuple[int, ...]:
    return plan.lf_lines if name == plan.lf_file else ()


def _sniffs_legacy(head: bytes) -> bool:
    """The validator will see the head as Shift_JIS (CP932) and transcode it (not, say, as UTF-8)."""
    return sniff(head[:HEAD_BYTES]).codec == LEGACY_CODEC


__all__ = ["FILE_KINDS", "FileDefectPlan", "apply_file_defects", "plan_file_defects", "reshape"]
