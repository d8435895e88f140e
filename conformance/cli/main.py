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
    "declare": "conformance.cli.declare_cmd:declare",
    "coverage": "conformance.cli.coverage_cmd:coverage",
    "waiver": "conformance.cli.waiver_cmd:waiver",
    "certify": "conformance.cli.certify_cmd:certify_cmd",
    "bundle": "conformance.cli.certify_cmd:bundle_group",
    "report": "conformance.cli.report_cmd:report",
    "keys": "conformance.cli.keys_cmd:keys",
    "impact": "conformance.cli.impact_cmd:impact",
    "tracker": "conformance.cli.tracker_cmd:tracker",
    "demo": "conformance.cli.demo_cmd:demo",
}
# The first paragraph of each lazy command's help, so that `conformance --help` lists the commands without
# importing them (about 1 s here); tests/unit/test_cli_entry.py holds each to the command's own help.
SHORT_HELP: dict[str, str] = {
    "specs": "Machine-readable standard specifications (標準仕様書).",
    "data": "Migration data (移行データ): validate against the basic data list, generate synthetic data.",
    "run": "Run the linkage conformance suites against a vendor (連携機能の適合性確認).",
    "reference": "The reference vendor (参照実装ベンダー): a conformant linkage API and file drop over synthetic data.",
    "declare": "Functional self-declaration (機能要件の実装状況の申告).",
    "coverage": "Requirement coverage matrix (要件カバレッジ): method, check families, cases, verdict.",
    "waiver": "Waivers (適用除外): a justified, approved, expiring exception for one failing case.",
    "certify": "Certification status per business; with --out, build the signed package (refused unless conformant).",
    "bundle": "Signed evidence bundles (証跡パッケージ).",
    "report": "Reports from finished runs: render, diff, import into and list the result store.",
    "keys": "Signing keys for evidence bundles (Ed25519).",
    "impact": "Which certified products must re-test which requirements when SLUG moves to a new spec version.",
    "tracker": "Migration tracker: every body × business × 40 steps (移行進捗管理).",
    "demo": ("Run the demo on the embedded defaults (デモ実行): specs, data, tracker, linkage, certification, "
             "dashboard."),
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of the help page, as click writes it, with the short help of commands not yet
        imported taken from `SHORT_HELP` instead of importing them."""
        entries: list[tuple[str, click.Command | None]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name) or (None if name in SHORT_HELP else self.get_command(ctx, name))
            if (command is None and name not in SHORT_HELP) or (command is not None and command.hidden):
                continue
            entries.append((name, command))
        if not entries:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in entries)
        # a command not imported yet is shortened by click's own rule, through a stand-in holding its help
        rows = [(name, (command or click.Command(name, help=SHORT_HELP[name])).get_short_help_str(limit))
                for name, command in entries]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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
