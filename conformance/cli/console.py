"""Console output shared by the commands: one rich Console for results, one for diagnostics."""

from __future__ import annotations

import sys
from typing import NoReturn

from rich.console import Console
from rich.markup import escape

from conformance.specs import SpecLoadError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail_usage(message: str) -> NoReturn:
    """Print a usage/configuration error and exit 2."""
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True)  # the message may quote user input: "[x].csv"
    sys.exit(EXIT_USAGE)


def fail_spec(error: SpecLoadError) -> NoReturn:
    """Print every problem of a spec that could not be loaded, and exit 2."""
    err.print("[bold red]error:[/] the spec could not be loaded:", markup=True)
    for problem in error.problems:
        err.print(f"  {problem.render()}", markup=False)
    sys.exit(EXIT_USAGE)
