"""Bounded, streaming reading of one delivery CSV: header line, then record batches.

Memory stays flat in the file size: pyarrow's streaming reader parses one block at a time
(`BLOCK_BYTES`), every column as a string (no type inference: "01" must stay "01"). The byte
stream passes through `CountingReader`, which counts line endings as the bytes go by. Rows with the
wrong number of fields are not fatal: pyarrow hands them to a handler that records their line
number, and `RecordNumbers` maps the surviving rows back to their 1-based record numbers.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

BLOCK_BYTES = 4 * 1024 * 1024
MAX_RECORD_BYTES = BLOCK_BYTES
MAX_COLUMNS = 2_000


class RecordTooLongError(Exception):
    """A line longer than MAX_RECORD_BYTES (the reader cannot bound its memory otherwise)."""


class ChunkStream(io.RawIOBase):
    """A binary stream over an iterator of byte chunks (used for transcoded files)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all when negative); b"" at the end."""
        parts = [self._pending]
        have = len(self._pending)
        while size < 0 or have < size:
            chunk = next(self._chunks, b"")
            if not chunk:
                break
            parts.append(chunk)
            have += len(chunk)
        data = b"".join(parts)
        if size < 0:
            self._pending = b""
            return data
        self._pending = data[size:]
        return data[:size]

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class CountingReader(io.RawIOBase):
    """A binary stream that counts LF and CRLF line endings as the bytes pass to the CSV parser.

    Reads go straight to the underlying stream (no copying), apart from the few bytes left over
    after `read_line` took the header.
    """

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self._raw = raw
        self._prefix = b""
        self.bytes_read = 0
        self.lf = 0
        self.crlf = 0
        self.last_byte = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all remaining when negative); b"" at the end."""
        if self._prefix:
            rest = self._raw.read(-1 if size < 0 else max(size - len(self._prefix), 0))
            data, self._prefix = self._prefix + rest, b""
        else:
            data = self._raw.read(size)
        self._count(data)
        return bytes(data)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _count(self, data: bytes) -> None:
        if not data:
            return
        self.bytes_read += len(data)
        lf, crlf = line_ends(data)
        self.lf += lf
        self.crlf += crlf + (1 if self.last_byte == b"\r" and data[:1] == b"\n" else 0)
        self.last_byte = data[-1:]

    def read_line(self, limit: int) -> bytes:
        """The first line including its LF (or up to the end); RecordTooLongError beyond `limit` bytes.

        Must be called before any `read`.
        """
        buffer = b""
        while b"\n" not in buffer:
            chunk = self._raw.read(64 * 1024)
            if not chunk:
                break
            buffer += chunk
            if len(buffer) > limit and b"\n" not in buffer[:limit]:
                raise RecordTooLongError(f"no line break in the first {limit:,} bytes")
        end = buffer.find(b"\n")
        end = len(buffer) if end < 0 else end + 1
        if end > limit:
            raise RecordTooLongError(f"line of {end:,} bytes")
        line, self._prefix = buffer[:end], buffer[end:]
        self._count(line)
        return line


_BYTE = pl.col("byte")
_IS_LF: pl.Expr = _BYTE.eq(ord("\n"))
_LINE_ENDS = (_IS_LF.sum().alias("lf"), (_IS_LF & _BYTE.shift(1).eq(ord("\r"))).sum().alias("crlf"))


def line_ends(data: bytes) -> tuple[int, int]:
    """(LF count, CRLF count) of a chunk; large chunks are counted by polars over the bytes (5× bytes.count)."""
    if len(data) < 1 << 16:
        return data.count(b"\n"), data.count(b"\r\n")
    array = pa.Array.from_buffers(pa.uint8(), len(data), [None, pa.py_buffer(data)])
    lf, crlf = pl.DataFrame({"byte": pl.from_arrow(array)}).select(_LINE_ENDS).row(0)
    return int(lf), int(crlf or 0)


def stream_chunks(stream: io.RawIOBase | Any, skip: int = 0, size: int = 4 * 1024 * 1024) -> Iterator[bytes]:
    """Chunks of a binary stream, after skipping `skip` bytes."""
    if skip:
        stream.read(skip)
    while True:
        chunk = stream.read(size)
        if not chunk:
            return
        yield chunk


def parse_header(line: bytes) -> list[str]:
    """The fields of a header line (RFC 4180 quoting; the line break stripped)."""
    text = line.decode("utf-8").rstrip("\r\n")
    return next(csv.reader([text]), [])


