"""`conformance tracker serve` is registered with its options (serving is covered by the browser tests)."""

from __future__ import annotations

from click.testing import CliRunner

from conformance.cli.main import cli


def test_serve_is_a_tracker_command() -> None:
    result = CliRunner().invoke(cli, ["tracker", "serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--demo", "--auth", "--trusted-proxy"):
        assert option in result.output
