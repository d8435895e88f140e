"""Entry point of the `conformance` command.

Exit codes everywhere: 0 conformant / clean, 1 findings, 2 usage, configuration or unusable input.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import traceback
from pathlib import Path
from types import FrameType
from typing import NoReturn

import click

from conformance import __version__
from conformance.cli.console import EXIT_USAGE, err

# Command name -> "module:attribute". Groups are imported only when invoked, so `conformance specs
# list` does not pay for importing the web app, schemathesis or polars (about 1.5 s per call).
LAZY_COMMANDS: dict[str, str] = {
    "specs": "conformance.cli.specs_cmd:specs",
    "data": "conformance.cli.data_cmd:data",
    "run": "conformance.cli.linkage_cmd:run",
    "reference": "conformance.cli.linkage_cmd:reference",
    "declare": "conformance.cli.evidence_cmd:declare",
    "coverage": "conformance.cli.evidence_cmd:coverage",
    "waiver": "conformance.cli.evidence_cmd:waiver",
    "certify": "conformance.cli.evidence_cmd:certify_cmd",
    "bundle": "conformance.cli.evidence_cmd:bundle_group",
    "report": "conformance.cli.evidence_cmd:report",
    "keys": "conformance.cli.evidence_cmd:keys",
    "impact": "conformance.cli.evidence_cmd:impact",
    "tracker": "conformance.cli.tracker_cmd:tracker",
    "demo": "conformance.cli.demo_cmd:demo",
}
# Subcommands defined outside their group's module: group name -> "module:attribute" of each.
LAZY_SUBCOMMANDS: dict[str, tuple[str, ...]] = {
    "tracker": ("conformance.cli.web_cmd:serve", "conformance.cli.web_cmd:users"),
}


def _load(target: str) -> click.Command:
    module_name, attribute = target.split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use (click's documented lazy-loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            command = _load(LAZY_COMMANDS[cmd_name])
            if isinstance(command, click.Group):
                for sub in LAZY_SUBCOMMANDS.get(cmd_name, ()):
                    command.add_command(_load(sub))
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conformance")
def cli() -> None:
    """Conformance suites and migration tracking for Japan's standardized municipal systems.

    地方公共団体情報システム標準化の適合性確認と移行進捗管理のためのツール。
    """


def _terminated(signum: int, frame: FrameType | None) -> NoReturn:
    err.print("terminated", markup=False)
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point.

    An exception that escapes a command is a bug in the tool, not the user's fault. Its message may
    quote input data (and so personal data), so only its type and where it happened are printed;
    set CONFORMANCE_DEBUG=1 to see the full traceback.

    A TERM signal (`kill`, a scheduler's time limit) unwinds the command like Ctrl-C does, so that its
    clean-up runs (e.g. `data validate` removes its unfinished report and leaves --report-dir as it was).
    """
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = cli(prog_name="conformance", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)  # ctx.exit(n) returns n when click is not in standalone mode
    except click.exceptions.Abort:
        err.print("aborted", markup=False)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("CONFORMANCE_DEBUG"):
            raise
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        err.print(
            f"internal error: {type(exc).__name__} at {where}. This is a bug in conformance; the message is "
            "withheld because it may quote input data. Re-run with CONFORMANCE_DEBUG=1 to see it.",
            markup=False,
        )
        sys.exit(EXIT_USAGE)
