"""The clean rows of one data group, sampled from pools of valid values (for the synthetic generator).

Keys are consistent (a child's foreign key points at a row of its parent, primary keys are distinct), optional
items are blank now and then, dates respect the ``not_before`` rules and conditional items the
``required_when`` / ``empty_when`` rules, so a delivery built from these rows is clean. Columns are polars
series sampled with replacement from `conformance.synthetic.value_pools`, which keeps 5M-row deliveries fast.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl

from conformance.domain.spec import CrossFieldKind, DataGroup, DataItem, ItemType, SpecBundle
from conformance.synthetic.truth import TruthRow
from conformance.synthetic.value_pools import Municipality, value_pool

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
