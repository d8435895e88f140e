"""Randomly damaged deliveries: whatever the damage, the validator reports findings or calls the delivery unusable,
and never fails with another exception or prints a traceback.

A fixed set of seeds keeps the run repeatable. Each case damages some files of a small delivery (bytes inserted,
deleted, overwritten or cut off, with the troublemakers of CSV files: quotes, CR, LF, NUL, BOMs, broken and
surrogate UTF-8, private-use and half-width characters), sometimes packed in a zip that may be damaged too. At
first run, this found a damaged zip header and a file cut inside a character reported as internal errors.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from pathlib import Path

import pytest

from conformance.data import (
    DeliverySource,
    FolderSource,
    MemorySink,
    UnusableDeliveryError,
    ZipSource,
    filecheck,
    validate_delivery,
)
from conformance.domain.spec import SpecBundle
from conformance.synthetic import generate_delivery

TROUBLE = (b'"', b'""', b"\r", b"\n", b"\r\n", b",", b"\x00", b"\xff", b"\xe3\x81", b"\xef\xbb\xbf",
           b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b'"\r\n"', b"\t", "\ue000".encode(), "ｱ".encode(), b" ")
SEEDS = range(60)


@pytest.fixture(scope="module")
def small_delivery(tmp_path_factory: pytest.TempPathFactory, resident_registry: SpecBundle) -> Path:
    folder = tmp_path_factory.mktemp("small")
    generate_delivery(resident_registry, 400, folder, seed=3, defect_rate=0.05)
    (folder / "truth.csv").unlink()
    return folder


def _damage(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(damaged) + 1)
        kind = rng.random()
        if kind < 0.4:
            damaged[at:at] = rng.choice(TROUBLE)
        elif kind < 0.6:
            del damaged[at:at + rng.randint(1, 50)]
        elif kind < 0.7:
            del damaged[at:]
        elif kind < 0.85 and damaged:
            damaged[min(at, len(damaged) - 1)] = rng.randrange(256)
        else:
            damaged[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
    return bytes(damaged)


def _source(small: Path, folder: Path, rng: random.Random) -> DeliverySource:
    folder.mkdir()
    for path in sorted(small.glob("*.csv")):
        data = path.read_bytes()
        (folder / path.name).write_bytes(_damage(data, rng) if rng.random() < 0.5 else data)
    if rng.random() >= 0.2:
        return FolderSource(folder)
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.glob("*.csv")):
            zipped.write(path, path.name)
    if rng.random() < 0.5:
        archive.write_bytes(_damage(archive.read_bytes(), rng))
    shutil.rmtree(folder)
    return ZipSource(archive)


@pytest.fixture(params=[False, True], ids=["block-reader", "whole-file"])
def read_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case twice: as read now, and with the small files taking the path of large ones (polars reads them
    whole and the byte counts decide whether that read stands)."""
    if request.param:
        monkeypatch.setattr(filecheck, "WHOLE_FILE_MIN_BYTES", 0)


@pytest.mark.usefixtures("read_path")
@pytest.mark.parametrize("seed", SEEDS)
def test_damaged_delivery(resident_registry: SpecBundle, small_delivery: Path, tmp_path: Path, seed: int,
                          capfd: pytest.CaptureFixture[str]) -> None:
    source = _source(small_delivery, tmp_path / "delivery", random.Random(seed))
    try:
        outcome = validate_delivery(resident_registry, source, MemorySink())
    except UnusableDeliveryError:
        pass  # a clear "unusable" (exit 2) is an allowed answer
    else:
        assert outcome.exit_code in (0, 1, 2)
    assert "Traceback" not in capfd.readouterr().err
