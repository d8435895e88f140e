"""Synthetic migration data for any business: one CSV per data group, consistent keys, clean by
construction, with optional injected defects listed in ``truth.csv`` (cell and table defects, and
with ``file_defects`` file-level ones: `conformance.data.file_defects`).

Everything derives from the SpecBundle (types, lengths, patterns, code tables, character classes,
check digits, keys, cross-field rules), so a new business needs no code. Columns are sampled from
pools of valid values with polars, which keeps 5M-row deliveries fast. The same seed gives the same
files byte for byte.
"""

from __future__ import annotations

import csv
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from conformance.data.file_defects import apply_file_defects, plan_file_defects, reshape
from conformance.data.injection import Injector, TruthRow
from conformance.data.layout import TRUTH_FILE
from conformance.data.staging import StagedFolder
from conformance.data.value_pools import GenerationError, Municipality, pick_municipality, value_pool
from conformance.domain.spec import CrossFieldKind, DataGroup, DataItem, ItemType, SpecBundle

OPTIONAL_BLANK_RATE = 0.08
EPOCH = date(1940, 1, 1)
DATE_SPAN_DAYS = 30_000
TIME_SUFFIXES = ("T09:00:00+09:00", "T10:30:15+09:00", "T13:45:00+09:00", "T16:20:42+09:00", "T08:05:09+09:00")


