"""Receipts for spec documents that passed the JSON Schema, so that loading the same bytes again skips it.

Most commands load a spec, and checking it against the bundled JSON Schema is most of that: importing
jsonschema (≈ 0.3 s) and validating (≈ 0.2 s for one business and the common files), where reading the
YAML takes less. A document that passed is recorded as an empty file named by the SHA-256 of everything
the result depends on: this package's version, the schema's bytes, the schema definition checked against
and the bytes of every YAML file the document was read from. Changing any of them changes the name, so a
receipt can only vouch for exactly what passed; problems are never recorded (a failing spec is checked,
and explained, every time).

The receipts live in ``$CONFORMANCE_CACHE_DIR`` (default ``$XDG_CACHE_HOME/conformance`` or
``~/.cache/conformance``) under ``spec-schema/``. Setting ``CONFORMANCE_CACHE_DIR`` to an empty string
turns receipts off, as does a user without a home folder. A folder that cannot be read, created or written
only costs the time saved: nothing fails.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from conformance import __version__

ENV_VAR = "CONFORMANCE_CACHE_DIR"
FOLDER = "spec-schema"


def cache_dir() -> Path | None:
    """The user's cache folder for conformance, or None when receipts are turned off."""
    override = os.environ.get(ENV_VAR)
    if override is not None:
        return Path(override) if override else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no password entry (e.g. an arbitrary container user)
            return None
    return Path(base) / "conformance"


def receipt_key(schema_digest: str, definition: str | None, file_digests: Iterable[str]) -> str:
    """The name of the receipt for a document read from files with `file_digests` (SHA-256 of their bytes),
    checked against `definition` (None: the whole-spec schema) of the schema with `schema_digest`."""
    parts = [__version__, schema_digest, definition or "", *sorted(file_digests)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _receipt(key: str) -> Path | None:
    folder = cache_dir()
    return folder / FOLDER / key if folder is not None else None


def has_passed(key: str) -> bool:
    """True when a document with this key passed the schema before."""
    receipt = _receipt(key)
    try:
        return receipt is not None and receipt.is_file()
    except OSError:  # e.g. no permission to look, or a path too long: check the schema instead
        return False


def record_pass(key: str) -> None:
    """Remember that the document with this key passed (silently skipped if the folder cannot be written)."""
    receipt = _receipt(key)
    if receipt is None:
        return
    try:
        receipt.parent.mkdir(parents=True, exist_ok=True)
        receipt.touch()
    except OSError:
        return
