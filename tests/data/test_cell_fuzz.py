"""Random awkward values in random cells: the validator's three ways of reading agree with the oracle.

The generator injects the defects it knows; users' files hold anything. Each case takes a clean delivery of one
shipped spec, overwrites some cells with values built from troublemakers (full-width and other Unicode digits,
half-width kana and voiced marks, 外字 in U+E000–U+F8FF, IVS and combining sequences, characters outside JIS X 0213,
和暦, impossible dates and times, codes with a character added, long strings, quotes and commas), writes the files
back as well-formed CSV, and requires every record-level finding of the validator to be exactly the oracle's
(`tests/data/oracle.py`, plain Python, row by row), on the block reader, on the whole-file path, and with the screen
switched off. The screen (`expressions.cell_ok`) may only ever pass a cell on which no rule fires: a wrong screen
would hide defects silently, and this is where it would show. A campaign of 1,060 seeds over every shipped spec
found no disagreement when this test was written (about 85,000 findings).
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conformance.data import FolderSource, MemorySink, filecheck, validate_delivery
from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery
from tests.data import oracle
from tests.data.conftest import shipped_bundles

BUNDLES = shipped_bundles()
SEEDS = range(4)
PIECES = ("0", "1", "9", "０", "１", "٣", "-", ".", "+", " ", "\u3000", "ア", "ｱ", "ﾞ", "ー", "ヴ", "ヵ", "ゔ", "あ",
          "亜", "𠮷", "\ue000", "\uf8ff", "\U000e0100", "葛\U000e0100", "か\u309a", "😀", "A", "z", "_", "T", ":", "Z",
          "'", "令和", "R", "H", "S", "年", "\u200b", "\ufeff", "Ⅰ", "①", "~", "\\", "\u00a5", "\u203e", "\u2212",
          "\uff0d", ",", '"', '""')
TIMES = ("T00:00:00+09:00", "T24:00:00Z", "T23:59:60+09:00", "T12:00:00+15:00", "T12:00:00.5Z", "T1:00:00Z")
Finding = tuple[str, int | None, str | None, str]


def _awkward(rng: random.Random, column: list[str], codes: list[str]) -> str:
    """One value: empty, a real value of the column with a character added, dropped or replaced, a date that may
    not exist, a code (perhaps with a character added), a run of digits, or a string of troublemakers."""
    kind = rng.random()
    if kind < 0.15:
        return ""
    if kind < 0.3:
        return _tweak(rng, rng.choice(column) or "1")
    if kind < 0.45:
        day = f"{rng.randint(0, 2100):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
        return day + rng.choice(TIMES) if rng.random() < 0.3 else day
    if kind < 0.55:
        return rng.choice(codes) + (rng.choice(PIECES) if rng.random() < 0.3 else "")
    if kind < 0.65:
        return "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20)))
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 70 if rng.random() < 0.2 else 8)))


def _tweak(rng: random.Random, value: str) -> str:
    """`value` with one character added, dropped or replaced."""
    at = rng.randrange(len(value) + 1)
    change = rng.random()
    if change < 0.4:
        return value[:at] + rng.choice(PIECES) + value[at:]
    if change < 0.7:
        return value[:at] + value[at + 1:]
    return value[:at] + rng.choice(PIECES) + value[at + 1:]


def _damage_cells(folder: Path, rng: random.Random, codes: list[str]) -> None:
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            header, *body = csv.reader(handle)
        columns = [list(values) for values in zip(*body, strict=True)]
        for _ in range(rng.randint(1, 30)):
            row, column = rng.randrange(len(body)), rng.randrange(len(header))
            body[row][column] = _awkward(rng, columns[column], codes)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows([header, *body])


@pytest.fixture(scope="module")
def clean_delivery_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[SpecBundle], Path]:
    """A clean 200-record delivery of a spec, made on first use and kept for the module."""
    made: dict[str, Path] = {}

    def clean(bundle: SpecBundle) -> Path:
        key = f"{bundle.meta.slug}-{bundle.meta.version_id}"
        if key not in made:
            made[key] = tmp_path_factory.mktemp(key)
            generate_delivery(bundle, 200, made[key], seed=5)
            (made[key] / "truth.csv").unlink()
        return made[key]

    return clean


def _findings(bundle: SpecBundle, folder: Path) -> set[Finding]:
    sink = MemorySink()
    validate_delivery(bundle, FolderSource(folder), sink)
    return {(d.file, d.row, d.column, d.code) for d in sink.defects if d.row is not None}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("bundle", BUNDLES, ids=lambda b: f"{b.meta.slug}-{b.meta.version_id}")
def test_awkward_cells_agree_with_the_oracle(bundle: SpecBundle, seed: int,
                                             clean_delivery_of: Callable[[SpecBundle], Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "delivery"
    shutil.copytree(clean_delivery_of(bundle), folder)
    codes = sorted({value for table in bundle.code_tables.values() for value in table.values()})
    _damage_cells(folder, random.Random(seed), codes)
    expected = oracle.validate(bundle, folder)
    assert expected, "the damage should break some rule"
    paths = ((filecheck.WHOLE_FILE_MIN_BYTES, True), (0, True), (filecheck.WHOLE_FILE_MIN_BYTES, False))
    for whole_file_min, screen in paths:
        monkeypatch.setattr(filecheck, "WHOLE_FILE_MIN_BYTES", whole_file_min)
        monkeypatch.setattr(filecheck, "SCREEN", screen)
        found = _findings(bundle, folder)
        path = f"whole_file_min={whole_file_min} screen={screen}"
        assert sorted(found - expected)[:5] == [], path
        assert sorted(expected - found)[:5] == [], path
