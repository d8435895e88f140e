"""Where the specs live: the one rule every command follows to find them.

Order: an explicit directory (`--specs-dir`), then `$CONFORMANCE_SPECS_DIR`, then the `specs/` folder of a
source checkout (editable install), then the copy bundled into the installed package.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CONFORMANCE_SPECS_DIR"


def resolve_specs_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The specs directory a command reads: `explicit` when given, else the default of `default_specs_dir`."""
    if explicit:
        return Path(explicit)
    return default_specs_dir()


def default_specs_dir() -> Path:
    """The specs directory to use when none is given: $CONFORMANCE_SPECS_DIR, the checkout's, or the bundled."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "specs"
    if (checkout / "common").is_dir():
        return checkout
    return package / "_bundled" / "specs"


def schema_path() -> Path:
    """The bundled JSON Schema of the spec format."""
    return Path(__file__).resolve().parent / "schema" / "spec.schema.json"
