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
import struct
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

BLOCK_BYTES = 4 * 1024 * 1024
# Parse blocks with polars' CSV reader where the result is provably the streaming reader's (read_tables).
POLARS_READ = True
MAX_RECORD_BYTES = BLOCK_BYTES
MAX_COLUMNS = 2_000


class RecordTooLongError(Exception):
    """A line longer than MAX_RECORD_BYTES (the reader cannot bound its memory otherwise)."""


class CountingReader(io.RawIOBase):
    """A binary stream that counts LF, CR and CRLF line endings as the bytes pass to the CSV parser.

    Reads go straight to the underlying stream (no copying), apart from the few bytes left over
    after `read_line` took the header.
    """

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self._raw = raw
        self._prefix = b""
        self.bytes_read = 0
        self.lf = 0
        self.cr = 0
        self.crlf = 0
        self.last_byte = b""
        self.counting = True  # read_tables counts its blocks itself

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all remaining when negative); b"" at the end."""
        if self._prefix:
            rest = self._raw.read(-1 if size < 0 else max(size - len(self._prefix), 0))
            data, self._prefix = self._prefix + rest, b""
        else:
            data = self._raw.read(size)
        if self.counting:
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
        self.cr += data.count(b"\r")
        self.crlf += crlf + (1 if self.last_byte == b"\r" and data[:1] == b"\n" else 0)
        self.last_byte = data[-1:]

    @property
    def not_crlf(self) -> int:
        """Line ends that are not CRLF: a LF alone or a CR alone (both end a line for the exact reader)."""
        return (self.lf - self.crlf) + (self.cr - self.crlf)

    def read_line(self, limit: int) -> bytes:
        """The first line including its line end: LF, CRLF or a CR alone (or up to the end); RecordTooLongError
        beyond `limit` bytes.

        Must be called before any `read`.
        """
        buffer = b""
        while (end := _line_end(buffer)) is None:
            chunk = self._raw.read(64 * 1024)
            if not chunk:
                end = len(buffer)
                break
            buffer += chunk
            if len(buffer) > limit and _line_end(buffer[:limit]) is None:
                raise RecordTooLongError(f"no line break in the first {limit:,} bytes")
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


def _line_end(data: bytes) -> int | None:
    """Where the first line of `data` ends (after its LF, CRLF or lone CR); None if that is not known yet."""
    found = _LINE_BREAK.search(data)
    if found is None or (found.group() == b"\r" and found.end() == len(data)):  # a CR last: a CRLF may follow
        return None
    return found.end()


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


def read_tables(reader: CountingReader, columns: int,
                bad_rows: list[BadRow]) -> Iterator[pa.Table | pl.DataFrame]:
    """The records after the header, one table per block; same rows as `open_batches`.

    The stream is cut into the same blocks pyarrow's streaming reader uses (`BLOCK_BYTES` read at a
    time, the partial last line carried into the next block, a line that does not end in the next
    block "straddles" and stops reading). Each block is parsed by polars' CSV reader when its byte
    counts prove the result is the streaming reader's (`_parse_polars`), else by pyarrow's
    multi-threaded reader; that reader cannot number the rows it rejects, so a block with a row of
    the wrong field count (or any parse error) is parsed again single-threaded, which numbers them
    exactly. The line endings of the blocks are counted here (`reader` counts only the header).
    """
    names = [f"c{i}" for i in range(columns)]
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    schema: dict[str, pl.DataType] = dict.fromkeys(names, pl.String())
    numbered = 0  # rows pyarrow numbered so far: records kept or rejected (empty lines are not numbered)
    carry = b""
    data: bytes
    reader.counting = False
    block = reader.read(BLOCK_BYTES)
    while block:
        following = reader.read(BLOCK_BYTES)
        if not following:  # the final block: everything left is parsed
            data, carry = _final_block(carry + block), b""
        else:
            cut = max(block.rfind(b"\n"), block.rfind(b"\r"))  # pyarrow ends a line at LF, CR or CRLF
            if cut < 0:
                if carry:
                    raise pa.ArrowInvalid("CSV parse error: a straddling object straddles two block boundaries")
                carry, block = block, following
                continue
            data, carry = carry + block[: cut + 1], block[cut + 1 :]
        if data:
            table, rejected = _parse_block(data, _count_block(reader, data), names, schema, convert,
                                           numbered=numbered, bad_rows=bad_rows)
            numbered += table.num_rows if isinstance(table, pa.Table) else table.height
            numbered += rejected
            yield table
        block = following
    if carry:
        carry = _final_block(carry)
        yield _parse_block(carry, _count_block(reader, carry), names, schema, convert, numbered=numbered,
                           bad_rows=bad_rows)[0]


def _final_block(data: bytes) -> bytes:
    """The file's last block, less the first bytes of a character the file was cut inside.

    A file cut short ends in a record with too few fields (reported as truncated); a cut inside a
    multi-byte character would also leave invalid UTF-8 in that rejected row, which pyarrow cannot
    hand to the row handler (see `_require_utf8`). Nothing is cut when the last line would be left
    empty: that record is then reported as invalid UTF-8 instead of vanishing.
    """
    if data.endswith((b"\n", b"\r")):
        return data
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data  # ends in ASCII: no character cut
        if byte >= 0xC0:  # the lead byte of the last character: the bytes its sequence needs
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            kept = data[:-back]
            if needed <= back or not kept or kept.endswith((b"\n", b"\r")):
                return data  # the character is whole, or cutting it would empty the last line
            return kept
    return data


@dataclass(frozen=True, slots=True)
class BlockCounts:
    """Byte counts of one block (cut at line ends) that decide whether its quotes are RFC 4180's.

    The quotes of the block, in order, are numbered from 0. In a block whose every field is either
    unquoted without a quote, or quoted with its inner quotes doubled (``"a""b"``), quote number k is:
    for even k, a field's opening quote (after `,`, LF or the block's start) or the second quote of a
    doubled pair (after a quote); for odd k, a field's closing quote (before `,`, CR, LF or the end) or
    the first quote of a doubled pair (before a quote). `misplaced` counts the quotes for which that
    does not hold, plus one when the block holds an odd number of quotes; `escaped` counts the doubled
    pairs (each stands for one quote in a value). See `quotes_are_rfc4180` for why this suffices.
    """

    lf: int
    crlf: int  # CRLF within the block
    cr: int
    quotes: int
    misplaced: int
    escaped: int


def _small_counts(data: bytes) -> BlockCounts:
    """`block_counts` by a plain loop (small blocks; the reference the tests hold the fast one to)."""
    misplaced = escaped = quotes = 0
    last = len(data) - 1
    for index, byte in enumerate(data):
        if byte != 0x22:
            continue
        previous = data[index - 1] if index else 0x0A
        following = data[index + 1] if index < last else 0x0A
        if quotes % 2 == 0:
            misplaced += previous not in b",\n\""
            escaped += index > 0 and previous == 0x22
        else:
            misplaced += following not in b",\r\n\""
        quotes += 1
    return BlockCounts(data.count(b"\n"), data.count(b"\r\n"), data.count(b"\r"), quotes, misplaced + quotes % 2,
                       escaped)


_LF, _CR, _QUOTE, _COMMA = ord("\n"), ord("\r"), ord('"'), ord(",")


def block_counts(data: bytes | memoryview) -> BlockCounts:
    """The byte counts of a block, by polars over the bytes (in Python for small blocks).

    The block's first byte counts as following a line end and its last as preceding one: cut blocks
    at line ends. Beyond one pass per byte value, only the bytes around the quotes are looked at.
    """
    size = len(data)
    if size < 1 << 12:
        return _small_counts(bytes(data))
    byte = pl.from_arrow(pa.Array.from_buffers(pa.uint8(), size, [None, pa.py_buffer(data)]))
    assert isinstance(byte, pl.Series)
    lf = int(byte.eq(_LF).sum() or 0)
    is_cr = byte.eq(_CR)
    cr = int(is_cr.sum() or 0)
    crlf = int((is_cr.slice(0, size - 1) & byte.slice(1).eq(_LF)).sum() or 0) if cr else 0
    quote_at = byte.eq(_QUOTE).arg_true().cast(pl.Int64)
    quotes = len(quote_at)
    if not quotes:
        return BlockCounts(lf, crlf, cr, 0, 0, 0)
    # before the block's first byte and after its last stand line ends, where any quote is in place: clipping
    # reads the quote itself there, which passes as in place too ("a doubled pair", never counted: escaped
    # needs q > 0, and a pair's second quote is even)
    before = byte.gather((quote_at - 1).clip(0))
    after = byte.gather((quote_at + 1).clip(upper_bound=size - 1))
    even = pl.int_range(0, quotes, eager=True) % 2 == 0
    misplaced = (int((even & ~before.is_in([_COMMA, _LF, _QUOTE])).sum())
                 + int((~even & ~after.is_in([_COMMA, _CR, _LF, _QUOTE])).sum()))
    escaped = int((even & (quote_at > 0) & before.eq(_QUOTE)).sum())
    return BlockCounts(lf, crlf, cr, quotes, misplaced + quotes % 2, escaped)


def quotes_are_rfc4180(counts: BlockCounts) -> bool:
    """True when every quote of the block(s) is where RFC 4180 allows it, so both CSV readers agree on them.

    With no misplaced quote (see BlockCounts), take the quotes in pairs (2j, 2j+1) and join pairs where quote
    2j+1 is directly followed by quote 2j+2: each chain opens after a field boundary, closes before one, and
    holds no other quote than doubled pairs, i.e. it is exactly one quoted field as a RFC 4180 reader reads it
    (pyarrow with double_quote, polars); every quote lies in a chain, so unquoted fields hold no quote, where
    the readers differ (pyarrow keeps such a quote, polars may open a quoted section or drop it). A line break
    inside a quoted field is not excluded here: callers compare rows with line ends.
    """
    return counts.misplaced == 0 and counts.cr == counts.crlf


def _count_block(reader: CountingReader, data: bytes) -> BlockCounts:
    """The block's byte counts; its line endings are added to the reader's."""
    counts = block_counts(data)
    reader.bytes_read += len(data)
    reader.lf += counts.lf
    reader.cr += counts.cr
    reader.crlf += counts.crlf + (1 if reader.last_byte == b"\r" and data[:1] == b"\n" else 0)
    reader.last_byte = data[-1:]
    return counts


def _parse_polars(data: bytes, counts: BlockCounts, schema: dict[str, pl.DataType]) -> pl.DataFrame | None:
    """The block parsed by polars, or None unless its rows are provably pyarrow's (the exact reader's).

    polars raises on a row with too many fields, but pads a row with too few fields with empty
    strings and reads an empty line as a row, where pyarrow rejects or skips it; and polars opens a
    quoted section at a quote inside an unquoted field, where pyarrow keeps the quote. So polars'
    result is taken only when (1) no CR stands alone (a line end for pyarrow), (2) every quote is where
    RFC 4180 puts it (`quotes_are_rfc4180`), and (3) every byte is accounted for: the values' bytes, N-1
    separators per row, one LF per row and one CR per CRLF, and the quote characters less one per
    doubled pair (the pair is one quote in the value). Each count is an upper bound (a short row has
    fewer separators, an empty line none, a line break inside a value is counted twice), so
    equality means every row has exactly N fields, no line is empty and no value holds a line break.
    """
    if len(schema) < 2 or not quotes_are_rfc4180(counts):
        return None  # a lone CR, or a quote inside an unquoted field: literal for pyarrow, not for polars
    rows = counts.lf + (0 if data.endswith(b"\n") else 1)
    try:
        frame = pl.read_csv(data, has_header=False, schema=schema, quote_char='"', empty_string_is_null=False,
                            infer_schema=False)
    except Exception:  # any complaint of polars: the exact reader decides
        return None
    if frame.height != rows or frame.width != len(schema):
        return None
    value_bytes = frame.select(pl.sum_horizontal(pl.all().str.len_bytes().sum())).item()
    accounted = int(value_bytes or 0) + rows * (len(schema) - 1) + counts.lf + counts.crlf
    return frame if accounted + counts.quotes - counts.escaped == len(data) else None


def _parse_block(data: bytes, counts: BlockCounts, names: list[str], schema: dict[str, pl.DataType],
                 convert: pacsv.ConvertOptions, *, numbered: int,
                 bad_rows: list[BadRow]) -> tuple[pa.Table | pl.DataFrame, int]:
    """The block's records and how many rows were rejected (appended to bad_rows, numbered after `numbered`)."""
    if POLARS_READ:
        frame = _parse_polars(data, counts, schema)
        if frame is not None:
            return frame, 0
    newlines = counts.lf
    parse = pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, newlines_in_values=False)
    try:  # a row of the wrong width makes this raise (no handler): the exact read below numbers such rows
        table = pacsv.read_csv(pa.BufferReader(data), read_options=pacsv.ReadOptions(use_threads=True,
                               column_names=names), parse_options=parse, convert_options=convert)
        _check_lines(data, newlines, table.num_rows, numbered)
        return table, 0
    except (pa.ArrowInvalid, QuotedLineBreakError):
        pass
    _require_utf8(data)
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
    _check_lines(data, newlines, table.num_rows + rejected_count, numbered)
    return table, rejected_count


