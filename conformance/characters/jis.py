"""JIS X 0208 and JIS X 0213 membership of one character: reported attributes, not the rule.

Library-backed, not tables of our own: Python's ``iso2022_jp`` codec encodes exactly ASCII, JIS X 0201
Roman and JIS X 0208 (1978/1983), and ``euc_jis_2004`` exactly ASCII and JIS X 0213:2004, so "the codec
can encode it" is the membership test. A character with a variation selector is judged by its base (the
selector itself is in neither set).
"""

from __future__ import annotations

from conformance.characters.repertoire import is_selector


def _base(character: str) -> str:
    return "".join(ch for ch in character if not is_selector(ch))


def _encodes(text: str, codec: str) -> bool:
    if not text or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return False
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def in_jis_x_0208(character: str) -> bool:
    """True when the character's base is in JIS X 0208 (or is ASCII)."""
    return _encodes(_base(character), "iso2022_jp")


def in_jis_x_0213(character: str) -> bool:
    """True when the character's base is in JIS X 0213:2004 (or is ASCII); a combining pair such as か゚ counts."""
    return _encodes(_base(character), "euc_jis_2004")
