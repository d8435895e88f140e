"""The 行政事務標準文字 tables: what is MJ, what is a registered IVS, GJ and 外字, and the MJ縮退マップ.

The characters are taken from the MJ data itself (the shipped table), not typed in from memory, except a few
well-known ones whose MJ facts the assertions state (髙 MJ028902, 高 MJ028901).
"""

from __future__ import annotations

import gzip

import pytest

from conformance.characters import (
    Standing,
    characters_of,
    code_points,
    in_jis_x_0208,
    in_jis_x_0213,
    mj_numbers,
    registered_sequences,
    shrink_candidates,
    standing,
)
from conformance.characters.repertoire import CHARACTERS_FILE, SHRINK_FILE


def _table() -> list[list[str]]:
    with gzip.open(CHARACTERS_FILE, "rt", encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle][1:]


def test_the_table_holds_every_mj_character_and_ivs() -> None:
    rows = _table()
    assert len(rows) == 58_862
    assert sum(1 for row in rows if row[3]) == 11_382
    assert rows[0][0] == "MJ000001" and rows[-1][0] == "MJ068101"
    with gzip.open(SHRINK_FILE, "rt", encoding="utf-8") as handle:
        maps = {line.split("\t")[1] for line in list(handle)[1:]}
    assert len(maps) == 10


def test_an_mj_character_outside_jis_x_0213_is_mj() -> None:
    assert standing("髙") is Standing.MJ and mj_numbers("髙") == ("MJ028902",)
    assert not in_jis_x_0213("髙") and not in_jis_x_0208("髙")
    assert in_jis_x_0208("高") and mj_numbers("高") == ("MJ028901",)


def test_taka_shrinks_to_the_common_form_and_names_the_map() -> None:
    candidates = shrink_candidates("髙")
    assert {c.target for c in candidates} == {"高"}
    assert "JIS包摂規準・UCS統合規則" in {c.map_name for c in candidates}
    assert shrink_candidates("高") == ()  # its own target is no candidate


def test_registered_and_unregistered_ivs() -> None:
    registered = next(row[3].split(",")[0] for row in _table() if row[3])
    assert standing(registered) is Standing.MJ_IVS and mj_numbers(registered)
    base = registered[0]
    used = {s[1] for s in registered_sequences() if s[0] == base}
    free = next(chr(code) for code in range(0xE0100, 0xE01F0) if chr(code) not in used)
    assert standing(base + free) is Standing.IVS_UNREGISTERED and mj_numbers(base + free) == ()


@pytest.mark.parametrize(("character", "expected"), [
    ("\U00100000", Standing.GJ_ASSUMED), ("\U0010fffd", Standing.GJ_ASSUMED),
    ("\ue000", Standing.PUA), ("\uf8ff", Standing.PUA),
    ("あ", Standing.OUTSIDE), ("A", Standing.OUTSIDE),
])
def test_gj_pua_and_the_rest(character: str, expected: Standing) -> None:
    assert standing(character) is expected


def test_the_gj_range_is_configurable() -> None:
    assert standing("\U00100000", gj_range=(0x100001, 0x10FFFD)) is Standing.OUTSIDE


def test_a_base_and_its_selector_are_one_character() -> None:
    value = "葛\U000e0105飾区"
    assert characters_of(value) == ["葛\U000e0105", "飾", "区"]
    assert code_points("葛\U000e0105") == "U+845B U+E0105"
    assert characters_of("\U000e0100a") == ["\U000e0100", "a"]  # a stray selector stays its own character
