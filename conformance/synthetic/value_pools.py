"""Valid values for any data item, derived from its type, length, pattern, code table, character
class and check digit (for the synthetic data generator).

Each item gets a pool of distinct valid values, checked against the cell rules themselves, and the
generator samples columns from the pools. Names, kana and romaji come from
`conformance.synthetic.names`; addresses are built on the bundled municipality list.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from conformance.data import char_length, check_cell
from conformance.domain.identifiers import corporate_number_check_digit, my_number_check_digit
from conformance.domain.spec import CharClass, CheckDigit, DataItem, ItemType
from conformance.municipalities import municipalities
from conformance.synthetic import names, patterns

POOL_SIZE = 400
LG_CODE_ITEM_NAME = "地方公共団体コード"
_ADDRESS_WORDS = ("住所", "本籍", "所在", "送付先", "居所")
_NAME_WORDS = ("氏名", "名称", "筆頭者", "世帯主", "旧氏", "通称", "代表者", "名義")


class GenerationError(ValueError):
    """No valid value can be generated for an item (an unsupported spec construct)."""


@dataclass(frozen=True, slots=True)
class Municipality:
    """The municipality a synthetic delivery belongs to."""

    lg_code: str
    prefecture: str
    name: str


def pick_municipality(rng: random.Random) -> Municipality:
    """A random operating municipality from the bundled list."""
    candidates = [body for body in municipalities() if not body.is_hoppo]
    body = rng.choice(candidates)
    return Municipality(body.lg_code, body.prefecture_name, body.name)


def person_name(rng: random.Random) -> tuple[str, str, str]:
    """(kanji, katakana, romaji) of an invented person; full-width space between surname and given name."""
    surname = rng.choice(names.SURNAMES)
    given = rng.choice(names.GIVEN_NAMES)
    return (f"{surname[0]}\u3000{given[0]}", f"{surname[1]}\u3000{given[1]}", f"{given[2]} {surname[2]}")


def address(rng: random.Random, home: Municipality) -> str:
    """An invented address: prefecture + municipality (mostly the delivery's own) + town and numbers."""
    if rng.random() < 0.8:
        prefecture, city = home.prefecture, home.name
    else:
        other = rng.choice(municipalities())
        prefecture, city = other.prefecture_name, other.name
    town = rng.choice(names.TOWNS)
    return f"{prefecture}{city}{town}{rng.randint(1, 9)}丁目{rng.randint(1, 40)}番{rng.randint(1, 30)}号"


def _text(item: DataItem, rng: random.Random, home: Municipality) -> str:  # noqa: PLR0911
    name = item.name_ja
    if item.char_class is CharClass.FULLWIDTH_KATAKANA:
        return person_name(rng)[1]
    if item.char_class is CharClass.HALFWIDTH_ALNUM:
        return person_name(rng)[2]
    if item.char_class is CharClass.DIGITS:
        return "".join(rng.choice("0123456789") for _ in range(min(item.length or 8, 8)))
    if any(word in name for word in _ADDRESS_WORDS):
        return address(rng, home)
    if "方書" in name:
        return f"{rng.choice(names.BUILDINGS)}{rng.randint(1, 12)}{rng.randint(1, 9):02d}号室"
    if any(word in name for word in _NAME_WORDS) or name.endswith("名"):
        return person_name(rng)[0]
    return rng.choice(names.WORDS)


def _fit(value: str, length: int | None) -> str:
    """Truncate to `length` characters without splitting an IVS sequence."""
    if length is None or char_length(value) <= length:
        return value
    out: list[str] = []
    count = 0
    for ch in value:
        counted = char_length(ch)  # 0 for a variation selector: it belongs to the character before it
        if counted and count == length:
            break
        out.append(ch)
        count += counted
    return "".join(out).rstrip("\u3000 ")


def _identifier(scheme: CheckDigit, rng: random.Random, home: Municipality) -> str:
    if scheme is CheckDigit.LG_CODE:
        return rng.choice(municipalities()).lg_code if rng.random() < 0.5 else home.lg_code
    if scheme is CheckDigit.MY_NUMBER:
        base = "".join(rng.choice("0123456789") for _ in range(11))
        return base + str(my_number_check_digit(base))
    base = "".join(rng.choice("0123456789") for _ in range(12))
    return str(corporate_number_check_digit(base)) + base


def _one(item: DataItem, rng: random.Random, home: Municipality, codes: Sequence[str] | None) -> str:  # noqa: PLR0911
    if codes:
        return rng.choice(list(codes))
    if item.type is ItemType.FLAG:
        return rng.choice("01")
    if item.check_digit is not None:
        if item.name_ja == LG_CODE_ITEM_NAME:
            return home.lg_code
        return _identifier(item.check_digit, rng, home)
    if item.pattern is not None:
        return patterns.sample(item.pattern, rng)
    if item.type is ItemType.INTEGER:
        return str(rng.randint(0, 10 ** min(item.length or 4, 4) - 1))
    if item.type is ItemType.DECIMAL:
        scale = item.scale if item.scale is not None else 2
        whole = str(rng.randint(0, 10 ** min(max((item.length or 6) - scale, 1), 6) - 1))
        return whole if scale == 0 else f"{whole}.{rng.randint(0, 10**scale - 1):0{scale}d}"
    return _fit(_text(item, rng, home), item.length)


def value_pool(item: DataItem, rng: random.Random, home: Municipality,
               codes: Sequence[str] | None, size: int = POOL_SIZE) -> list[str]:
    """Distinct valid values of a non-date item (every one passes the cell rules)."""
    allowed = frozenset(codes) if codes is not None else None
    pool: dict[str, None] = {}
    for _ in range(size * 3):
        value = _one(item, rng, home, codes)
        if value and not check_cell(item, value, allowed):
            pool.setdefault(value, None)
        if len(pool) >= size:
            break
    if not pool:
        raise GenerationError(f"no valid value can be generated for item {item.id} ({item.name_ja})")
    return list(pool)
