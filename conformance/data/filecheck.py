"""Checking one delivered file: encoding, layout, every cell and row rule, key collection.

The stages for one file: the head decides the encoding (`decode`), the header is compared with the data group's
(`read.layout`), the records are read into frames (`read`: a large UTF-8 file whole by polars when provably
exact, `read.whole_file`; any other file in blocks, `read.csvfile`), the plan's rules run on every frame
(`rules.flagging`) and the key columns are kept for the checks across files (`keys`).

`FileChecker.run` never raises for anything in the file's bytes: a problem becomes a file-level
defect and, when the rest of the file cannot be read, the file's status says so (``not-checked``
or ``incomplete``) so that a partial result is never presented as complete. Only an unusable
delivery (UnusableDeliveryError, e.g. a zip member larger than declared) propagates.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from conformance.data.decode import encoding, transcode
from conformance.data.keys import keysets
from conformance.data.keys.keysets import FileKeys
from conformance.data.read import frames, whole_file
from conformance.data.read.csvfile import (
    MAX_COLUMNS,
    MAX_RECORD_BYTES,
    BadRow,
    CountingReader,
    QuotedLineBreakError,
    RecordTooLongError,
    open_batches,
    parse_header,
    read_tables,
)
from conformance.data.read.fileproof import count_data, polars_read_is_exact
from conformance.data.read.layout import compare_header, expected_header, other_delimiter
from conformance.data.report.defects import Defect, DefectSink, HeldDefects
from conformance.data.report.masking import mask_value
from conformance.data.rules.flagging import Flagger, select
from conformance.data.rules.plan import Plan, build_plan
from conformance.data.source.delivery import DeliveryFile
from conformance.data.source.presence import FileMatch
from conformance.domain.spec import SpecBundle

# Run the cheap per-column screen first and the detailed rules only on the rows it flags (the result is
# the same either way; tests compare both paths).
SCREEN = True
# Parse each block on every core (csvfile.read_tables) rather than with the single-threaded streaming reader.
FAST_READ = True
# Let polars' streaming engine read and screen a whole UTF-8 file on disk in one query, kept only when the
# byte counts prove it read what the exact reader reads (fileproof); smaller files take the block reader.
WHOLE_FILE = True
WHOLE_FILE_MIN_BYTES = 8 * 1024 * 1024
# Defects held back until the whole-file read is proven: this many in memory, the rest in a temporary file.
HELD_IN_MEMORY = 20_000


class FileStatus(StrEnum):
    """How far a file could be checked."""

    CHECKED = "checked"  # every record went through every rule
    INCOMPLETE = "incomplete"  # reading stopped part-way; findings cover only the records before
    NOT_CHECKED = "not-checked"  # no record could be checked (binary, unreadable header, …)
    UNEXPECTED = "unexpected"  # not a file of this spec


@dataclass(slots=True)
class FileReport:
    """What happened to one file."""

    name: str
    group_id: str | None
    status: FileStatus
    rows: int = 0
    reason: str | None = None
    defects: int = 0


Requirements = Callable[[str], tuple[str, ...]]


class FileChecker:
    """Checks one file of one data group and reports every defect to a sink."""

    def __init__(self, bundle: SpecBundle, match: FileMatch, delivered: DeliveryFile,
                 sink: DefectSink, requirements: Requirements) -> None:
        self.bundle = bundle
        self.match = match
        self.group = match.group
        self.delivered = delivered
        self.sink = sink
        self.requirements = requirements
        self._start_over()

    def _start_over(self) -> None:
        """Nothing checked yet (also after a whole-file read that could not be proven)."""
        self.report = FileReport(self.delivered.name, self.group.id, FileStatus.CHECKED)
        self.keys = FileKeys(foreign=[[] for _ in self.group.foreign_keys])

    # -- reporting -------------------------------------------------------------------------------

    def emit(self, code: str, row: int | None = None, column: str | None = None,
             params: dict[str, str | int | None] | None = None, value: str | None = None) -> None:
        """Report one defect of this file (`value` must already be masked)."""
        self.report.defects += 1
        self.sink.add(Defect(self.delivered.name, row, column, code, params or {}, value, self.requirements(code)))

    def stop(self, status: FileStatus, reason: str) -> FileReport:
        """End the file early with a status that says the result is partial."""
        self.report.status = status
        self.report.reason = reason
        return self.report

    # -- the pipeline ----------------------------------------------------------------------------

    def run(self) -> FileReport:
        """Check the file; returns its report (the defects went to the sink)."""
        sniffed = self._sniff()
        if sniffed is None:
            return self.report
        path = self.delivered.path
        if (WHOLE_FILE and sniffed.codec == "utf-8" and not sniffed.skip and path is not None
                and (self.delivered.size or 0) >= WHOLE_FILE_MIN_BYTES and self._read_whole(path)):
            return self.report
        return self._read(sniffed)

    def _sniff(self) -> encoding.Sniffed | None:
        """The file's encoding from its head (a finding when it is not plain UTF-8); None when nothing can be read
        (an empty or binary file: the report says why)."""
        with self.delivered.open() as stream:
            head = stream.read(encoding.HEAD_BYTES)
        if not head:
            self.emit("file.empty")
            return None
        sniffed = encoding.sniff(head)
        if sniffed.codec is None:
            self.emit("file.binary", params={"detail": sniffed.detail})
            self.stop(FileStatus.NOT_CHECKED, f"binary data ({sniffed.detail})")
            return None
        if sniffed.codec != "utf-8":
            self.emit("file.encoding", params={"detected": sniffed.label})
        elif sniffed.bom:
            self.emit("file.bom")
        self._sniffed = sniffed
        return sniffed

    def _stream(self, sniffed: encoding.Sniffed) -> Any:
        """The file as UTF-8 bytes: the raw stream (BOM skipped), or a transcoding stream."""
        stream = self.delivered.open()
        if sniffed.codec == "utf-8":
            stream.read(sniffed.skip)
            return stream
        return transcode.ChunkStream(transcode.transcode(stream, sniffed))

    def _read(self, sniffed: encoding.Sniffed) -> FileReport:
        """The block reader over the whole file; a line too long or bytes not in the encoding end it early."""
        raw = self._stream(sniffed)
        try:
            return self._read_stream(CountingReader(raw))
        except RecordTooLongError as exc:
            self.emit("file.record-too-long", row=self.report.rows + 1 if self.report.rows else None,
                      params={"limit": MAX_RECORD_BYTES, "detail": str(exc)})
            return self.stop(FileStatus.INCOMPLETE if self.report.rows else FileStatus.NOT_CHECKED,
                             f"a line exceeds {MAX_RECORD_BYTES:,} bytes")
        except UnicodeDecodeError as exc:
            self.emit("file.invalid-utf8", params={"detail": f"{sniffed.label} として不正なバイト (位置 {exc.start})"})
            return self.stop(FileStatus.INCOMPLETE, f"not consistently {sniffed.label}")
        finally:
            raw.close()

    def _read_stream(self, reader: CountingReader) -> FileReport:
        header_line = reader.read_line(MAX_RECORD_BYTES)
        header = parse_header(header_line)
        positions = self._check_header(header)
        if positions is None:
            return self.report
        bad_rows: list[BadRow] = []
        try:
            self._read_records(reader, len(header), positions, bad_rows)
        except QuotedLineBreakError as exc:
            where = f"{exc.record} 行目で引用符の中に改行" if exc.record is not None else "引用符の中に改行"
            self.emit("file.quoting", row=exc.record or self.report.rows + 1, params={"detail": where})
            return self.stop(FileStatus.INCOMPLETE, "a quoted field runs over a line break"
                             + (f" at record {exc.record}" if exc.record is not None else ""))
        except pa.ArrowInvalid as exc:
            return self._arrow_failure(str(exc), self._sniffed)
        self._report_bad_rows(bad_rows, reader)
        if reader.not_crlf:
            self.emit("file.line-ending", params={"count": reader.not_crlf})
        return self.report

    def _check_header(self, header: list[str]) -> dict[str, int] | None:
        """Each difference from the expected header as a finding; the positions of the expected items found (None:
        the records cannot be checked, and the report says why)."""
        expected = expected_header(self.match, self.bundle)
        if len(header) > MAX_COLUMNS:
            self.emit("file.too-many-columns", params={"count": len(header), "limit": MAX_COLUMNS})
            self.stop(FileStatus.NOT_CHECKED, f"{len(header):,} columns")
            return None
        delimiter = other_delimiter(header, expected)
        if delimiter is not None:
            self.emit("file.delimiter", params={"detected": delimiter})
            self.stop(FileStatus.NOT_CHECKED, f"delimiter is {delimiter!s}")
            return None
        comparison = compare_header(header, expected)
        for name in comparison.duplicated:
            self.emit("file.header-duplicate", column=name if name in expected else None,
                      params={"column": name if name in expected else mask_value(name, True)})
        for name in comparison.missing:
            self.emit("file.header-missing", column=name, params={"column": name})
        for name in comparison.extra:
            self.emit("file.header-extra", params={"column": mask_value(name, True)})
        if comparison.order_detail:
            self.emit("file.header-order", params={"detail": comparison.order_detail})
        if not comparison.positions:
            self.stop(FileStatus.NOT_CHECKED, "no expected column in the header")
            return None
        return comparison.positions

    # -- records ---------------------------------------------------------------------------------

    def plan(self, positions: dict[str, int]) -> Plan:
        """What is checked in every frame of a file whose header has the expected items at `positions`
        (column name -> index): the rule flags, the screen (one "no rule can fire" expression per column and
        cross-field rule, over the columns c0, c1, …) and the key columns (`rules.plan`)."""
        return build_plan(self.bundle, self.group, positions, screen=SCREEN)

    def _read_records(self, reader: CountingReader, width: int, positions: dict[str, int],
                      bad_rows: list[BadRow]) -> None:
        plan = self.plan(positions)
        flagger = Flagger(plan, self.emit)
        kept = 0
        batches = read_tables(reader, width, bad_rows) if FAST_READ else open_batches(reader, width, bad_rows)
        read = frames.prefetched(frames.regrouped(batches)) if FAST_READ else frames.regrouped(batches)
        try:
            for frame in read:
                records = frames.record_numbers(kept, frame.height, bad_rows)
                kept += frame.height
                self.report.rows = int(records[-1]) if frame.height else self.report.rows
                screened = select(frame, plan.screens) if plan.screens else None
                self._check_frame(plan, flagger, frame, records, screened)
        finally:  # the rows read before a reader error are reported before it
            flagger.flush()
        if bad_rows:
            self.report.rows = max(self.report.rows, *(row.record for row in bad_rows))

    def _check_frame(self, plan: Plan, flagger: Flagger, frame: pl.DataFrame, records: pl.Series,
                     screened: pl.DataFrame | None) -> None:
        """Every rule on one frame (`screened`: the screen's columns for its rows) and its keys collected."""
        flagger.check(frame, records, screened)
        if plan.primary is not None:
            self.keys.primary.append(keysets.collect(frame, plan.primary, records))
        for index, columns in enumerate(plan.foreign):
            if columns is not None:
                self.keys.foreign[index].append(keysets.collect(frame, columns, records))

    # -- the whole-file path ---------------------------------------------------------------------

    def _read_whole(self, path: Path) -> bool:
        """Check the file with polars reading it whole; False (nothing reported) unless provably exact."""
        sink = self.sink
        with HeldDefects(HELD_IN_MEMORY) as held:
            self.sink = held
            try:
                done = self._scan_whole(path)
            except Exception:  # any complaint of polars: the block reader decides
                done = False
            finally:
                self.sink = sink
            if not done:
                self._start_over()
                return False
            for defect in held.replay():
                sink.add(defect)
        return True

    def _scan_whole(self, path: Path) -> bool:
        with path.open("rb") as stream:
            header_line = stream.readline(MAX_RECORD_BYTES + 1)
            if not header_line.endswith(b"\n"):
                return False
            header = parse_header(header_line)
            if len(header) < 2 or len(header) > MAX_COLUMNS:
                return False
            positions = self._check_header(header)
            if positions is None:
                return True  # nothing more to read (as the block reader would decide)
            stop, hopeless = threading.Event(), threading.Event()
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="byte-counts") as pool:
                # polars starts at once; the counts of the first (small) block already rule out many files, and
                # every frame checks whether they did
                counting = pool.submit(count_data, stream, stop=stop, hopeless=hopeless)
                try:
                    rows, value_bytes = self._check_whole(path, len(header), positions, hopeless)
                except BaseException:
                    stop.set()  # the block reader takes over: no need to count the rest
                    raise
                counts = counting.result()
        if not polars_read_is_exact(counts, rows=rows, columns=len(header), value_bytes=value_bytes):
            return False
        lf, crlf = counts.lf + 1, counts.crlf + header_line.endswith(b"\r\n")
        if lf != crlf:
            self.emit("file.line-ending", params={"count": lf - crlf})
        return True

    def _check_whole(self, path: Path, width: int, positions: dict[str, int],
                     hopeless: threading.Event) -> tuple[int, int]:
        """Read and screen the file in one streaming query; (rows, bytes of all values).

        Raises:
            UnprovableReadError: the byte counts already show the read cannot be proven exact.
        """
        plan = self.plan(positions)
        flagger = Flagger(plan, self.emit)
        screen_names = [f"s{index}" for index in range(len(plan.screens))]
        value_bytes = whole_file.value_bytes(width)
        rows = total_bytes = 0
        for batch in whole_file.batches(path, width, plan.screens, hopeless):
            rows += batch.height
            total_bytes += int(batch.select(value_bytes).item() or 0)
            records = batch.get_column("record").cast(pl.Int64)
            self.report.rows = int(records[-1])
            self._check_frame(plan, flagger, batch, records, batch.select(screen_names) if screen_names else None)
        flagger.flush()
        return rows, total_bytes

    # -- what stopped the reader -----------------------------------------------------------------

    def _report_bad_rows(self, bad_rows: list[BadRow], reader: CountingReader) -> None:
        truncated = reader.last_byte not in (b"\n", b"")
        last = max((row.record for row in bad_rows), default=0)
        for row in bad_rows:
            if truncated and row.record == last and row.actual < row.expected:
                self.emit("file.truncated", row=row.record)
            else:
                self.emit("file.field-count", row=row.record,
                          params={"actual": row.actual, "expected": row.expected})

    def _arrow_failure(self, message: str, sniffed: encoding.Sniffed) -> FileReport:
        if "UTF8" in message or "utf8" in message.lower():
            with self.delivered.open() as stream:
                stream.read(sniffed.skip)
                where = transcode.locate_invalid_utf8(stream)
            detail = f"{where[1]} 行目 (バイト位置 {where[0]})" if where else "位置不明"
            self.emit("file.invalid-utf8", row=max(where[1] - 1, 1) if where else None, params={"detail": detail})
            return self.stop(FileStatus.INCOMPLETE, f"invalid UTF-8 at {detail}")
        if "straddl" in message:
            # the straddling line follows the records of the blocks before, all yielded (and counted) before this
            self.emit("file.record-too-long", row=self.report.rows + 1,
                      params={"limit": MAX_RECORD_BYTES, "detail": f"{self.report.rows + 1} 行目"})
            return self.stop(FileStatus.INCOMPLETE, f"a record exceeds {MAX_RECORD_BYTES:,} bytes")
        # the parser stopped in the block after the records counted so far
        self.emit("file.quoting", row=self.report.rows + 1, params={"detail": f"{self.report.rows + 1} 行目以降"})
        return self.stop(FileStatus.INCOMPLETE, "the CSV parser stopped (quoting or structure)")
