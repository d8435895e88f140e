"""The README's demo command runs end to end on the embedded defaults and leaves every output it announces.

The demo is the whole flow for the reference vendor over all 20 businesses: run → declarations → migration
data → certify → bundle verify. It runs once for this module (a subprocess, as a newcomer runs it); the
second test then opens its certification package: every business conformant on three kinds of runs, and one
byte flipped at several offsets (first byte, a member's data, a local header, the central directory, the
manifest signature, the last byte) makes `conformance bundle verify` fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conformance.specs import default_specs_dir, discover
from tests.conftest import REPO
from tests.integration.support import invoke


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The demo's output folder and its process (run once: it takes minutes)."""
    out = tmp_path_factory.mktemp("demo") / "demo out"  # a space in the path on purpose
    done = subprocess.run(
        [sys.executable, "-m", "conformance", "demo", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )
    return out, done


def test_demo_runs_the_whole_flow(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, done = demo
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for produced in ("data/defects.csv", "data/summary.json", "tracker.db", "linkage/run.json", "linkage/junit.xml",
                     "results.db", "certification.zip"):
        assert (out / produced).exists(), produced
    with zipfile.ZipFile(out / "certification.zip") as bundle:
        names = bundle.namelist()
    assert "manifest.json" in names and "manifest.sig" in names
    text = done.stdout
    assert "OK:" in text  # bundle verify accepted the package
    assert "http://127.0.0.1:8000/" in text and "demo-agency-2025" in text  # how to open the dashboard


def _data_offset(blob: bytes, info: zipfile.ZipInfo) -> int:
    """Where a member's data starts: after its local header (30 bytes, name and extra field)."""
    start = info.header_offset
    name_length = int.from_bytes(blob[start + 26:start + 28], "little")
    extra_length = int.from_bytes(blob[start + 28:start + 30], "little")
    return start + 30 + name_length + extra_length


def _flip_offsets(path: Path) -> dict[str, int]:
    blob = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    end_of_directory = blob.rindex(b"PK\x05\x06")
    central_directory = int.from_bytes(blob[end_of_directory + 16:end_of_directory + 20], "little")
    return {
        "first byte": 0,
        "certification.json data": _data_offset(blob, infos["certification.json"]) + 10,
        "a report's local header (name)": infos["reports/resident-registry/5.0/report.json"].header_offset + 31,
        "an xlsx member's data": _data_offset(blob, infos["reports/resident-registry/5.0/requirements.xlsx"]) + 100,
        "manifest.sig data": _data_offset(blob, infos["manifest.sig"]) + 3,
        "central directory": central_directory + 5,
        "central directory, a later entry": central_directory + (end_of_directory - central_directory) // 2,
        "end of central directory": end_of_directory + 10,
        "last byte": len(blob) - 1,
    }


def test_demo_package_certifies_all_businesses_and_detects_tampering(
        demo: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    out, done = demo
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    package, public_key = out / "certification.zip", str(out / "keys" / "signing-key.pub.pem")
    businesses = sorted({source.slug for source in discover(default_specs_dir())})
    assert len(businesses) == 20
    verified = invoke(["bundle", "verify", str(package), "--public-key", public_key])
    assert verified.output.startswith("OK:")

    with zipfile.ZipFile(package) as archive:
        certifications = json.loads(archive.read("certification.json"))
        kinds: dict[str, list[str]] = {}
        for name in archive.namelist():
            if name.startswith("runs/"):
                kinds.setdefault(name.split("/")[1], []).append(json.loads(archive.read(name))["kind"])
    assert {(c["business"], c["status"]) for c in certifications} == {(slug, "conformant") for slug in businesses}
    # every business rests on exactly one run of each kind: linkage, declaration, migration data
    assert {slug: sorted(found) for slug, found in kinds.items()} == {
        slug: ["data-validation", "declaration", "linkage"] for slug in businesses}

    original = package.read_bytes()
    for where, offset in _flip_offsets(package).items():
        tampered = tmp_path / "tampered.zip"
        tampered.write_bytes(original[:offset] + bytes([original[offset] ^ 0x01]) + original[offset + 1:])
        result = invoke(["bundle", "verify", str(tampered)], code=None)
        assert result.exit_code == 1, f"flipping a byte in the {where} (offset {offset}) was not detected"
    invoke(["bundle", "verify", str(package)])  # the original still verifies
