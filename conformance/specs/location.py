"""Where the specs live: an explicit directory, the checkout's `specs/`, or the copy in the wheel."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CONFORMANCE_SPECS_DIR"


def default_specs_dir() -> Path:
    """The specs directory to use when none is given.

    Order: $CONFORMANCE_SPECS_DIR, the `specs/` folder of a source checkout (editable install),
    then the copy bundled into the installed package.
    """
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
