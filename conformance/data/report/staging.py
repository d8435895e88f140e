"""An output folder that changes only once everything written to it is whole.

`StagedFolder` gives a hidden staging folder inside DIR (``.partial-…``). The files written there
reach DIR only by `commit`, which moves them in with ``os.replace`` (same file system, so each move
is atomic): first the earlier copy of the `last` file (the one whose presence says the rest is
whole: a report's summary.json, a generated delivery's truth.csv) is removed, then the other files
are moved, then `last`. Leaving the ``with`` block without `commit` (an exception, Ctrl-C, or TERM,
which the command line turns into an exception) removes the staging folder, and the folders
created for DIR if they are empty: DIR holds what it held before. Only a hard kill (``kill -9``, power
loss) can leave a ``.partial-…`` folder behind, and DIR's own files are whole even then; its name holds the
host and process that made it, and the next staged write into DIR from that host removes it once that process
is gone (POSIX only: elsewhere it stays, to be deleted by hand).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

STAGING_PREFIX = ".partial-"


def _host() -> str:
    """This machine's name as it may stand in a folder name."""
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:40] or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else (EPERM), or the question cannot be asked: keep
        return True
    return True


def remove_abandoned(directory: Path) -> list[Path]:
    """Remove the staging folders in `directory` that a process of this host left behind when it was killed
    hard (it no longer runs); returns them. Another host's, a running process's and unrecognised ones stay."""
    if os.name != "posix":  # os.kill(pid, 0) is not a harmless question elsewhere
        return []
    removed: list[Path] = []
    mine = f"{STAGING_PREFIX}{_host()}-"
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    for entry in entries:
        owner = entry.name[len(mine):].rpartition("-")[0] if entry.name.startswith(mine) else ""
        if owner.isdigit() and int(owner) != os.getpid() and not _alive(int(owner)) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


class OutputFolderError(Exception):
    """The output folder cannot be created or written (a file in the way, no permission, disk full)."""

    def __init__(self, directory: Path, error: OSError) -> None:
        super().__init__(f"cannot write to {directory}: {error.strerror or error}")
        self.directory = directory


class StagedFolder:
    """Files written to `path` (a staging folder inside `directory`) and moved into `directory` together.

    Raises:
        OutputFolderError: the folder cannot be created, or the files cannot be moved into it.
    """

    def __init__(self, directory: Path, *, last: str) -> None:
        self._created = [folder for folder in (directory, *directory.parents) if not folder.exists()]  # deepest first
        self.directory = directory
        self._last = last
        self._done = False
        try:
            directory.mkdir(parents=True, exist_ok=True)
            remove_abandoned(directory)
            self.path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{_host()}-{os.getpid()}-", dir=directory))
        except OSError as exc:
            self._done = True
            self._remove_created()
            raise OutputFolderError(directory, exc) from None

    def commit(self) -> list[Path]:
        """Move every staged file into the folder, `last` last; returns their new paths in that order."""
        try:
            (self.directory / self._last).unlink(missing_ok=True)  # the earlier files stop being whole here
            names = sorted((path.name for path in self.path.iterdir()), key=lambda name: (name == self._last, name))
            for name in names:
                os.replace(self.path / name, self.directory / name)
            self.path.rmdir()
        except OSError as exc:
            raise OutputFolderError(self.directory, exc) from None
        self._done = True
        return [self.directory / name for name in names]

    def discard(self) -> None:
        """Remove the staging folder (and the folders created for the directory, when empty)."""
        if self._done:
            return
        self._done = True
        shutil.rmtree(self.path, ignore_errors=True)
        self._remove_created()

    def _remove_created(self) -> None:
        for folder in self._created:
            try:
                folder.rmdir()
            except OSError:  # not empty (something else wrote there meanwhile), or never made: kept
                break

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()


__all__ = ["STAGING_PREFIX", "OutputFolderError", "StagedFolder", "remove_abandoned"]
