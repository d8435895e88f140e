"""A delivery file in another encoding as a stream of UTF-8 bytes, and where a UTF-8 file stops being UTF-8."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from conformance.data.decode.encoding import Sniffed

CHUNK = 4 * 1024 * 1024


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


def transcode(stream: BinaryIO, sniffed: Sniffed) -> Iterator[bytes]:
    """UTF-8 chunks of a file in another encoding (BOM removed).

    Raises:
        UnicodeDecodeError: the file is not consistently in the sniffed encoding.
    """
    assert sniffed.codec is not None
    decoder = codecs.getincrementaldecoder(sniffed.codec)(errors="strict")
    stream.read(sniffed.skip)
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            tail = decoder.decode(b"", final=True)
            if tail:
                yield tail.encode("utf-8")
            return
        yield decoder.decode(chunk).encode("utf-8")


def locate_invalid_utf8(stream: BinaryIO) -> tuple[int, int] | None:
    """(byte offset, 1-based line) of the first invalid UTF-8 sequence of a stream, or None."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    offset = 0
    lines = 1
    while True:
        chunk = stream.read(CHUNK)
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            # the decoder may hold up to 3 bytes from the previous chunk; the position is within `chunk`
            position = max(exc.start - len(exc.object) + len(chunk), 0)
            return offset + position, lines + chunk[:position].count(b"\n")
        if not chunk:
            return None
        offset += len(chunk)
        lines += chunk.count(b"\n")
