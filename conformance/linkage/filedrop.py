"""Where a vendor's linkage files are read from: a folder, or a URL serving a JSON index of file names.

A URL file drop answers ``GET <url>`` with ``{"files": ["<name>.csv", ...]}`` and each file at
``<url><name>``; it is read through the same Transport (same auth, size cap, no redirects).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from conformance.linkage.transport import Transport


class FileDropError(Exception):
    """The file drop cannot be read at all (a configuration or availability problem)."""


class FileDrop(Protocol):
    """A file drop: list the file names, read one file."""

    def names(self) -> list[str]:
        """The file names present."""
        ...

    def read(self, name: str) -> bytes:
        """One file's bytes; FileDropError when it cannot be read."""
        ...


@dataclass(frozen=True, slots=True)
class FolderDrop:
    """Files in a local folder (e.g. a mounted share)."""

    folder: Path

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            raise FileDropError(f"the file drop folder {self.folder} does not exist")
        return sorted(p.name for p in self.folder.iterdir() if p.is_file())

    def read(self, name: str) -> bytes:
        try:
            return (self.folder / name).read_bytes()
        except OSError as exc:
            raise FileDropError(f"cannot read {name} ({type(exc).__name__})") from exc


@dataclass(frozen=True, slots=True)
class HttpDrop:
    """Files served over HTTP by the vendor, listed by a JSON index."""

    transport: Transport
    path: str

    def names(self) -> list[str]:
        exchange = self.transport.send("GET", self.path)
        if exchange.failure or exchange.status != 200:
            reason = exchange.failure[1] if exchange.failure else f"status {exchange.status}"
            raise FileDropError(f"the file index {self.path} cannot be read ({reason})")
        try:
            files = exchange.json()["files"]
        except (ValueError, KeyError, TypeError) as exc:
            raise FileDropError(f"the file index {self.path} is not JSON with a 'files' list") from exc
        return sorted(str(name) for name in files)

    def read(self, name: str) -> bytes:
        exchange = self.transport.send("GET", self.path + name)
        if exchange.failure or exchange.status != 200:
            reason = exchange.failure[1] if exchange.failure else f"status {exchange.status}"
            raise FileDropError(f"cannot read {name} ({reason})")
        return exchange.body


def open_drop(location: str, transport: Transport, base_url: str) -> FileDrop:
    """The drop at `location`: an http(s) URL on the vendor's host, a path on it, or a folder."""
    if location.startswith(("http://", "https://")):
        split = urlsplit(location)
        return HttpDrop(transport, split.path if location.startswith(base_url) else location)
    if location.startswith("/files/"):
        return HttpDrop(transport, location)
    return FolderDrop(Path(location))
