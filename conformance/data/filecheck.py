"""Checking one delivered file: encoding, layout, every cell and row rule, key collection.

`FileChecker.run` never raises for anything in the file's bytes: a problem becomes a file-level
defect and, when the rest of the file cannot be read, the file's status says so (``not-checked``
or ``incomplete``) so that a partial result is never presented as complete. Only an unusable
delivery (UnusableDeliveryError, e.g. a zip member larger than declared) propagates.
"""

from __future__ import annotations

import operator
import pickle
import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self, TypeAlias

import polars as pl
import pyarrow as pa

from conformance.data.decode import encoding
from conformance.data.keys import keysets as keys
from conformance.data.read.csvfile import (
    MAX_COLUMNS,
    MAX_RECORD_BYTES,
    BadRow,
    ChunkStream,
    CountingReader,
    QuotedLineBreakError,
    RecordTooLongError,
    open_batches,
    parse_header,
    read_tables,
)
from conformance.data.read.fileproof import count_data, polars_read_is_exact
from conformance.data.read.layout import FileMatch, compare_header, expected_header
from conformance.data.report.defects import Defect, DefectSink
from conformance.data.report.masking import mask_value
from conformance.data.rules import cell_rules
from conformance.data.rules.expressions import CONFIRMED_CODES, RuleExpr, cell_ok, cross_field_rule, cross_field_screen
from conformance.data.rules.expressions import cell_rules as build_cell_rules
from conformance.data.source.delivery import DeliveryFile
from conformance.domain.spec import DataItem, SpecBundle

FRAME_ROWS = 200_000
# Run the cheap per-column screen first and the detailed rules only on the rows it flags (the result is
# the same either way; tests compare both paths).
SCREEN = True
# Parse each block on every core (csvfile.read_tables) rather than with the single-threaded streaming reader.
FAST_READ = True
# Evaluate the rule expressions with the lazy engine (common subexpression elimination).
LAZY = True
# Let polars' streaming engine read and screen a whole UTF-8 file on disk in one query, kept only when the
# byte counts prove it read what the exact reader reads (fileproof); smaller files take the block reader.
WHOLE_FILE = True
WHOLE_FILE_MIN_BYTES = 8 * 1024 * 1024
# Defects held back until the whole-file read is proven: this many in memory, the rest in a temporary file.
HELD_IN_MEMORY = 20_000
# Rows the screen flagged are gathered over frames and go through the detailed rules together (each pass
# costs a query plan of every rule of the file, about 10 ms for 個人), at the latest once this many are held.
SUSPECT_ROWS = 50_000


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


