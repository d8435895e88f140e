"""Record batches regrouped into polars frames of about `FRAME_ROWS` rows, read one frame ahead in a thread,
and the record numbers of their rows.

Fewer, larger frames mean fewer queries; reading the next frame while the current one is checked overlaps
parsing with the rules. Record numbers are 1-based data records, counted around the rows the reader rejected.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeAlias

import polars as pl
import pyarrow as pa

from conformance.data.read.csvfile import BadRow

FRAME_ROWS = 200_000

Batch: TypeAlias = pa.RecordBatch | pa.Table | pl.DataFrame


def regrouped(batches: Iterator[pa.RecordBatch] | Iterator[pa.Table | pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """Record batches (or tables, frames) regrouped into frames of about FRAME_ROWS rows (fewer, larger queries).

    When the reader stops with an error, the records it read before are still yielded (checked, and
    counted in the record number the error is reported at), then the error is raised.
    """
    pending: list[Batch] = []
    rows = 0
    try:
        for batch in batches:
            pending.append(batch)
            rows += batch.height if isinstance(batch, pl.DataFrame) else batch.num_rows
            if rows >= FRAME_ROWS:
                yield _frame(pending)
                pending, rows = [], 0
    except Exception:
        if pending:
            yield _frame(pending)
        raise
    if pending:
        yield _frame(pending)


def owned(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The data columns of a few rows in buffers of their own: a filtered frame's strings still point into the
    whole batch's buffers, which would stay alive for as long as the rows are kept."""
    return frame.select(pl.concat_str([pl.col(name), pl.lit("")]).alias(name) for name in columns)


_DONE = object()


def prefetched(frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """The same frames, read one ahead in a thread, so parsing the next overlaps checking this one.

    An exception of the reader is raised here at the point the reader raised it (after the frames
    before it). The record numbers of a frame do not depend on the rejected rows found after it.
    """
    slot: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: tuple[object, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                slot.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for frame in frames:
                if not put((frame, None)):
                    return
            put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((None, exc))

    worker = threading.Thread(target=produce, name="csv-reader", daemon=True)
    worker.start()
    try:
        while True:
            item, error = slot.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            assert isinstance(item, pl.DataFrame)
            yield item
    finally:
        stop.set()
        worker.join()


def _frame(batches: list[Batch]) -> pl.DataFrame:
    if any(isinstance(b, pl.DataFrame) for b in batches):  # blocks read by polars, maybe with some by pyarrow
        frames = [b if isinstance(b, pl.DataFrame) else _frame([b]) for b in batches]
        return pl.concat(frames) if len(frames) > 1 else frames[0]
    tables = [b if isinstance(b, pa.Table) else pa.Table.from_batches([b]) for b in batches]
    frame = pl.from_arrow(pa.concat_tables(tables) if len(tables) > 1 else tables[0])
    assert isinstance(frame, pl.DataFrame)
    return frame


def record_numbers(kept_before: int, count: int, bad_rows: list[BadRow]) -> pl.Series:
    """Record numbers of the kept rows of a batch (see csvfile.RecordNumbers for the mapping)."""
    positions = pl.int_range(kept_before + 1, kept_before + count + 1, eager=True, dtype=pl.Int64)
    if not bad_rows:
        return positions.alias("record")
    skipped = sorted(row.record for row in bad_rows)
    shifted = pl.Series([record - index for index, record in enumerate(skipped)], dtype=pl.Int64)
    return (positions + shifted.search_sorted(positions, side="right").cast(pl.Int64)).alias("record")
