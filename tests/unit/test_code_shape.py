"""The shape the code keeps (issue 16): short, simple functions and no import cycle.

- No function is longer than 60 lines or has a cyclomatic complexity (radon's measure) above 15; Alembic
  migrations are exempt (they are data written as code).
(That packages are used through their public names is tests/unit/test_public_names.py.)
- There is no import cycle inside the package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parents[2] / "conformance"
MAX_LINES = 60
MAX_COMPLEXITY = 15


def _sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_is_longer_than_60_lines() -> None:
    long = [f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
            for path in _sources() for node in _functions(ast.parse(path.read_text(encoding="utf-8")))
            if node.end_lineno is not None and node.end_lineno - node.lineno + 1 > MAX_LINES]
    assert long == []


def test_no_function_is_more_complex_than_15() -> None:
    complex_ = [f"{path.relative_to(PACKAGE.parent)}:{block.lineno} {block.fullname} ({block.complexity})"
                for path in _sources() for block in cc_visit(path.read_text(encoding="utf-8"))
                if block.complexity > MAX_COMPLEXITY]
    assert complex_ == []


def test_there_is_no_import_cycle() -> None:
    graph = grimp.build_graph("conformance", include_external_packages=False)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(imported=module, importer=imported):
                cycles.append(f"{module} ⇄ {imported}")
    assert cycles == []


def test_the_architecture_map_names_every_module() -> None:
    """ARCHITECTURE.md's "Where things are" names every module in its package's row, so a newcomer finds it."""
    rows = [line for line in (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `conformance/")]
    unnamed = []
    for path in _sources():
        if path.name in ("__init__.py", "__main__.py"):
            continue
        package = f"`conformance/{path.relative_to(PACKAGE).parts[0]}/"
        if not any(line.startswith(f"| {package}") and path.stem in line for line in rows):
            unnamed.append(str(path.relative_to(PACKAGE.parent)))
    assert unnamed == []
