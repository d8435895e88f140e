"""file.encoding — 文字コード: what a delivery file is encoded in, and the family's codes.

UTF-8 (the standard), BOMs, UTF-16, Shift_JIS/CP932, EUC-JP, binary. Detection looks at the head of the file
only; a file that starts as valid UTF-8 and breaks later is caught by the CSV reader and reported as
``file.invalid-utf8`` with the byte offset. A file in another known encoding is transcoded to UTF-8
(`conformance.data.decode.transcode`) so that its cells can still be checked: the vendor learns both that the
encoding is wrong and what else is wrong.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

FAMILY = "file.encoding"
MESSAGES = {
    "file.binary": "CSVではないバイナリデータです ({detail})",
    "file.encoding": "文字コードが UTF-8 ではなく {detected} です",
    "file.bom": "UTF-8 の BOM が付いています",
    "file.invalid-utf8": "UTF-8 として不正なバイト列があります ({detail})",
}

HEAD_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What the head of a file looks like.

    Attributes:
        codec: Python codec to decode it with (``utf-8`` for conforming files), None for binary.
        label: how the finding names it, e.g. ``Shift_JIS (CP932)``.
        bom: the file starts with a byte-order mark (skipped when decoding).
        skip: bytes to skip at the start (the BOM).
        detail: for binary data, why it is not text.
    """

    codec: str | None
    label: str
    bom: bool = False
    skip: int = 0
    detail: str = ""


def sniff(head: bytes) -> Sniffed:  # noqa: PLR0911
    """Classify the first bytes of a file."""
    if head.startswith(codecs.BOM_UTF8):
        return Sniffed("utf-8", "UTF-8 (BOM付き)", bom=True, skip=3)
    if head.startswith(codecs.BOM_UTF16_LE):
        return Sniffed("utf-16-le", "UTF-16LE (BOM付き)", bom=True, skip=2)
    if head.startswith(codecs.BOM_UTF16_BE):
        return Sniffed("utf-16-be", "UTF-16BE (BOM付き)", bom=True, skip=2)
    if b"\x00" in head:
        return _nul_bytes(head)
    if _decodes(head, "utf-8"):
        return Sniffed("utf-8", "UTF-8")
    if _decodes(head, "cp932"):
        return Sniffed("cp932", "Shift_JIS (CP932)")
    if _decodes(head, "euc_jp"):
        return Sniffed("euc_jp", "EUC-JP")
    return Sniffed(None, "binary", detail=_first_undecodable(head))


def _nul_bytes(head: bytes) -> Sniffed:
    even, odd = head[0::2], head[1::2]
    if odd and odd.count(0) > 0.9 * len(odd) and _decodes(head, "utf-16-le"):
        return Sniffed("utf-16-le", "UTF-16LE")
    if even and even.count(0) > 0.9 * len(even) and _decodes(head, "utf-16-be"):
        return Sniffed("utf-16-be", "UTF-16BE")
    return Sniffed(None, "binary", detail=f"NUL byte at offset {head.index(0)}")


def _decodes(head: bytes, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _first_undecodable(head: bytes) -> str:
    try:
        codecs.getincrementaldecoder("utf-8")(errors="strict").decode(head, final=False)
    except UnicodeDecodeError as exc:
        return f"undecodable byte 0x{head[exc.start]:02x} at offset {exc.start}"
    return "undecodable"
