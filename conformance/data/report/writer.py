"""The report folder of a validation: every defect streamed to defects.csv and defects.jsonl, the other files
(summary.json, run.json) beside them, all published together once whole (`conformance.data.report.staging`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from conformance.data.report.defects import Defect
from conformance.data.report.staging import OutputFolderError, StagedFolder

DEFECT_COLUMNS = ("file", "row", "column", "code", "message", "value")
_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder for every line (json.dumps builds one per call)
SUMMARY_FILE = "summary.json"  # moved into the report folder last: its presence says the report there is whole


class ReportWriter:
    """Streams defects to defects.csv and defects.jsonl (nothing kept in memory), in a staging folder inside DIR.

    The report reaches DIR only by `commit`, once it is whole, summary.json last (see
    `conformance.data.report.staging`): a run that fails or is interrupted leaves DIR as it was, so an
    earlier report there stays whole and a partial one is never found beside a summary that calls it
    complete. Use it as a context manager: leaving the block without `commit` discards the report.

    Raises (from every method): OutputFolderError when the folder cannot be created or written.
    """

    def __init__(self, directory: Path) -> None:
        self._folder = StagedFolder(directory, last=SUMMARY_FILE)
        self.directory = directory
        try:
            with self._writing():
                self._csv_handle: IO[str] = self._staged("defects.csv").open("w", encoding="utf-8", newline="")
                self._jsonl: IO[str] = self._staged("defects.jsonl").open("w", encoding="utf-8")
                self._csv = csv.writer(self._csv_handle, lineterminator="\r\n")
                self._csv.writerow(DEFECT_COLUMNS)
        except OutputFolderError:
            self._folder.discard()
            raise

    def add(self, defect: Defect) -> None:
        """Write one defect to both files (a delivery with a column wrong throughout has one per row: kept lean)."""
        message = defect.message
        try:  # (not the _writing context manager: it costs more than the two writes)
            self._csv.writerow((defect.file, "" if defect.row is None else defect.row, defect.column or "",
                                defect.code, message, defect.value or ""))
            self._jsonl.write(_JSON.encode({
                "file": defect.file, "row": defect.row, "column": defect.column, "code": defect.code,
                "message": message, "value": defect.value, "params": defect.params,
                "requirement_ids": list(defect.requirement_ids)}) + "\n")
        except OSError as exc:
            raise OutputFolderError(self.directory, exc) from None

    def close(self) -> None:
        """Flush and close the streamed files (they stay in the staging folder until `commit`)."""
        with self._writing():
            self._csv_handle.close()
            self._jsonl.close()

    def write_text(self, name: str, text: str) -> None:
        """Another file of the report (summary.json, run.json), published with the rest by `commit`."""
        with self._writing():
            self._staged(name).write_text(text, encoding="utf-8")

    def commit(self) -> None:
        """Move the whole report into DIR, summary.json last."""
        self.close()
        self._folder.commit()

    def discard(self) -> None:
        """Drop the unfinished report; DIR keeps what it held before (or goes, if it was made for it)."""
        with suppress(OutputFolderError):  # the files are dropped anyway
            self.close()
        self._folder.discard()

    def _staged(self, name: str) -> Path:
        return self._folder.path / name

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise OutputFolderError(self.directory, exc) from None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()