@dataclass(slots=True)
class FileKeys:
    """The keys collected from one file for the table checks."""

    primary: list[pl.DataFrame] = field(default_factory=list)
    foreign: list[list[pl.DataFrame]] = field(default_factory=list)


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
        self._suspects = _Suspects()

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
        with self.delivered.open() as stream:
            head = stream.read(encoding.HEAD_BYTES)
        if not head:
            self.emit("file.empty")
            return self.report
        sniffed = encoding.sniff(head)
        if sniffed.codec is None:
            self.emit("file.binary", params={"detail": sniffed.detail})
            return self.stop(FileStatus.NOT_CHECKED, f"binary data ({sniffed.detail})")
        if sniffed.codec != "utf-8":
            self.emit("file.encoding", params={"detected": sniffed.label})
        elif sniffed.bom:
            self.emit("file.bom")
        self._sniffed = sniffed
        path = self.delivered.path
        if (WHOLE_FILE and sniffed.codec == "utf-8" and not sniffed.skip and path is not None
                and (self.delivered.size or 0) >= WHOLE_FILE_MIN_BYTES and self._read_whole(path)):
            return self.report
        try:
            return self._read(sniffed)
        except RecordTooLongError as exc:
            self.emit("file.record-too-long", row=self.report.rows + 1 if self.report.rows else None,
                      params={"limit": MAX_RECORD_BYTES, "detail": str(exc)})
            return self.stop(FileStatus.INCOMPLETE if self.report.rows else FileStatus.NOT_CHECKED,
                             f"a line exceeds {MAX_RECORD_BYTES:,} bytes")
        except UnicodeDecodeError as exc:
            self.emit("file.invalid-utf8", params={"detail": f"{sniffed.label} として不正なバイト (位置 {exc.start})"})
            return self.stop(FileStatus.INCOMPLETE, f"not consistently {sniffed.label}")

    def _stream(self, sniffed: encoding.Sniffed) -> Any:
        """The file as UTF-8 bytes: the raw stream (BOM skipped), or a transcoding stream."""
        stream = self.delivered.open()
        if sniffed.codec == "utf-8":
            stream.read(sniffed.skip)
            return stream
        return ChunkStream(encoding.transcode(stream, sniffed))

    def _read(self, sniffed: encoding.Sniffed) -> FileReport:
        raw = self._stream(sniffed)
        try:
            return self._read_stream(CountingReader(raw))
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
        expected = expected_header(self.match, self.bundle)
        if len(header) > MAX_COLUMNS:
            self.emit("file.too-many-columns", params={"count": len(header), "limit": MAX_COLUMNS})
            self.stop(FileStatus.NOT_CHECKED, f"{len(header):,} columns")
            return None
        if len(header) == 1 and len(expected) > 1:
            for delimiter, label in (("\t", "タブ"), (";", "セミコロン"), ("|", "縦棒")):
                if delimiter in header[0]:
                    self.emit("file.delimiter", params={"detected": label})
                    self.stop(FileStatus.NOT_CHECKED, f"delimiter is {label!s}")
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

    def _screen(self, positions: dict[str, int], rules: list[RuleExpr]) -> tuple[list[pl.Expr], list[list[int]]]:
        """The screen: per column and cross-field rule, True on the rows some rule may flag (see expressions.cell_ok).

        Returns the screen expressions and, for each rule, the indices of the screens whose firing can make
        it fire: a rule none of whose screens fired in a frame cannot fire there.
        """
        columns = {item.id: f"c{positions[item.name_ja]}" for item in self.group.items if item.name_ja in positions}
        items = {item.id: item for item in self.group.items}
        suspects: list[pl.Expr] = []
        by_column: dict[str, int] = {}
        for item in self.group.items:
            if item.id in columns:
                by_column[columns[item.id]] = len(suspects)
                suspects.append(~cell_ok(columns[item.id], item, self._codes(item)))
        by_rule: dict[str, list[int]] = {}
        for rule in self.bundle.cross_field_rules:
            if rule.group == self.group.id:
                screen = cross_field_screen(rule, columns, items)
                if screen is not None:
                    by_rule[rule.id] = [len(suspects), by_column[columns[rule.item]], by_column[columns[rule.other]]]
                    suspects.append(screen)
        guards = [by_rule[rule.rule_id] if rule.rule_id is not None else [by_column[rule.column]] for rule in rules]
        return [expr.alias(f"s{index}") for index, expr in enumerate(suspects)], guards

    def _rules(self, positions: dict[str, int]) -> list[RuleExpr]:
        columns = {item.id: f"c{positions[item.name_ja]}" for item in self.group.items if item.name_ja in positions}
        items = {item.id: item for item in self.group.items}
        rules: list[RuleExpr] = []
        for item in self.group.items:
            if item.id in columns:
                rules.extend(build_cell_rules(columns[item.id], item, self._codes(item)))
        for rule in self.bundle.cross_field_rules:
            if rule.group == self.group.id:
                built = cross_field_rule(rule, columns, items)
                if built is not None:
                    rules.append(built)
        return rules

    def _codes(self, item: DataItem) -> frozenset[str] | None:
        if item.code_table is None:
            return None
        table = self.bundle.code_tables.get(item.code_table)
        return table.values() if table is not None else None

    def _key_columns(self, positions: dict[str, int], item_ids: tuple[str, ...]) -> list[str] | None:
        names = [self.group.item(item_id).name_ja for item_id in item_ids]
        if any(name not in positions for name in names):
            return None
        return [f"c{positions[name]}" for name in names]

    def plan(self, positions: dict[str, int]) -> Plan:
        """What is checked in every frame of a file whose header has the expected items at `positions`
        (column name -> index): the rule flags, the screen (one "no rule can fire" expression per column and
        cross-field rule, over the columns c0, c1, …) and the key columns."""
        rules = self._rules(positions)
        flags = [rule.expr.fill_null(False).alias(rule.name) for rule in rules]
        screens, guards = self._screen(positions, rules) if SCREEN and flags else ([], [])
        return Plan([f"c{index}" for index in sorted(positions.values())], flags,
                     {rule.name: rule for rule in rules}, screens, guards,
                     self._key_columns(positions, self.group.primary_key),
                     [self._key_columns(positions, fk.items) for fk in self.group.foreign_keys])

    def _read_records(self, reader: CountingReader, width: int, positions: dict[str, int],
                      bad_rows: list[BadRow]) -> None:
        plan = self.plan(positions)
        kept = 0
        batches = read_tables(reader, width, bad_rows) if FAST_READ else open_batches(reader, width, bad_rows)
        frames = _prefetched(_frames(batches)) if FAST_READ else _frames(batches)
        try:
            for frame in frames:
                records = _record_numbers(kept, frame.height, bad_rows)
                kept += frame.height
                self.report.rows = int(records[-1]) if frame.height else self.report.rows
                screened = _select(frame, plan.screens) if plan.screens else None
                self._check_frame(plan, frame, records, screened)
        finally:  # the rows read before a reader error are reported before it
            self._flag_suspects(plan)
        if bad_rows:
            self.report.rows = max(self.report.rows, *(row.record for row in bad_rows))

    def _check_frame(self, plan: Plan, frame: pl.DataFrame, records: pl.Series,
                     screened: pl.DataFrame | None) -> None:
        """Every rule on one frame (`screened`: the screen's columns for its rows) and its keys collected."""
        if screened is not None:
            suspect = screened.select(pl.any_horizontal(pl.all())).to_series()
            if suspect.any():
                self._suspects.frames.append(_owned(frame.filter(suspect), plan.columns))
                self._suspects.records.append(records.filter(suspect))
                self._suspects.fired.update(index for index, screen in enumerate(screened.iter_columns())
                                            if screen.any())
                if sum(f.height for f in self._suspects.frames) >= SUSPECT_ROWS:
                    self._flag_suspects(plan)
        elif plan.flags:
            self._flag(frame, records, plan.flags, plan.by_name)
        if plan.primary is not None:
            self.keys.primary.append(keys.collect(frame, plan.primary, records))
        for index, columns in enumerate(plan.foreign):
            if columns is not None:
                self.keys.foreign[index].append(keys.collect(frame, columns, records))

    # -- the whole-file path ---------------------------------------------------------------------

    def _read_whole(self, path: Path) -> bool:
        """Check the file with polars reading it whole; False (nothing reported) unless provably exact."""
        sink = self.sink
        with _HeldDefects(HELD_IN_MEMORY) as held:
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
        names = [f"c{index}" for index in range(width)]
        query = pl.scan_csv(path, has_header=False, skip_lines=1, schema=dict.fromkeys(names, pl.String()),
                            quote_char='"', empty_string_is_null=False, infer_schema=False, raise_if_empty=False,
                            truncate_ragged_lines=False).with_row_index("record", offset=1)
        if plan.screens:
            query = query.with_columns(plan.screens)
        screen_names = [f"s{index}" for index in range(len(plan.screens))]
        value_bytes = pl.sum_horizontal(pl.col(names).str.len_bytes().sum())
        rows = total_bytes = 0
        for batch in query.collect_batches(chunk_size=FRAME_ROWS):
            if hopeless.is_set():
                raise UnprovableReadError
            if not batch.height:
                continue
            rows += batch.height
            total_bytes += int(batch.select(value_bytes).item() or 0)
            records = batch.get_column("record").cast(pl.Int64)
            self.report.rows = int(records[-1])
            self._check_frame(plan, batch, records, batch.select(screen_names) if screen_names else None)
        self._flag_suspects(plan)
        return rows, total_bytes

    def _flag_suspects(self, plan: Plan) -> None:
        """The detailed rules whose screens fired, on the rows the screen flagged since the last call."""
        held, self._suspects = self._suspects, _Suspects()
        if not held.frames:
            return
        needed = [flag for flag, guard in zip(plan.flags, plan.guards, strict=True) if held.fired.intersection(guard)]
        frame = pl.concat(held.frames) if len(held.frames) > 1 else held.frames[0]
        records = pl.concat(held.records) if len(held.records) > 1 else held.records[0]
        self._flag(frame, records, needed, plan.by_name)

    def _flag(self, frame: pl.DataFrame, records: pl.Series, flags: list[pl.Expr],
              by_name: dict[str, RuleExpr]) -> None:
        flagged = _select(frame, flags)
        mask = flagged.select(pl.any_horizontal(pl.all())).to_series()
        if not mask.any():
            return
        hits = flagged.filter(mask)
        rows = frame.filter(mask)
        hit_records = records.filter(mask).to_list()
        found: list[tuple[int, int, RuleExpr, str]] = []
        for order, hit in enumerate(hits.iter_columns()):  # (a per-column pass: DataFrame.sum plans a query)
            positions = hit.arg_true()
            if positions.is_empty():
                continue
            rule = by_name[hit.name]
            values = rows.get_column(rule.column).gather(positions).to_list()
            found.extend((position, order, rule, value)
                         for position, value in zip(positions.to_list(), values, strict=True))
        found.sort(key=lambda hit: (hit[0], hit[1]))
        for position, _order, rule, value in found:
            self._emit_cell(int(hit_records[position]), rule, value)

    def _emit_cell(self, record: int, rule: RuleExpr, value: str) -> None:
        params = _params(rule, value)
        if params is None:
            return  # a candidate the per-value check cleared
        item = rule.item
        self.emit(rule.code, row=record, column=item.name_ja, params=params,
                  value=mask_value(value, item.personal_data))

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
                where = encoding.locate_invalid_utf8(stream)
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


