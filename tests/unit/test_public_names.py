"""Packages are used through their public names: what `__all__` lists resolves, `conformance.specs` stays light
to import, and no other package of `conformance` reaches past an `__init__` into these packages' modules."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "conformance"
# every package is used only through its __init__, but conformance.domain, whose modules are each public vocabulary
OPEN_PACKAGES = {"domain"}
THROUGH_INIT = tuple(sorted(path.name for path in PACKAGE.iterdir()
                            if (path / "__init__.py").is_file() and path.name not in OPEN_PACKAGES))


@pytest.mark.parametrize("name", THROUGH_INIT)
def test_every_public_name_resolves(name: str) -> None:
    package = importlib.import_module(f"conformance.{name}")
    assert isinstance(getattr(package, "__all__", None), list | tuple), f"conformance.{name} declares no __all__"
    missing = [public for public in package.__all__ if not hasattr(package, public)]
    assert not missing, f"conformance.{name}.__all__ names what it does not hold: {missing}"
    assert sorted(package.__all__) == sorted(set(package.__all__))


def test_importing_the_specs_package_loads_no_parser() -> None:
    probe = ("import sys, conformance.specs; "
             "print(sorted(m for m in ('yaml', 'jsonschema', 'openpyxl') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _module_imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def test_other_packages_import_only_the_public_names() -> None:
    modules = {".".join(("conformance", *path.relative_to(PACKAGE).with_suffix("").parts)) for name in THROUGH_INIT
               for path in (PACKAGE / name).rglob("*.py") if path.stem != "__init__"}  # subpackages' modules too
    reached = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) == 1:
            continue  # conformance/__main__.py is an entry point, like the console script conformance.cli.main:main
        owner = parts[0]
        for line, imported in _module_imports(path):
            if imported in modules and imported.split(".")[1] != owner:
                reached.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {imported}")
    assert not reached, "import the package's public names instead:\n" + "\n".join(reached)
