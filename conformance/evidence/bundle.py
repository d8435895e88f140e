"""Signed evidence bundles: a zip whose every byte is covered by an Ed25519-signed manifest.

Layout: the payload files (runs, reports, certification, waivers, spec hashes, environment), then
``signer.pub.pem``, ``manifest.json`` (SHA-256 and size of every payload file, in zip order, plus
the signer's fingerprint) and ``manifest.sig`` (base64 Ed25519 signature of manifest.json).

The zip itself is written canonically (stored, fixed timestamps and attributes, fixed order), so
`verify_bundle` can rebuild it from its members and compare the whole file byte for byte: a
change anywhere — member data, local headers, the central directory, a comment, trailing bytes —
fails verification, as do extra, missing, duplicate or reordered members.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conformance.evidence.signing import (
    SigningKeyError,
    fingerprint,
    load_public_key,
    public_pem,
    verify_signature,
)

BUNDLE_FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signer.pub.pem"
CONTROL = (PUBLIC_KEY, MANIFEST, SIGNATURE)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def canonical_zip(members: Sequence[tuple[str, bytes]]) -> bytes:
    """The one byte-exact zip of `members`, in the order given (stored, fixed metadata)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def manifest_bytes(document: Mapping[str, Any]) -> bytes:
    """The canonical JSON encoding of a manifest (sorted keys, UTF-8)."""
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def build_bundle(
    payload: Mapping[str, bytes], key: Ed25519PrivateKey, *, created_at: datetime, subject: Mapping[str, Any]
) -> bytes:
    """Sign `payload` (name → bytes) and return the bundle zip."""
    names = sorted(payload)
    for name in names:
        _check_name(name)
        if name in CONTROL:
            raise ValueError(f"{name} is reserved for the bundle's signature")
    public = key.public_key()
    manifest = {
        "bundle_format": BUNDLE_FORMAT,
        "created_at": created_at.isoformat(),
        "subject": dict(subject),
        "signer": {"algorithm": "Ed25519", "fingerprint": fingerprint(public)},
        "files": [
            {"name": n, "sha256": hashlib.sha256(payload[n]).hexdigest(), "size": len(payload[n])} for n in names
        ],
    }
    encoded = manifest_bytes(manifest)
    signature = base64.b64encode(key.sign(encoded)) + b"\n"
    members = [(n, payload[n]) for n in names]
    members += [(PUBLIC_KEY, public_pem(public)), (MANIFEST, encoded), (SIGNATURE, signature)]
    return canonical_zip(members)


@dataclass(slots=True)
class BundleCheck:
    """The outcome of verifying a bundle: ok only when `problems` is empty."""

    problems: list[str] = field(default_factory=list)
    fingerprint: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    @property
    def file_count(self) -> int:
        """How many payload files the manifest lists."""
        return len(self.manifest.get("files", []))


def verify_bundle(data: bytes, expected_public_key: bytes | None = None) -> BundleCheck:
    """Check a bundle offline: structure, every file's hash, the signature, and optionally the signer."""
    check = BundleCheck()
    members = _read_members(data, check)
    if members is None:
        return check
    names = [name for name, _ in members]
    content = dict(members)
    missing = [name for name in CONTROL if name not in content]
    if missing:
        check.problems.append(f"missing {', '.join(missing)}: not a signed bundle")
        return check
    manifest = _manifest(content[MANIFEST], check)
    if manifest is None:
        return check
    check.manifest = manifest
    _check_files(manifest, names, content, check)
    _check_signature(content, manifest, expected_public_key, check)
    if check.ok and canonical_zip(members) != data:
        check.problems.append("the zip differs from its canonical form: bytes outside the members were changed")
    return check


def _check_name(name: str) -> None:
    if not name or name.startswith("/") or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ValueError(f"unsafe member name {name!r}")


def _read_members(data: bytes, check: BundleCheck) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            duplicates = sorted({n for n in names if names.count(n) > 1})
            if duplicates:
                check.problems.append(f"duplicate members: {', '.join(duplicates)}")
                return None
            return [(info.filename, archive.read(info)) for info in infos]
    except Exception as exc:  # a corrupted zip raises many kinds (BadZipFile, RuntimeError, zlib/struct errors …)
        check.problems.append(f"not a readable zip: {exc.__class__.__name__}: {exc}")
        return None


def _manifest(raw: bytes, check: BundleCheck) -> dict[str, Any] | None:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        check.problems.append(f"{MANIFEST} is not valid JSON: {exc}")
        return None
    if not isinstance(document, dict) or document.get("bundle_format") != BUNDLE_FORMAT:
        check.problems.append(f"{MANIFEST}: unsupported bundle_format")
        return None
    if not isinstance(document.get("files"), list):
        check.problems.append(f"{MANIFEST}: no file list")
        return None
    return document


def _check_files(
    manifest: Mapping[str, Any], names: list[str], content: Mapping[str, bytes], check: BundleCheck
) -> None:
    listed = [str(entry.get("name")) for entry in manifest["files"] if isinstance(entry, dict)]
    expected = [*listed, *CONTROL]
    if names != expected:
        extra = sorted(set(names) - set(expected))
        absent = sorted(set(expected) - set(names))
        detail = f"extra: {extra}; missing: {absent}" if extra or absent else "members are out of order"
        check.problems.append(f"the members differ from the manifest ({detail})")
    for entry in manifest["files"]:
        name = str(entry.get("name"))
        data = content.get(name)
        if data is None:
            continue
        if hashlib.sha256(data).hexdigest() != entry.get("sha256") or len(data) != entry.get("size"):
            check.problems.append(f"{name}: content does not match the manifest (changed after signing)")


def _check_signature(
    content: Mapping[str, bytes], manifest: Mapping[str, Any], expected: bytes | None, check: BundleCheck
) -> None:
    try:
        public = load_public_key(content[PUBLIC_KEY])
        signature = base64.b64decode(content[SIGNATURE].strip(), validate=True)
    except (SigningKeyError, binascii.Error, ValueError) as exc:
        check.problems.append(f"signature material unreadable: {exc}")
        return
    check.fingerprint = fingerprint(public)
    if not verify_signature(public, signature, content[MANIFEST]):
        check.problems.append("the manifest signature is not valid (the manifest or the key was changed)")
    signer = manifest.get("signer")
    if not isinstance(signer, dict) or signer.get("fingerprint") != check.fingerprint:
        check.problems.append("the manifest names a different signer than the enclosed public key")
    if expected is not None:
        try:
            wanted = fingerprint(load_public_key(expected))
        except SigningKeyError as exc:
            check.problems.append(f"the expected public key is unreadable: {exc}")
            return
        if wanted != check.fingerprint:
            check.problems.append(f"signed by {check.fingerprint}, not by the expected key {wanted}")
