"""Project sessions: `nox` runs lint, typing, contracts and tests (what CI runs).

nox -s tests        pytest (SQLite always; PostgreSQL when reachable at 127.0.0.1:5432)
nox -s lint         ruff
nox -s typing       mypy --strict
nox -s contracts    import-linter layer contracts
nox -s demo         the README demo
nox -s benchmarks   the benchmarks in benchmarks/ (slow; prints numbers and the machine)
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typing", "contracts", "tests"]
nox.options.reuse_existing_virtualenvs = True
# uv builds each session's environment in seconds where pip takes minutes (CI installs it beside nox);
# without uv, nox falls back to virtualenv and pip
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = False


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check (lint rules; formatting is not enforced: the code aligns continuation lines by hand)."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", "conformance", "tests", "benchmarks", "tools", "noxfile.py")


@nox.session
def typing(session: nox.Session) -> None:
    """mypy in strict mode over the package."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def contracts(session: nox.Session) -> None:
    """The layer contracts of ARCHITECTURE.md, enforced by import-linter."""
    session.install("-e", ".", "import-linter>=2.1")
    session.run("lint-imports")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, on every core (pytest-xdist): one worker per core, each test file kept on one
    worker so that a module's fixtures (the demo, a generated delivery) are built once."""
    session.install("-e", ".[test]")
    session.run("pytest", "-n", "auto", "--dist", "loadfile", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """The README demo on the embedded defaults."""
    session.install("-e", ".")
    session.run("conformance", "demo")


@nox.session
def benchmarks(session: nox.Session) -> None:
    """Every benchmark in benchmarks/ (not part of CI)."""
    session.install("-e", ".[test,bench]")
    for script in sorted(__import__("pathlib").Path("benchmarks").glob("*.py")):
        session.run("python", str(script), *session.posargs)
