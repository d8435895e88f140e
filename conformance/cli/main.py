"""Entry point of the `conformance` command.

Exit codes everywhere: 0 conformant / clean, 1 findings, 2 usage, configuration or unusable input.
"""

from __future__ import annotations

import click

from conformance import __version__
from conformance.cli.specs_cmd import specs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conformance")
def cli() -> None:
    """Conformance suites and migration tracking for Japan's standardized municipal systems.

    地方公共団体情報システム標準化の適合性確認と移行進捗管理のためのツール。
    """


cli.add_command(specs)


@cli.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Run the demo on the embedded defaults (デモ実行): load every spec and print the catalogue."""
    from conformance.cli.specs_cmd import list_specs

    ctx.invoke(list_specs, as_json=False, specs_dir=None)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="conformance")
