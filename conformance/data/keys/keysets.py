"""data.keys — キー: primary-key uniqueness and foreign keys across the files of a delivery, and the family's codes.

These are the only checks that need more than one batch: the key columns (and record numbers) are
kept per file — the "key sets" whose memory grows with the row count — and checked once the file (and
for a foreign key the referenced file) has been read (`conformance.data.keys.checks`). Rows whose key
has a missing part are left out (``cell.mandatory`` reports them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import polars as pl

from conformance.domain.spec import DataGroup

FAMILY = "data.keys"
MESSAGES = {
    "table.duplicate-key": "主キー {key} が重複しています (最初の出現は {first_row} 行目)",
    "table.foreign-key": "{ref_group} に存在しない {key} を参照しています",
}

KEY_SEPARATOR = "\x1f"


@dataclass(slots=True)
class FileKeys:
    """The keys collected from one file for the table checks: a frame per batch of the primary key and of each
    foreign key (``key``: the key as one string, ``record``: its record number)."""

    primary: list[pl.DataFrame] = field(default_factory=list)
    foreign: list[list[pl.DataFrame]] = field(default_factory=list)


def key_expr(columns: list[str]) -> pl.Expr:
    """The key as one new string (parts joined by U+001F), null when any part is missing.

    Always built with concat_str so the kept keys own their bytes instead of pinning the batch's buffers.
    """
    parts = [pl.when(pl.col(c).str.len_bytes() > 0).then(pl.col(c)) for c in columns]
    return pl.concat_str([*parts, pl.lit("")] if len(parts) == 1 else parts, separator=KEY_SEPARATOR)


def collect(batch: pl.DataFrame, columns: list[str], records: pl.Series) -> pl.DataFrame:
    """The non-missing keys of a batch with their record numbers."""
    return (batch.select(key_expr(columns).alias("key")).with_columns(records.alias("record"))
            .filter(pl.col("key").is_not_null()))


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A repeated primary key: the 2nd or later occurrence in file order."""

    record: int
    first_record: int
    key: str


def duplicates(frames: list[pl.DataFrame]) -> Iterator[Duplicate]:
    """Every 2nd-and-later occurrence of a key, in record order."""
    if not frames:
        return
    # only the keys that occur more than once (few) are sorted and grouped
    # equal keys have equal hashes: the rows whose hash repeats (a superset, 2.5x faster to find than repeated
    # strings) are then checked by their keys
    candidates = pl.concat(frames).filter(pl.col("key").hash().is_duplicated())
    keys = candidates.filter(pl.col("key").is_duplicated()).sort("record")
    firsts = keys.group_by("key").agg(pl.col("record").min().alias("first"))
    repeated = (keys.filter(~pl.col("key").is_first_distinct()).join(firsts, on="key", how="left")
                .sort("record"))
    for row in repeated.iter_rows(named=True):
        yield Duplicate(row["record"], row["first"], row["key"])


def dangling(child: list[pl.DataFrame], parent: list[pl.DataFrame]) -> Iterator[tuple[int, str]]:
    """(record, key) of every child key absent from the parent's keys, in record order."""
    if not child:
        return
    children = pl.concat(child)
    # an anti join needs no unique right side
    parents = pl.concat(parent).select("key") if parent else pl.DataFrame({"key": []}, schema={"key": pl.String})
    missing = children.join(parents, on="key", how="anti").sort("record")
    for row in missing.iter_rows():
        yield int(row[1]), str(row[0])


def display_key(group: DataGroup, item_ids: tuple[str, ...]) -> str:
    """The column name(s) a key finding is reported on (composite keys joined with +)."""
    return "+".join(group.item(item_id).name_ja for item_id in item_ids)
