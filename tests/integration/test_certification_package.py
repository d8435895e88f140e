"""The reference vendor, all 20 businesses: run → declarations → migration data → certify → bundle verify.

Then one byte flipped at several offsets (first byte, a member's data, a local header, the central
directory, the manifest signature, the last byte) makes `conformance bundle verify` fail.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from conformance.specs.loader import discover
from conformance.specs.location import default_specs_dir
from tests.integration.support import REFERENCE_PRODUCT, REFERENCE_VERSION, invoke, reference_evidence


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


def test_reference_vendor_package_for_all_businesses(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'evidence.db'}"
    businesses = sorted({source.slug for source in discover(default_specs_dir())})
    assert len(businesses) == 20
    invoke(["keys", "generate", "--out", "keys"])
    run = reference_evidence(db, tmp_path, [])
    assert run.exit_code == 0, run.output

    package = tmp_path / "certification.zip"
    certified = invoke(["certify", "--product", REFERENCE_PRODUCT, "--product-version", REFERENCE_VERSION,
                        "--db", db, "--signing-key", "keys/signing-key.pem", "--out", str(package)])
    assert "refused" not in certified.output
    verified = invoke(["bundle", "verify", str(package), "--public-key", "keys/signing-key.pub.pem"])
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
