"""The console entry point: exit codes, and no traceback or input data on an internal error."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from conformance.cli import main as entry


def run_main(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> int:
    monkeypatch.setattr(sys, "argv", ["conformance", *argv])
    with pytest.raises(SystemExit) as exited:
        entry.main()
        raise SystemExit(0)
    return int(exited.value.code or 0)


def test_ctx_exit_code_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    @click.command("exit-three")
    @click.pass_context
    def exit_three(ctx: click.Context) -> None:
        ctx.exit(3)

    entry.cli.add_command(exit_three)
    try:
        assert run_main(monkeypatch, ["exit-three"]) == 3
    finally:
        entry.cli.commands.pop("exit-three")


def test_internal_error_withholds_the_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    @click.command("boom")
    def boom() -> None:
        raise ValueError("山田太郎 1990-01-01 983205673214")

    entry.cli.add_command(boom)
    monkeypatch.delenv("CONFORMANCE_DEBUG", raising=False)
    try:
        assert run_main(monkeypatch, ["boom"]) == 2
    finally:
        entry.cli.commands.pop("boom")
    captured = capsys.readouterr()
    assert "internal error: ValueError" in captured.err
    assert "山田" not in captured.err + captured.out
    assert "983205673214" not in captured.err + captured.out
    assert "Traceback" not in captured.err


def test_unknown_command_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "conformance", "no-such-command"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "No such command" in done.stderr


@pytest.mark.parametrize("name", sorted(entry.LAZY_COMMANDS))
def test_short_help_table_matches_each_command(name: str) -> None:
    command = entry._load(entry.LAZY_COMMANDS[name])
    for limit in (30, 45, 80, 300):
        stand_in = click.Command(name, help=entry.SHORT_HELP[name])
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit)


def test_short_help_table_covers_exactly_the_lazy_commands() -> None:
    assert set(entry.SHORT_HELP) == set(entry.LAZY_COMMANDS)


def test_help_lists_every_command_without_importing_them() -> None:
    probe = ("import sys; from conformance.cli.main import cli; "
             "cli.main(['--help'], prog_name='conformance', standalone_mode=False); "
             "print(sorted(m for m in sys.modules if m.endswith('_cmd')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    *page, imported = done.stdout.strip().splitlines()
    assert imported == "[]"
    listed = "\n".join(page)
    for name in entry.LAZY_COMMANDS:
        assert f"  {name} " in listed
    assert "Migration tracker: every body × business × 40 steps (移行進捗管理)." in listed
