"""Defects and the sinks they go to, as they are found: counted, kept in memory, held back, or several at once.

A `Defect` carries an already-masked value (see `conformance.data.report.masking`); nothing in this
module ever sees a raw cell value. `DefectSink` receives every defect; `conformance.data.report.writer` streams
them to the report folder (the validator's `Tally` keeps the counts), so there is no cap and no memory growth
with the number of defects.
"""

from __future__ import annotations

import operator
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from types import TracebackType
from typing import IO, Protocol, Self

from conformance.data.codes import render


@dataclass(frozen=True, slots=True)
class Defect:
    """One finding of the data validator.

    Attributes:
        file: the file name as delivered.
        row: 1-based data record number (header excluded); None for file-level findings.
        column: the column header (item name_ja), None for file-level findings.
        code: the finding code (conformance.data.codes).
        params: message parameters (never personal data).
        value: the offending value, masked when the item is personal data.
        requirement_ids: the requirements whose checks cover this code.
    """

    file: str
    row: int | None
    column: str | None
    code: str
    params: dict[str, str | int | None] = field(default_factory=dict)
    value: str | None = None
    requirement_ids: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The rendered (Japanese) message."""
        return render(self.code, self.params)


class DefectSink(Protocol):
    """Receives every defect as it is found."""

    def add(self, defect: Defect) -> None:
        """Record one defect."""
        ...


@dataclass(slots=True)
class Tally:
    """Counts per code and per (file, code), plus the first defect of each (file, code)."""

    by_code: Counter[str] = field(default_factory=Counter)
    by_file_code: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_column: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (file, column, code), rows only
    first: dict[tuple[str, str], Defect] = field(default_factory=dict)

    def add(self, defect: Defect) -> None:
        """Count one defect."""
        self.by_code[defect.code] += 1
        key = (defect.file, defect.code)
        self.by_file_code[key] += 1
        if defect.row is not None and defect.column is not None:
            self.by_column[(defect.file, defect.column, defect.code)] += 1
        self.first.setdefault(key, defect)

    @property
    def total(self) -> int:
        """Number of defects counted."""
        return sum(self.by_code.values())


class MemorySink:
    """Keeps every defect in a list (tests and small in-process runs)."""

    def __init__(self) -> None:
        self.defects: list[Defect] = []
        self.tally = Tally()

    def add(self, defect: Defect) -> None:
        """Keep one defect."""
        self.defects.append(defect)
        self.tally.add(defect)


class TeeSink:
    """Sends each defect to several sinks."""

    def __init__(self, *sinks: DefectSink) -> None:
        self._sinks = sinks

    def add(self, defect: Defect) -> None:
        """Forward one defect."""
        for sink in self._sinks:
            sink.add(defect)


_DEFECT_FIELDS = operator.attrgetter(*(spec.name for spec in fields(Defect)))  # a Defect's fields, in order


class HeldDefects:
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
