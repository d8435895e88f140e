"""The environment recorded in an evidence bundle: an allow-list only, never environment variables.

Recorded: tool version, Python version and implementation, OS name/release/machine, and the
versions of an allow-listed set of packages. Not recorded: host names, user names, paths,
environment variables (a vendor profile names its secrets by variable; their values never leave).
"""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

PACKAGES = (
    "conformance",
    "click",
    "rich",
    "PyYAML",
    "jsonschema",
    "openapi-spec-validator",
    "openpyxl",
    "SQLAlchemy",
    "alembic",
    "polars",
    "pyarrow",
    "Jinja2",
    "cryptography",
    "psycopg",
)


def environment_info(tool_version: str) -> dict[str, Any]:
    """The allow-listed description of the machine and software that built a bundle."""
    return {
        "tool": {"name": "conformance", "version": tool_version},
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation()},
        "os": {"system": platform.system(), "release": platform.release(), "machine": platform.machine()},
        "packages": {name: _version(name) for name in PACKAGES},
    }


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