def _require_utf8(data: bytes) -> None:
    """Raise the exact reader's invalid-UTF-8 error for a block that is not UTF-8.

    pyarrow decodes each rejected row before calling the row handler; a row with invalid UTF-8 makes
    that decoding fail inside pyarrow, which prints a traceback and then stops with a field-count
    error: the block must be known to be UTF-8 before it is read with a handler.
    """
    offsets = pa.py_buffer(struct.pack("<ii", 0, len(data)))
    pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(pa.string())


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _check_lines(data: bytes | memoryview, newlines: int, rows: int, numbered: int) -> None:
    """Every non-empty line of the block must be one row: a quote left open across a line break stops reading.

    pyarrow's parser lets a quoted field run over line breaks even without newlines_in_values, which
    would merge records silently (and shift every later record number).

    Raises:
        QuotedLineBreakError: with the record (numbered after `numbered`) whose quoted field stays open.
    """
    if rows == newlines:
        return
    lines = [line for line in _LINE_BREAK.split(data) if line]
    if rows != len(lines):
        at = open_quote_line(lines)
        raise QuotedLineBreakError(None if at is None else numbered + at + 1)


class QuotedLineBreakError(Exception):
    """A quoted field runs over a line break (or a quote is never closed): the record where it opens, if known."""

    def __init__(self, record: int | None) -> None:
        super().__init__("CSV parse error: a quoted field runs over a line break")
        self.record = record


def open_quote_line(lines: list[bytes]) -> int | None:
    """The index of the first line in which a quoted field is still open at the line's end, read as pyarrow
    does: a quote opens a quoted field only at the field's start, and inside one a doubled quote is a quote.

    A plain loop: it runs once, on the block where reading stops."""
    for index, line in enumerate(lines):
        quoted, field_start, at = False, True, 0
        while at < len(line):
            byte = line[at]
            if quoted and byte == 0x22:
                if line[at + 1 : at + 2] == b'"':
                    at += 2
                    continue
                quoted = False
            elif not quoted and byte == 0x22 and field_start:
                quoted = True
            field_start = not quoted and byte == 0x2C
            at += 1
        if quoted:
            return index
    return None
