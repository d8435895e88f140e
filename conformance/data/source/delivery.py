"""Delivery sources: where the files of one migration or linkage delivery come from.

`DeliverySource` is the seam the linkage runner uses to feed a vendor's file drop; the validator
only iterates `DeliveryFile`s and opens them as binary streams. Three implementations: a folder,
an explicit list of files, and a zip archive (with zip-bomb limits), plus `InMemorySource` for tests.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Protocol, cast

MAX_TOTAL_UNCOMPRESSED = 64 * 1024**3  # 64 GiB: far above any real delivery
MAX_MEMBER_RATIO = 200  # uncompressed / compressed; CSV compresses ~5–15×
MAX_MEMBERS = 10_000
READABLE_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
# what zipfile raises on a damaged member (bad header or checksum, invalid compressed bytes, cut short); the messages
# name the damage, never the data
DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


class UnusableDeliveryError(Exception):
    """The delivery as a whole cannot be read (not found, not a zip, zip bomb, no files)."""


@dataclass(frozen=True, slots=True)
class DeliveryFile:
    """One file of a delivery.

    Attributes:
        name: the name reported in findings (file name, or the path inside a zip).
        size: its size in bytes (uncompressed), when known.
        opener: opens it as a binary stream.
        path: where it lies on disk, when it does (readers may then open it themselves).
    """

    name: str
    size: int | None
    opener: Callable[[], BinaryIO]
    path: Path | None = None

    def open(self) -> BinaryIO:
        """A fresh binary stream over the file's bytes.

        A read that fails part-way (an I/O error of the disk or the network share the delivery lies on) raises
        UnusableDeliveryError naming the file: the rest of it cannot be checked, so no result may stand for it.
        """
        return cast(BinaryIO, _ReadGuard(self.opener(), self.name))


class DeliverySource(Protocol):
    """Anything that can list the files of one delivery."""

    def files(self) -> Iterator[DeliveryFile]:
        """The files of the delivery, in a stable order."""
        ...


@dataclass(frozen=True, slots=True)
class FileListSource:
    """An explicit list of files on disk."""

    paths: tuple[Path, ...]

    def files(self) -> Iterator[DeliveryFile]:
        """The listed files, in the given order."""
        for path in self.paths:
            yield _disk_file(path)


@dataclass(frozen=True, slots=True)
class FolderSource:
    """Every regular file directly inside a folder (sorted by name; hidden files skipped)."""

    folder: Path

    def files(self) -> Iterator[DeliveryFile]:
        """The folder's files, sorted by name."""
        try:
            paths = sorted(self.folder.iterdir())
        except OSError as exc:
            raise _unreadable(self.folder, exc) from None
        for path in paths:
            if path.is_file() and not path.name.startswith("."):
                yield _disk_file(path)


