"""Entry point of the `conformance` command.

Exit codes everywhere: 0 conformant / clean, 1 findings, 2 usage, configuration or unusable input.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from conformance import __version__
from conformance.cli.console import EXIT_USAGE, err
from conformance.cli.data_cmd import data
from conformance.cli.demo_cmd import demo
from conformance.cli.evidence_cmd import bundle_group, certify_cmd, coverage, declare, impact, keys, report, waiver
from conformance.cli.linkage_cmd import reference, run
from conformance.cli.specs_cmd import specs
from conformance.cli.tracker_cmd import tracker
from conformance.cli.web_cmd import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conformance")
def cli() -> None:
    """Conformance suites and migration tracking for Japan's standardized municipal systems.

    地方公共団体情報システム標準化の適合性確認と移行進捗管理のためのツール。
    """


cli.add_command(specs)
cli.add_command(declare)
cli.add_command(coverage)
cli.add_command(waiver)
cli.add_command(certify_cmd)
cli.add_command(bundle_group)
cli.add_command(report)
cli.add_command(keys)
cli.add_command(impact)
cli.add_command(data)
cli.add_command(tracker)
tracker.add_command(serve)
cli.add_command(run)
cli.add_command(reference)


cli.add_command(demo)


def main() -> None:
    """Console-script entry point.

    An exception that escapes a command is a bug in the tool, not the user's fault. Its message may
    quote input data (and so personal data), so only its type and where it happened are printed;
    set CONFORMANCE_DEBUG=1 to see the full traceback.
    """
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