@dataclass(slots=True)
class RecordNumbers:
    """Maps the rows pyarrow kept to 1-based record numbers, around the rows it skipped."""

    skipped: list[int] = field(default_factory=list)  # record numbers of skipped rows, ascending

    def first_record(self, kept_before: int) -> int:
        """Record number of the kept row with 0-based kept index `kept_before`."""
        return self.records(kept_before, 1)[0]

    def records(self, start: int, count: int) -> list[int]:
        """Record numbers of `count` kept rows starting at kept index `start`."""
        shifted = [s - i for i, s in enumerate(self.skipped)]  # non-decreasing
        out = []
        for q in range(start + 1, start + count + 1):
            out.append(q + bisect_right(shifted, q))
        return out

    @property
    def plain(self) -> bool:
        """True when no row was skipped (record number = kept index + 1)."""
        return not self.skipped


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row with the wrong number of fields."""

    record: int
    expected: int
    actual: int


def open_batches(reader: CountingReader, columns: int, bad_rows: list[BadRow]) -> pacsv.CSVStreamingReader:
    """A streaming reader over the records after the header, every column a string.

    Rows with a wrong field count are skipped and appended to `bad_rows` (their line number among
    the data lines is their record number: embedded line breaks are not allowed in the format).
    """
    names = [f"c{i}" for i in range(columns)]

    def on_invalid(row: Any) -> str:
        bad_rows.append(BadRow(int(row.number or 0), row.expected_columns, row.actual_columns))
        return "skip"

    return pacsv.open_csv(
        reader,
        read_options=pacsv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, column_names=names),
        parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True,
                                         newlines_in_values=False, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def read_tables(reader: CountingReader, columns: int, bad_rows: list[BadRow]) -> Iterator[pa.Table]:
    """The records after the header, one table per block, parsed on every core; same rows as `open_batches`.

    The stream is cut into the same blocks pyarrow's streaming reader uses (`BLOCK_BYTES` read at a
    time, the partial last line carried into the next block, a line that does not end in the next
    block "straddles" and stops reading), and each block is parsed with pyarrow's multi-threaded
    reader. That reader cannot number the rows it rejects, so a block with a row of the wrong field
    count (or any parse error) is parsed again single-threaded, which numbers them exactly.
    """
    names = [f"c{i}" for i in range(columns)]
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    numbered = 0  # rows pyarrow numbered so far: records kept or rejected (empty lines are not numbered)
    carry = b""
    data: bytes | memoryview
    block = reader.read(BLOCK_BYTES)
    while block:
        following = reader.read(BLOCK_BYTES)
        if not following:  # the final block: everything left is parsed
            data, carry = carry + block, b""
            newlines = data.count(b"\n")
        else:
            cut = max(block.rfind(b"\n"), block.rfind(b"\r"))  # pyarrow ends a line at LF, CR or CRLF
            if cut < 0:
                if carry:
                    raise pa.ArrowInvalid("CSV parse error: a straddling object straddles two block boundaries")
                carry, block = block, following
                continue
            head = memoryview(block)[: cut + 1]
            newlines = carry.count(b"\n") + block.count(b"\n", 0, cut + 1)
            data, carry = (b"".join((carry, head)) if carry else head), block[cut + 1 :]
        if data:
            table, rejected = _parse_block(data, newlines, names, convert, numbered=numbered, bad_rows=bad_rows)
            numbered += table.num_rows + rejected
            yield table
        block = following
    if carry:
        yield _parse_block(carry, carry.count(b"\n"), names, convert, numbered=numbered, bad_rows=bad_rows)[0]


def _parse_block(data: bytes | memoryview, newlines: int, names: list[str], convert: pacsv.ConvertOptions, *,
                 numbered: int, bad_rows: list[BadRow]) -> tuple[pa.Table, int]:
    """The block's records and how many rows were rejected (appended to bad_rows, numbered after `numbered`)."""
    rejected: list[Any] = []

    def count_invalid(row: Any) -> str:
        rejected.append(row)
        return "skip"

    parse = pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, newlines_in_values=False,
                               invalid_row_handler=count_invalid)
    try:
        table = pacsv.read_csv(pa.BufferReader(data), read_options=pacsv.ReadOptions(use_threads=True,
                               column_names=names), parse_options=parse, convert_options=convert)
        if not rejected:
            _check_lines(data, newlines, table.num_rows)
            return table, 0
    except pa.ArrowInvalid:
        pass

    before = len(bad_rows)

    def on_invalid(row: Any) -> str:
        bad_rows.append(BadRow(numbered + int(row.number or 0), row.expected_columns, row.actual_columns))
        return "skip"

    exact = pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, newlines_in_values=False,
                               invalid_row_handler=on_invalid)
    table = pacsv.read_csv(pa.BufferReader(data), read_options=pacsv.ReadOptions(
        use_threads=False, block_size=len(data) + 1, column_names=names), parse_options=exact,
        convert_options=convert)
    rejected_count = len(bad_rows) - before
    _check_lines(data, newlines, table.num_rows + rejected_count)
    return table, rejected_count


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _check_lines(data: bytes | memoryview, newlines: int, rows: int) -> None:
    """Every non-empty line of the block must be one row: a quote left open across a line break stops reading.

    pyarrow's parser lets a quoted field run over line breaks even without newlines_in_values, which
    would merge records silently (and shift every later record number).
    """
    if rows == newlines:
        return
    lines = sum(1 for line in _LINE_BREAK.split(data) if line)
    if rows != lines:
        raise pa.ArrowInvalid("CSV parse error: a quoted field runs over a line break")
