"""Signed bundles: verify accepts the bundle as built and rejects a change to any byte."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conformance.domain.spec import SpecBundle
from conformance.evidence import build_bundle, canonical_zip, certify, package_payload, public_pem, verify_bundle
from tests.evidence.conftest import PRODUCT, VERSION, automated_run, declaration_run


@pytest.fixture
def bundle(spec: SpecBundle, signing_key: Ed25519PrivateKey) -> bytes:
    cert = certify(spec, product=PRODUCT, product_version=VERSION,
                   runs=[declaration_run(spec), automated_run(spec)], waivers=[], on=date(2025, 5, 1))
    payload = package_payload([cert], {spec.key: spec}, [], "0.1.0")
    return build_bundle(payload, signing_key, created_at=datetime(2025, 5, 1, tzinfo=UTC),
                        subject={"product": PRODUCT, "product_version": VERSION})


def test_bundle_holds_runs_reports_hashes_and_environment(bundle: bytes, spec: SpecBundle) -> None:
    check = verify_bundle(bundle)
    assert check.ok, check.problems
    names = zipfile.ZipFile(io.BytesIO(bundle)).namelist()
    folder = f"{spec.meta.slug}/{spec.meta.version_id}"
    for name in (f"reports/{folder}/report.html", f"reports/{folder}/report.json", f"reports/{folder}/junit.xml",
                 f"reports/{folder}/requirements.xlsx", f"reports/{folder}/coverage.csv", "certification.json",
                 "specs.json", "environment.json", "waivers.json", "manifest.json", "manifest.sig",
                 "signer.pub.pem", f"runs/{folder}/decl-0.json", f"runs/{folder}/auto-1.json"):
        assert name in names
    assert check.fingerprint and check.fingerprint.startswith("SHA256:")


def test_flipping_any_byte_fails_verification(bundle: bytes) -> None:
    size = len(bundle)
    offsets = set(range(0, size, max(1, size // 400)))  # spread over every member
    offsets |= set(range(max(0, size - 2048), size))  # the whole central directory and end record
    offsets |= set(range(0, 120))  # the first local header
    for offset in sorted(offsets):
        changed = bytearray(bundle)
        changed[offset] ^= 0x01
        assert not verify_bundle(bytes(changed)).ok, f"flip at offset {offset} of {size} was not detected"


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_appended_bytes_extra_and_duplicate_members_fail(bundle: bytes) -> None:
    assert not verify_bundle(bundle + b"\x00").ok
    members = []
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    assert verify_bundle(canonical_zip(members)).ok
    assert not verify_bundle(canonical_zip([*members, ("extra.txt", b"x")])).ok
    assert not verify_bundle(canonical_zip([members[0], *members])).ok
    assert not verify_bundle(canonical_zip(list(reversed(members)))).ok
    assert not verify_bundle(canonical_zip(members[1:])).ok


def test_expected_signer_is_checked(bundle: bytes, signing_key: Ed25519PrivateKey) -> None:
    assert verify_bundle(bundle, public_pem(signing_key.public_key())).ok
    other = public_pem(Ed25519PrivateKey.generate().public_key())
    check = verify_bundle(bundle, other)
    assert not check.ok and "not by the expected key" in check.problems[0]


def test_resigned_with_another_key_still_needs_the_expected_signer(spec: SpecBundle, bundle: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        payload = {i.filename: archive.read(i) for i in archive.infolist()
                   if i.filename not in ("manifest.json", "manifest.sig", "signer.pub.pem")}
    payload["certification.json"] = b"[]\n"
    forged = build_bundle(payload, Ed25519PrivateKey.generate(), created_at=datetime(2025, 5, 1, tzinfo=UTC),
                          subject={})
    assert verify_bundle(forged).ok  # self-consistent, but ...
    original_signer = verify_bundle(bundle).fingerprint
    assert verify_bundle(forged).fingerprint != original_signer  # ... a different signer, caught by --public-key
