"""Byte counts of a whole delivery file, and the proof that polars read it as the exact reader does.

The exact reader (`csvfile.read_tables`, pyarrow's rules: every line one record, rows with a wrong
field count rejected and numbered, a quote inside an unquoted field kept as a character) is the
reference. The fast path (`filecheck.FileChecker`) lets polars' streaming engine parse the whole
file and check it in one query instead, and keeps that result only when the counts taken here over
the raw bytes prove it is the exact reader's: the argument of `csvfile._parse_polars`, applied to the
whole file as one block. `count_data` runs in a thread while polars reads the same file.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from conformance.data.read import csvfile

CHUNK_BYTES = 16 * 1024 * 1024
FIRST_CHUNK_BYTES = 1024 * 1024


@dataclass(slots=True)
class FileCounts:
    """Counts over the bytes after the header line (blocks cut after a LF, so no CRLF is split)."""

    size: int = 0  # bytes
    lf: int = 0
    crlf: int = 0
    cr: int = 0
    quotes: int = 0
    misplaced: int = 0  # quotes where RFC 4180 puts none (csvfile.BlockCounts)
    escaped: int = 0  # doubled quotes inside quoted fields
    ends_with_lf: bool = True
    long_line: bool = False  # a line may reach the exact reader's record limit
    readable: bool = True  # False: a line longer than CHUNK_BYTES (the exact reader reports it)

    def add(self, buffer: bytes | bytearray, start: int = 0, end: int | None = None) -> bool:
        """Count one block, `buffer[start:end]` (cut after a LF, or the file's last bytes); False when the
        block alone shows that (1) or (2) of `polars_read_is_exact` fails for the whole file."""
        end = len(buffer) if end is None else end
        if end <= start:
            return True
        counts = csvfile.block_counts(memoryview(buffer)[start:end])
        self.size += end - start
        self.lf += counts.lf
        self.crlf += counts.crlf
        self.cr += counts.cr
        self.quotes += counts.quotes
        self.misplaced += counts.misplaced
        self.escaped += counts.escaped
        self.ends_with_lf = buffer[end - 1] == ord("\n")
        self.long_line = self.long_line or has_long_line(buffer, csvfile.BLOCK_BYTES, start, end)
        return csvfile.quotes_are_rfc4180(counts)


def has_long_line(data: bytes | bytearray, limit: int, start: int = 0, end: int | None = None) -> bool:
    """True when a block (`data[start:end]`) that starts at a line start may hold a line of `limit` bytes or more.

    Such a line covers a whole window of limit/2 bytes aligned to the block's start; so if every
    such window holds a LF, there is none (lines between limit/2 and limit may also be flagged:
    then the exact reader decides).
    """
    end = len(data) if end is None else end
    window = max(limit // 2, 1)
    return any(data.find(b"\n", at, at + window) < 0 for at in range(start, end - window + 1, window))


def count_data(stream: io.BufferedIOBase, chunk_bytes: int = CHUNK_BYTES, *, stop: threading.Event | None = None,
               hopeless: threading.Event | None = None) -> FileCounts:
    """The counts of the rest of `stream` (positioned just after the header's LF).

    Setting `stop` ends counting early (the counts are then partial and marked unreadable). `hopeless`
    is set as soon as a block shows the proof must fail (a lone CR or a misplaced quote), so that
    the reader can give up early (the first block is small, so that is known early).

    Reads into one reused buffer; each chunk is counted as its whole lines (a view, no copy) after the line
    begun in the chunk before, which is counted on its own (the only bytes copied)."""
    counts = FileCounts()
    buffer = bytearray(chunk_bytes)
    carry = b""  # the start of a line begun in an earlier chunk
    size = min(chunk_bytes, FIRST_CHUNK_BYTES)  # a small first block: a hopeless file is known early
    while True:
        if stop is not None and stop.is_set():
            counts.readable = False
            return counts
        got = stream.readinto(memoryview(buffer)[:size])
        size = chunk_bytes
        if not got:
            break
        carry, ok = _count_chunk(counts, buffer, got, carry)
        if len(carry) >= chunk_bytes:  # a line this long: the exact reader reports it
            counts.readable = False
            _set(hopeless)
            return counts
        if not ok:
            _set(hopeless)
    if carry and not counts.add(carry):
        _set(hopeless)
    return counts


def _count_chunk(counts: FileCounts, buffer: bytearray, got: int, carry: bytes) -> tuple[bytes, bool]:
    """Count the lines of `buffer[:got]` that end in it, the first after `carry` (the line begun before); the
    start of the line begun at its end, and False when the proof fails already."""
    view = memoryview(buffer)
    first_lf = buffer.find(b"\n", 0, got)
    if first_lf < 0:
        return carry + view[:got], True
    ok = True
    begin = 0
    if carry:
        ok = counts.add(carry + view[: first_lf + 1])
        begin = first_lf + 1
    last_lf = buffer.rfind(b"\n", 0, got)
    ok = counts.add(buffer, begin, last_lf + 1) and ok
    return bytes(view[last_lf + 1 : got]), ok


def _set(event: threading.Event | None) -> None:
    if event is not None:
        event.set()


def polars_read_is_exact(counts: FileCounts, *, rows: int, columns: int, value_bytes: int) -> bool:
    """True when polars' `rows` rows of `columns` string values (`value_bytes` bytes in all, none null)
    are provably the exact reader's records.

    (1) no CR stands alone (a line end for the exact reader, not for polars); (2) every quote is where
    RFC 4180 puts it (`csvfile.quotes_are_rfc4180`: an unquoted field holds no quote, where the exact
    reader keeps it as a character and polars may take it as quoting); (3) one row per line end
    (polars ends a line only outside a quoted field); (4) every byte is accounted for: the values'
    bytes, N-1 separators per row, one LF per row, one CR per CRLF and the quote characters less one
    per doubled pair (one quote of the value). Each term is an upper bound (a short row has fewer
    separators, an empty line none), so equality means every row has exactly N fields, no line is
    empty and no value holds a line break. A file that fails the proof is read again by the exact reader.
    """
    if not counts.readable or columns < 2 or counts.cr != counts.crlf or counts.misplaced:
        return False
    if counts.long_line:
        return False  # the exact reader may stop at it (a line straddling a whole block)
    if rows != counts.lf + (0 if counts.ends_with_lf or counts.size == 0 else 1):
        return False
    accounted = value_bytes + rows * (columns - 1) + counts.lf + counts.crlf + counts.quotes - counts.escaped
    return accounted == counts.size
