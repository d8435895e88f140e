"""Ed25519 keys for signing evidence bundles: generate, load, fingerprint, sign, verify."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PRIVATE_FILE = "signing-key.pem"
PUBLIC_FILE = "signing-key.pub.pem"
ENV_VAR = "CONFORMANCE_SIGNING_KEY"


class SigningKeyError(Exception):
    """A key file is missing, unreadable or not an Ed25519 key."""


def generate_keypair(folder: Path) -> tuple[Path, Path]:
    """Write a new private key (PEM, mode 0600) and its public key into `folder`; refuse to overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    private_path, public_path = folder / PRIVATE_FILE, folder / PUBLIC_FILE
    if private_path.exists() or public_path.exists():
        raise SigningKeyError(f"{folder}: a signing key already exists; refusing to overwrite it")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    public_path.write_bytes(public_pem(key.public_key()))
    return private_path, public_path


def signing_key_path(path: Path | None) -> Path | None:
    """The private key file to sign with: `path` when given, else the file $CONFORMANCE_SIGNING_KEY names."""
    if path is not None:
        return path
    named = os.environ.get(ENV_VAR)
    return Path(named) if named else None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in the PEM file at `path`."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"{path}: cannot read the signing key ({exc.__class__.__name__})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """The Ed25519 public key in `pem`."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"not a PEM public key ({exc.__class__.__name__})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError("not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    """The PEM (SubjectPublicKeyInfo) form of a public key."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PublicKey) -> str:
    """``SHA256:<hex>`` of the raw 32-byte public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def verify_signature(key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    """True when `signature` is `key`'s signature of `message`."""
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True