@dataclass(frozen=True, slots=True)
class ZipSource:
    """The members of a zip archive, with limits against zip bombs.

    The archive is refused as a whole (UnusableDeliveryError) when its declared total size exceeds
    `max_total`, any member's compression ratio exceeds `max_ratio`, or it has too many members;
    streams also stop at the declared size, so a lying header cannot inflate further.
    """

    archive: Path
    max_total: int = MAX_TOTAL_UNCOMPRESSED
    max_ratio: int = MAX_MEMBER_RATIO

    def files(self) -> Iterator[DeliveryFile]:
        """The archive's file members, in archive order (folders and hidden files skipped)."""
        try:
            with zipfile.ZipFile(self.archive) as archive:
                infos = [info for info in archive.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError) as exc:
            raise UnusableDeliveryError(f"{self.archive.name}: not a readable zip archive ({exc})") from None
        self._check_limits(infos)
        for info in infos:
            if Path(info.filename).name.startswith("."):
                continue
            yield DeliveryFile(info.filename, info.file_size, self._opener(info))

    def _check_limits(self, infos: list[zipfile.ZipInfo]) -> None:
        for info in infos:  # members zipfile cannot read at all
            if info.flag_bits & 0x1:
                raise UnusableDeliveryError(f"{self.archive.name}: member {info.filename} is encrypted "
                                            "(deliver the archive without a password)")
            if info.compress_type not in READABLE_COMPRESSION:
                raise UnusableDeliveryError(f"{self.archive.name}: member {info.filename} uses compression method "
                                            f"{info.compress_type}, which cannot be read (use Deflate)")
        if len(infos) > MAX_MEMBERS:
            raise UnusableDeliveryError(f"{self.archive.name}: {len(infos)} members (limit {MAX_MEMBERS})")
        total = sum(info.file_size for info in infos)
        if total > self.max_total:
            raise UnusableDeliveryError(
                f"{self.archive.name}: uncompressed size {total:,} bytes exceeds the limit {self.max_total:,}"
                " (zip bomb?)")
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and ratio > self.max_ratio:
                raise UnusableDeliveryError(
                    f"{self.archive.name}: member {info.filename} expands {ratio:,.0f}× "
                    f"(limit {self.max_ratio}×; zip bomb?)")

    def _opener(self, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
        def open_member() -> BinaryIO:
            archive = zipfile.ZipFile(self.archive)
            try:
                member = archive.open(info)
            except DAMAGED_MEMBER as exc:  # a damaged local header
                archive.close()
                raise _damaged(info.filename, "cannot be opened", exc) from None
            return cast(BinaryIO, _Bounded(member, info, archive))

        return open_member


@dataclass(frozen=True, slots=True)
class InMemorySource:
    """Files held in memory (name → bytes): the test twin of the other sources."""

    contents: tuple[tuple[str, bytes], ...]

    def files(self) -> Iterator[DeliveryFile]:
        """The files in the given order."""
        for name, data in self.contents:
            yield DeliveryFile(name, len(data), _bytes_opener(data))


def _bytes_opener(data: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(data)


def _disk_file(path: Path) -> DeliveryFile:
    def open_file() -> BinaryIO:
        try:
            return path.open("rb")
        except OSError as exc:  # no permission, gone meanwhile, an I/O error: nothing of it can be checked
            raise _unreadable(path, exc) from None

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return DeliveryFile(path.name, size, open_file, path)


def _unreadable(path: Path, error: OSError) -> UnusableDeliveryError:
    return UnusableDeliveryError(f"{path}: cannot be read ({error.strerror or error})")


class _ReadGuard(io.RawIOBase):
    """A delivery file's stream whose I/O errors say which file could not be read (no traceback, no partial
    result: the CLI reports an unusable delivery and leaves the report folder as it was)."""

    def __init__(self, inner: IO[bytes], name: str) -> None:
        super().__init__()
        self._inner = inner
        self._name = name

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        try:
            return self._inner.read(-1 if size is None else size)
        except OSError as exc:
            raise UnusableDeliveryError(f"{self._name}: reading failed part-way ({exc.strerror or exc}); "
                                        "nothing of this delivery is reported as checked") from None

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


class _Bounded(io.RawIOBase):
    """A zip member stream that refuses to yield more than the member's declared size, and calls damaged data
    (a bad checksum, invalid compressed bytes, a member cut short) an unusable delivery."""

    def __init__(self, inner: IO[bytes], info: zipfile.ZipInfo, archive: zipfile.ZipFile) -> None:
        super().__init__()
        self._inner = inner
        self._left = info.file_size
        self._name = info.filename
        self._archive = archive

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self._left + 1)
        try:
            data = self._inner.read(want)
        except DAMAGED_MEMBER as exc:
            raise _damaged(self._name, "is damaged", exc) from None
        if len(data) > self._left:
            raise UnusableDeliveryError("a zip member is larger than its declared size (zip bomb?)")
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._inner.close()
        self._archive.close()
        super().close()


def _damaged(member: str, what: str, error: Exception) -> UnusableDeliveryError:
    return UnusableDeliveryError(f"zip member {member} {what} ({error}): the archive is corrupt")


def open_delivery(paths: list[Path]) -> DeliverySource:
    """The source for CLI arguments: one folder, one zip, or a list of files.

    Raises:
        UnusableDeliveryError: a path does not exist or is not a regular file, or folders/zips are mixed with
            other paths.
    """
    _require_usable(paths)
    if len(paths) == 1 and paths[0].is_dir():
        return FolderSource(paths[0])
    if len(paths) == 1 and paths[0].suffix.lower() == ".zip" and zipfile.is_zipfile(paths[0]):
        return ZipSource(paths[0])
    if any(p.is_dir() or p.suffix.lower() == ".zip" for p in paths):
        raise UnusableDeliveryError("give one folder, one zip, or a list of CSV files (not a mix)")
    return FileListSource(tuple(paths))


def _require_usable(paths: list[Path]) -> None:
    """Raise UnusableDeliveryError unless some paths are given and each is a folder or a regular file."""
    if not paths:
        raise UnusableDeliveryError("no delivery path given")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UnusableDeliveryError(f"not found: {', '.join(missing)}")
    special = [str(p) for p in paths if not p.is_dir() and not p.is_file()]
    if special:  # a device, FIFO or socket: /dev/zero would never end
        raise UnusableDeliveryError(f"not a regular file: {', '.join(special)}")
