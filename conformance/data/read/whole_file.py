"""The fast path of a large UTF-8 file on disk: polars' streaming engine reads it whole and evaluates the screen
in the same query, while a thread counts its bytes (`fileproof.count_data`).

The result stands only when the counts prove polars read exactly what the block reader would
(`fileproof.polars_read_is_exact`); until then the file's defects are held back (`report.defects.HeldDefects`),
and when the proof fails nothing is reported and the block reader reads the file again. The counts start with a
small first block, and every frame checks whether they already rule the proof out (`UnprovableReadError`), so
such a file is given up after its first frame.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from conformance.data.read.frames import FRAME_ROWS


class UnprovableReadError(Exception):
    """The whole-file read cannot be proven to be the exact reader's (the block reader takes over)."""


def column_names(width: int) -> list[str]:
    """The physical column names of a file of `width` fields: c0, c1, …"""
    return [f"c{index}" for index in range(width)]


def batches(path: Path, width: int, screens: list[pl.Expr], hopeless: threading.Event) -> Iterator[pl.DataFrame]:
    """The records after the header, read and screened in one streaming query: frames of the columns c0, c1, …,
    ``record`` (the record number) and the screens s0, s1, ….

    Raises:
        UnprovableReadError: `hopeless` was set: the byte counts already show the read cannot be proven exact.
    """
    names = column_names(width)
    query = pl.scan_csv(path, has_header=False, skip_lines=1, schema=dict.fromkeys(names, pl.String()),
                        quote_char='"', empty_string_is_null=False, infer_schema=False, raise_if_empty=False,
                        truncate_ragged_lines=False).with_row_index("record", offset=1)
    if screens:
        query = query.with_columns(screens)
    for batch in query.collect_batches(chunk_size=FRAME_ROWS):
        if hopeless.is_set():
            raise UnprovableReadError
        if batch.height:
            yield batch


def value_bytes(width: int) -> pl.Expr:
    """The bytes of all values of a frame (what `fileproof.polars_read_is_exact` accounts for)."""
    return pl.sum_horizontal(pl.col(column_names(width)).str.len_bytes().sum())