@dataclass(slots=True)
class GeneratedGroup:
    """One group's generated rows (columns keyed by item ID) and rows children must not reference."""

    group: DataGroup
    frame: pl.DataFrame
    reserved: set[int] = field(default_factory=set)
    truth: list[TruthRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GenerationResult:
    """What `generate_delivery` wrote."""

    files: tuple[Path, ...]
    rows: dict[str, int]
    truth: tuple[TruthRow, ...]
    municipality: Municipality


def group_order(bundle: SpecBundle) -> list[DataGroup]:
    """Data groups with every referenced group before the groups that reference it."""
    ordered: list[DataGroup] = []
    placed: set[str] = set()
    pending = list(bundle.data_groups)
    while pending:
        progress = False
        for group in list(pending):
            parents = {fk.group for fk in group.foreign_keys if fk.group != group.id}
            if parents <= placed:
                ordered.append(group)
                placed.add(group.id)
                pending.remove(group)
                progress = True
        if not progress:  # a cycle: keep spec order for the rest
            ordered.extend(pending)
            break
    return ordered


def rows_per_group(bundle: SpecBundle, total: int) -> dict[str, int]:
    """`total` records split evenly over the groups (the first groups take the remainder)."""
    count = len(bundle.data_groups)
    share, extra = divmod(max(total, count), count)
    return {group.id: share + (1 if index < extra else 0) for index, group in enumerate(bundle.data_groups)}


class GroupBuilder:
    """Builds the clean rows of one data group."""

    def __init__(self, bundle: SpecBundle, group: DataGroup, rows: int, *, seed: int, home: Municipality,
                 done: dict[str, GeneratedGroup]) -> None:
        self.bundle = bundle
        self.group = group
        self.rows = rows
        self.seed = seed
        self.rng = random.Random(seed)
        self.home = home
        self.done = done
        self.columns: dict[str, pl.Series] = {}
        self.dates: dict[str, pl.Series] = {}
        self._sample_seed = seed

    def _next_seed(self) -> int:
        self._sample_seed = (self._sample_seed * 1_103_515_245 + 12_345) % (2**31)
        return self._sample_seed

    def sample(self, values: Sequence[object], n: int | None = None) -> pl.Series:
        """`n` (default: rows) values drawn with replacement from `values`."""
        return pl.Series(values).sample(n or self.rows, with_replacement=True, seed=self._next_seed())

    def codes(self, item: DataItem) -> list[str] | None:
        """The item's code values (None without a code table)."""
        if item.code_table is None or item.code_table not in self.bundle.code_tables:
            return None
        return sorted(self.bundle.code_tables[item.code_table].values())

    def build(self) -> pl.DataFrame:
        """The clean frame (string columns named by item ID)."""
        key_items = self._foreign_keys()
        self._primary_carrier(key_items)
        for item in self.group.items:
            if item.id in self.columns or item.type in (ItemType.DATE, ItemType.DATETIME):
                continue
            self.columns[item.id] = self._blanked(item, self.sample(value_pool(item, self.rng, self.home,
                                                                                  self.codes(item))))
        for item in self.group.items:
            if item.type in (ItemType.DATE, ItemType.DATETIME) and item.id not in self.columns:
                self.dates[item.id] = self._date_series(item)
        self._conditional_presence()
        self._order_dates()
        for item_id, series in self.dates.items():
            self.columns[item_id] = self._format_date(self.group.item(item_id), series)
        frame = pl.DataFrame([self.columns[item.id].alias(item.id) for item in self.group.items])
        primary = list(self.group.primary_key)
        if primary and frame.select(primary).is_duplicated().any():
            frame = frame.unique(subset=primary, keep="first", maintain_order=True)
        return frame

    def _blanked(self, item: DataItem, series: pl.Series) -> pl.Series:
        if item.mandatory or self._is_key(item.id):
            return series
        blank = self.sample([True] + [False] * int(1 / OPTIONAL_BLANK_RATE - 1))
        return pl.select(pl.when(blank).then(pl.lit("")).otherwise(series)).to_series()

    def _is_key(self, item_id: str) -> bool:
        return item_id in self.group.primary_key or any(item_id in fk.items for fk in self.group.foreign_keys)

    def _foreign_keys(self) -> set[str]:
        covered: set[str] = set()
        for fk in self.group.foreign_keys:
            parent = self.done.get(fk.group)
            if parent is None:
                continue
            allowed = [i for i in range(parent.frame.height) if i not in parent.reserved]
            one_to_one = set(self.group.primary_key) <= set(fk.items)
            if one_to_one:
                self.rows = min(self.rows, len(allowed))
                picks = pl.Series(allowed).sample(self.rows, with_replacement=False, seed=self._next_seed())
            else:
                picks = self.sample(allowed)
            for mine, theirs in zip(fk.items, fk.ref_items, strict=True):
                self.columns[mine] = parent.frame.get_column(theirs).gather(picks)
            covered.update(fk.items)
        return covered

    def _primary_carrier(self, covered: set[str]) -> None:
        for item_id in self.group.primary_key:
            if item_id in covered:
                continue
            series = sequence_values(self.group.item(item_id), self.rows, self.rng.randint(1, 9_999))
            if series is not None:
                self.columns[item_id] = series
                return

    def _date_series(self, item: DataItem) -> pl.Series:
        offsets = self.sample([self.rng.randint(0, DATE_SPAN_DAYS) for _ in range(2_000)])
        series = pl.select(pl.lit(EPOCH) + pl.duration(days=pl.lit(offsets))).to_series()
        if item.mandatory:
            return series
        blank = self.sample([True] + [False] * int(1 / OPTIONAL_BLANK_RATE - 1))
        return pl.select(pl.when(blank).then(None).otherwise(series)).to_series()

    def _conditional_presence(self) -> None:
        for rule in self.bundle.cross_field_rules:
            if rule.group != self.group.id or rule.other not in self.columns:
                continue
            condition = self.columns[rule.other].is_in(list(rule.values))
            item = self.group.item(rule.item)
            if rule.kind is CrossFieldKind.REQUIRED_WHEN:
                filler = (self._date_series(_mandatory(item)) if item.id in self.dates
                          else self.sample(value_pool(item, self.rng, self.home, self.codes(item))))
                target = self.dates if item.id in self.dates else self.columns
                present = target[item.id].is_not_null() & (target[item.id].cast(pl.String) != "")
                target[item.id] = pl.select(pl.when(condition & ~present).then(filler)
                                            .otherwise(target[item.id])).to_series()
            elif rule.kind is CrossFieldKind.EMPTY_WHEN:
                if item.id in self.dates:
                    self.dates[item.id] = pl.select(pl.when(condition).then(None)
                                                    .otherwise(self.dates[item.id])).to_series()
                else:
                    self.columns[item.id] = pl.select(pl.when(condition).then(pl.lit(""))
                                                      .otherwise(self.columns[item.id])).to_series()

    def _order_dates(self) -> None:
        rules = [r for r in self.bundle.cross_field_rules
                 if r.group == self.group.id and r.kind is CrossFieldKind.NOT_BEFORE
                 and r.item in self.dates and r.other in self.dates]
        for _ in range(len(rules) + 1):  # repeat so chains (a ≥ b ≥ c) settle
            for rule in rules:
                gap = self.sample([self.rng.randint(0, 3_000) for _ in range(500)])
                mine, theirs = self.dates[rule.item], self.dates[rule.other]
                self.dates[rule.item] = pl.select(
                    pl.when(mine.is_not_null() & theirs.is_not_null() & (mine < theirs))
                    .then(theirs + pl.duration(days=pl.lit(gap))).otherwise(mine)).to_series()

    def _format_date(self, item: DataItem, series: pl.Series) -> pl.Series:
        text = series.dt.strftime("%Y-%m-%d")
        if item.type is ItemType.DATETIME:
            text = text + self.sample(list(TIME_SUFFIXES))
        return text.fill_null("")


def _mandatory(item: DataItem) -> DataItem:
    from dataclasses import replace

    return replace(item, mandatory=True)


def sequence_values(item: DataItem, rows: int, offset: int) -> pl.Series | None:
    """Distinct zero-padded numbers that satisfy the item's pattern and length, or None if impossible."""
    if item.type not in (ItemType.STRING, ItemType.INTEGER) or item.code_table is not None:
        return None
    largest = len(str(offset + rows))
    numbers = pl.int_range(offset, offset + rows, eager=True).cast(pl.String)
    for width in range(largest, (item.length or largest) + 1):
        values = numbers.str.zfill(width) if item.type is ItemType.STRING else numbers
        if item.pattern is None or values.str.contains(f"^(?:{item.pattern})$").all():
            return values
        if item.type is ItemType.INTEGER:
            return None
    return None


def generate_delivery(bundle: SpecBundle, rows: int, out_dir: Path, *, seed: int = 0,
                      defect_rate: float = 0.0, file_defects: bool = False) -> GenerationResult:
    """Write one CSV per data group (``<file>.csv``) and ``truth.csv`` into `out_dir`.

    Args:
        bundle: the spec to generate for.
        rows: total data records over all files (split evenly over the groups).
        out_dir: destination folder (created).
        seed: the random seed; the same seed gives the same files.
        defect_rate: share of rows that receive injected defects (0 for a clean delivery).
        file_defects: also inject file-level defects (BOM, LF line ends, Shift_JIS, an extra and two
            swapped columns, an unexpected file; see `conformance.data.file_defects`), listed in
            truth.csv with empty row and column. Off, the output is what it was without the option.

    The files are written to a staging folder and moved into `out_dir` together, truth.csv last (see
    `conformance.data.staging`): an interrupted generation leaves `out_dir` as it was.

    Raises:
        GenerationError: the spec uses a construct the generator cannot satisfy.
    """
    home = pick_municipality(random.Random(seed))
    counts = rows_per_group(bundle, rows)
    done: dict[str, GeneratedGroup] = {}
    for group in group_order(bundle):
        group_seed = seed * 1_000_003 + zlib.crc32(group.id.encode())
        builder = GroupBuilder(bundle, group, counts[group.id], seed=group_seed, home=home, done=done)
        generated = GeneratedGroup(group, builder.build())
        if defect_rate > 0:
            Injector(bundle, generated_frame=generated, done=done, seed=group_seed, rate=defect_rate,
                     home=home).inject()
        done[group.id] = generated
    heights = {group_id: generated.frame.height for group_id, generated in done.items()}
    plan = plan_file_defects(bundle, heights, seed) if file_defects else None
    names = []
    truth: list[TruthRow] = []
    with StagedFolder(out_dir, last=TRUTH_FILE) as staged:
        for group in bundle.data_groups:
            generated = done[group.id]
            path = staged.path / f"{group.file}.csv"
            frame = generated.frame.rename({item.id: item.name_ja for item in group.items})
            if plan is not None:
                frame = reshape(frame, path.name, plan)
            frame.write_csv(path, quote_style="necessary", line_terminator="\r\n", include_bom=False)
            names.append(path.name)
            truth.extend(generated.truth)
        if plan is not None:
            file_truth, unexpected = apply_file_defects(plan, staged.path)
            truth.extend(file_truth)
            names.append(unexpected.name)
        truth.sort(key=_truth_order)
        write_truth(staged.path / TRUTH_FILE, truth)
        staged.commit()
    return GenerationResult(tuple(out_dir / name for name in names),
                            {g.id: done[g.id].frame.height for g in bundle.data_groups}, tuple(truth), home)


def _truth_order(row: TruthRow) -> tuple[str, int, str, str]:
    """truth.csv's order: by file, then file-level rows (no row, no column) first, then by row and column."""
    return row.file, -1 if row.row is None else row.row, row.column or "", row.code


def write_truth(path: Path, truth: list[TruthRow]) -> None:
    """truth.csv: ``file,row,column,code`` (row = 1-based data record; empty for file-level)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(("file", "row", "column", "code"))
        for row in truth:
            writer.writerow((row.file, "" if row.row is None else row.row, row.column or "", row.code))


__all__ = ["GenerationError", "GenerationResult", "generate_delivery"]
