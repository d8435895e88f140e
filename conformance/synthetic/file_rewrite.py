"""Streaming rewrite of one generated CSV file: a byte prefix, LF line ends, another encoding.

Used by the generator's file-level defects (`conformance.synthetic.file_defects`). A file is read in
blocks of about `CHUNK` bytes cut at line ends and written to a hidden temporary file next to it,
which replaces the original only when the whole rewrite succeeded, so memory stays flat in the
file size and a failed attempt leaves the file as it was.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

CHUNK = 4 * 1024 * 1024


def line_blocks(stream: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    """The stream's bytes in blocks that end just after an LF (the last block: wherever the stream ends)."""
    carry = b""
    while True:
        chunk = stream.read(size)
        if not chunk:
            if carry:
                yield carry
            return
        data = carry + chunk
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut]


def lf_line_ends(block: bytes, first_line: int, lines: Sequence[int]) -> bytes:
    """`block` with the CRLF of the given 0-based lines (sorted; counted from the file's start) turned into LF.

    `first_line` is the number of the block's first line.
    """
    start = bisect_left(lines, first_line)
    end = bisect_left(lines, first_line + block.count(b"\n"))
    if start == end:
        return block
    parts = block.split(b"\n")
    for line in lines[start:end]:
        index = line - first_line
        if parts[index].endswith(b"\r"):
            parts[index] = parts[index][:-1]
    return b"\n".join(parts)


def rewrite_file(path: Path, *, prefix: bytes = b"", lf_lines: Sequence[int] = (), codec: str = "utf-8",
                 accept: Callable[[bytes], bool] | None = None) -> bool:
    """Rewrite a UTF-8 file in place: `prefix` first, LF for the listed lines, re-encoded to `codec`.

    Args:
        path: the UTF-8 file.
        prefix: bytes written before the content (e.g. a BOM).
        lf_lines: sorted 0-based line numbers (the header is line 0) whose CRLF becomes LF.
        codec: the output encoding; for another codec than UTF-8 every block must encode and decode
            back to the same text, else nothing is changed.
        accept: called with the first `CHUNK` bytes of the result; the file is changed only if it returns True.

    Returns:
        True when the file was rewritten, False when it was left unchanged.
    """
    temporary = path.with_name(f".{path.name}.rewrite")
    try:
        with path.open("rb") as source, temporary.open("wb") as target:
            target.write(prefix)
            line = 0
            for block in line_blocks(source):
                changed = lf_line_ends(block, line, lf_lines)
                line += block.count(b"\n")
                encoded = _encoded(changed, codec)
                if encoded is None:
                    return False
                target.write(encoded)
        if accept is not None:
            with temporary.open("rb") as result:
                if not accept(result.read(CHUNK)):
                    return False
        os.replace(temporary, path)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _encoded(block: bytes, codec: str) -> bytes | None:
    """The UTF-8 block in `codec`, or None if some character does not survive the round trip."""
    if codec == "utf-8":
        return block
    text = block.decode("utf-8")
    try:
        encoded = text.encode(codec)
    except UnicodeEncodeError:
        return None
    return encoded if encoded.decode(codec) == text else None


__all__ = ["CHUNK", "lf_line_ends", "line_blocks", "rewrite_file"]