Batch: TypeAlias = pa.RecordBatch | pa.Table | pl.DataFrame


def _frames(batches: Iterator[pa.RecordBatch] | Iterator[pa.Table | pl.DataFrame]) -> Iterator[pl.DataFrame]:
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


def _owned(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The data columns of a few rows in buffers of their own: a filtered frame's strings still point into the
    whole batch's buffers, which would stay alive for as long as the rows are kept."""
    return frame.select(pl.concat_str([pl.col(name), pl.lit("")]).alias(name) for name in columns)


def _select(frame: pl.DataFrame, exprs: list[pl.Expr]) -> pl.DataFrame:
    """frame.select(exprs) through the lazy engine, which computes common subexpressions once
    (e.g. the parsed integer behind every digit of a check-digit rule); the eager select does not."""
    return frame.lazy().select(exprs).collect() if LAZY else frame.select(exprs)


_DONE = object()


def _prefetched(frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
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


def _record_numbers(kept_before: int, count: int, bad_rows: list[BadRow]) -> pl.Series:
    """Record numbers of the kept rows of a batch (see csvfile.RecordNumbers for the mapping)."""
    positions = pl.int_range(kept_before + 1, kept_before + count + 1, eager=True, dtype=pl.Int64)
    if not bad_rows:
        return positions.alias("record")
    skipped = sorted(row.record for row in bad_rows)
    shifted = pl.Series([record - index for index, record in enumerate(skipped)], dtype=pl.Int64)
    return (positions + shifted.search_sorted(positions, side="right").cast(pl.Int64)).alias("record")


def _params(rule: RuleExpr, value: str) -> dict[str, str | int | None] | None:  # noqa: PLR0911
    """Message parameters of a flagged cell; None when a candidate code is not confirmed."""
    item = rule.item
    code = rule.code
    if code in CONFIRMED_CODES or code.startswith("cell.char-"):
        finding = (cell_rules.char_finding(item, value) if code.startswith("cell.char-")
                   else _length_finding(item, value))
        if code in CONFIRMED_CODES and (finding is None or finding.code != code):
            return None
        return finding.params if finding is not None else {}
    if code == "cell.type":
        return {"type": item.type.value}
    if code == "cell.code":
        return {"code_table": item.code_table}
    if code == "cell.pattern":
        return {"pattern": item.pattern}
    if code == "cell.check-digit" and item.check_digit is not None:
        return {"scheme": cell_rules.CHECK_DIGIT_LABEL[item.check_digit]}
    return dict(rule.params)


def _length_finding(item: DataItem, value: str) -> cell_rules.CellFinding | None:
    actual = cell_rules.value_length(item, value)
    if item.length is not None and actual > item.length:
        return cell_rules.CellFinding("cell.length", {"actual": actual, "limit": item.length})
    return None


@dataclass(frozen=True, slots=True)
class Plan:
    """What is checked in every frame of one file: rule flags, the screen, and the key columns."""

    columns: list[str]  # the columns of the expected items (c0, c1, …): every rule reads only these
    flags: list[pl.Expr]
    by_name: dict[str, RuleExpr]
    screens: list[pl.Expr]
    guards: list[list[int]]
    primary: list[str] | None
    foreign: list[list[str] | None]


@dataclass(slots=True)
class _Suspects:
    """Rows the screen flagged (with their record numbers), and the indices of the screens that fired."""

    frames: list[pl.DataFrame] = field(default_factory=list)
    records: list[pl.Series] = field(default_factory=list)
    fired: set[int] = field(default_factory=set)


class UnprovableReadError(Exception):
    """The whole-file read cannot be proven to be the exact reader's (the block reader takes over)."""


_DEFECT_FIELDS = operator.attrgetter(*(spec.name for spec in fields(Defect)))  # a Defect's fields, in order


class _HeldDefects:
    """A sink that keeps defects until the whole-file read is proven, in order: up to `in_memory` of them in
    memory, earlier ones spilled in batches to a temporary file (deleted on close; it holds what the report
    will: masked values only). A file with a column wrong throughout (a defect per row) thus stays on the
    fast path instead of being read a second time."""

    def __init__(self, in_memory: int) -> None:
        self._batch: list[Defect] = []
        self._in_memory = in_memory
        self._spill: IO[bytes] | None = None
        self._spilled = 0  # batches in the file

    def add(self, defect: Defect) -> None:
        self._batch.append(defect)
        if len(self._batch) >= self._in_memory:
            if self._spill is None:
                self._spill = tempfile.TemporaryFile(prefix="conformance-held-")  # noqa: SIM115 (closed on exit)
            # as plain tuples of the fields: pickling a slots dataclass goes through Python-level getstate and
            # setstate, which made up about a third of the time of a file with a column wrong throughout
            pickle.dump([_DEFECT_FIELDS(defect) for defect in self._batch], self._spill,
                        protocol=pickle.HIGHEST_PROTOCOL)
            self._spilled += 1
            self._batch = []

    def replay(self) -> Iterator[Defect]:
        """Every defect held, in the order it came."""
        if self._spill is not None:
            self._spill.seek(0)
            for _ in range(self._spilled):
                for values in pickle.load(self._spill):  # our own temporary file, written above
                    yield Defect(*values)
        yield from self._batch

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._spill is not None:
            self._spill.close()
