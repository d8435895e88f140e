"""Character repertoires: JIS X 0213, full-width katakana, half-width kana, private-use 外字, IVS.

JIS X 0213 membership is library-backed: Python's ``euc_jis_2004`` codec encodes exactly the
JIS X 0213:2004 repertoire (plus ASCII), so "the codec can encode it" is the membership test.
For speed the validator uses a regex character class of the single code points the same codec
covers (the common case, fully vectorised in polars), and confirms the few values that
contain anything else (IVS sequences, combining sequences such as か゚, rare characters) per value.
"""

from __future__ import annotations

import codecs
from functools import cache

IVS_FIRST = 0xE0100
IVS_LAST = 0xE01EF
PUA_FIRST = 0xE000
PUA_LAST = 0xF8FF

IVS_CLASS = "[\U000e0100-\U000e01ef]"
PUA_CLASS = "[\ue000-\uf8ff]"
HALFWIDTH_KANA_CLASS = "[\uff61-\uff9f]"
# 全角カタカナ: ァ–ヺ, ・ ー ヽ ヾ, and the full-width space.
KATAKANA_CLASS = "\u30a1-\u30fe\u3000"
KATAKANA_ONLY = f"^[{KATAKANA_CLASS}]*$"
DIGITS_ONLY = "^[0-9]*$"
ALNUM_ONLY = "^[\x20-\x7e]*$"

_SCAN_LAST = 0x2FFFF


def char_length(value: str) -> int:
    """Length in characters, an ideographic variation sequence (base + U+E0100–U+E01EF) counting as one."""
    return len(value) - sum(1 for ch in value if IVS_FIRST <= ord(ch) <= IVS_LAST)


def is_jis_x_0213(value: str) -> bool:
    """True when every character of `value` is in JIS X 0213 (IVS selectors after a base allowed)."""
    text = "".join(ch for ch in value if not IVS_FIRST <= ord(ch) <= IVS_LAST)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return False
    try:
        text.encode("euc_jis_2004")
    except UnicodeEncodeError:
        return False
    return True


def first_outside_jis(value: str) -> str | None:
    """The first character that is not in JIS X 0213, as ``U+XXXX``; None when the value conforms."""
    if is_jis_x_0213(value):
        return None
    for ch in value:
        if IVS_FIRST <= ord(ch) <= IVS_LAST:
            continue
        if not is_jis_x_0213(ch):
            return codepoint(ch)
    return "sequence"  # every character alone is in JIS X 0213, but a combination is not


def first_pua(value: str) -> str | None:
    """The first BMP private-use character (legacy 外字) as ``U+XXXX``, or None."""
    for ch in value:
        if PUA_FIRST <= ord(ch) <= PUA_LAST:
            return codepoint(ch)
    return None


def codepoint(ch: str) -> str:
    """``U+XXXX`` notation of one character."""
    return f"U+{ord(ch):04X}"


@cache
def jis_x_0213_codepoints() -> tuple[tuple[int, int], ...]:
    """Inclusive ranges of single code points (U+0020–U+2FFFF) the euc_jis_2004 codec can encode.

    Found by decoding every EUC-JIS-2004 byte sequence (ASCII, 0x8E half-width kana, both 94×94 planes:
    17,926 sequences) and keeping those that decode to one code point, rather than trying to encode each of
    the 195k code points (4× slower, and paid by every `data validate`). The tests hold both ways to the
    same set for the Python at hand.
    """
    return _ranges(_decoded_code_points(_euc_jis_2004_sequences()))


def _euc_jis_2004_sequences() -> list[bytes]:
    """Every byte sequence of EUC-JIS-2004 that may stand for a character: ASCII, 0x8E + a half-width kana byte,
    a two-byte code of plane 1, 0x8F + a two-byte code of plane 2."""
    rows = range(0xA1, 0xFF)
    sequences = [bytes([b]) for b in range(0x20, 0x7F)]
    sequences += [bytes([0x8E, b]) for b in range(0xA1, 0xE0)]
    sequences += [bytes([a, b]) for a in rows for b in rows]
    sequences += [bytes([0x8F, a, b]) for a in rows for b in rows]
    return sequences


def _decoded_code_points(sequences: list[bytes]) -> list[int]:
    """The code points (U+0020–U+2FFFF, not DEL) the sequences decode to alone, sorted."""
    decode = codecs.getdecoder("euc_jis_2004")
    found: set[int] = set()
    for sequence in sequences:
        try:
            text = decode(sequence)[0]
        except UnicodeDecodeError:
            continue
        if len(text) == 1 and 0x20 <= ord(text) <= _SCAN_LAST and ord(text) != 0x7F:
            found.add(ord(text))
    return sorted(found)


def _ranges(code_points: list[int]) -> tuple[tuple[int, int], ...]:
    """Sorted code points as inclusive ranges of consecutive ones."""
    ranges: list[list[int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return tuple((lo, hi) for lo, hi in ranges)


@cache
def outside_jis_class() -> str:
    """A Rust-regex (polars) class matching one character outside the JIS X 0213 single-code-point set.

    Variation selectors (U+E0100–U+E01EF) are inside the class: they are allowed after a base character.
    """
    parts = []
    for lo, hi in (*jis_x_0213_codepoints(), (IVS_FIRST, IVS_LAST)):
        parts.append(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}")
    return "[^" + "".join(parts) + "]"


def _escape(cp: int) -> str:
    return f"\\x{{{cp:X}}}"
