"""`conformance keys`: the Ed25519 signing keys of evidence bundles. Exit 2 when a key would be overwritten."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.cli.console import err, fail_usage
from conformance.evidence import SigningKeyError, generate_keypair


@click.group()
def keys() -> None:
    """Signing keys for evidence bundles (Ed25519)."""


@keys.command("generate")
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False, path_type=Path))
def keys_generate(folder: Path) -> None:
    """Write signing-key.pem (0600) and signing-key.pub.pem into a folder."""
    try:
        private, public = generate_keypair(folder)
    except SigningKeyError as exc:
        fail_usage(str(exc))
    err.print(f"wrote {private} (keep secret) and {public}", markup=False)
