"""Probe before testing: a closed port or a wrong token is verdict error with a hint, exit 2 — never fail."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from conformance.cli.main import cli
from conformance.reference_vendor import BackgroundServer, create_app, free_port

from .support import TOKEN, TOKEN_ENV, business_data


def _profile(tmp_path: Path, base_url: str) -> Path:
    path = tmp_path / "vendor.toml"
    path.write_text(f'[vendor]\nname = "t"\n[target]\nbase_url = "{base_url}"\nfiles = "/files/{{business}}/"\n'
                    f'timeout_seconds = 3\nconnect_timeout_seconds = 1\n[auth]\ntype = "bearer"\n'
                    f'token_env = "{TOKEN_ENV}"\n[[businesses]]\nslug = "national-pension"\nspec_version = "2.0"\n',
                    encoding="utf-8")
    return path


def _run(tmp_path: Path, profile: Path) -> tuple[int, str, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["run", "--vendor", str(profile), "--report-dir", str(tmp_path / "r"),
                                      "--no-store", "--no-generated"])
    report = json.loads((tmp_path / "r" / "run.json").read_text(encoding="utf-8"))
    return result.exit_code, result.output, report


def test_closed_port_is_error_with_hint(tmp_path: Path) -> None:
    os.environ[TOKEN_ENV] = TOKEN
    code, output, report = _run(tmp_path, _profile(tmp_path, f"http://127.0.0.1:{free_port()}"))
    assert code == 2
    assert "hint" in output.lower()
    assert "fail" not in {c["verdict"] for r in report["runs"] for c in r["cases"]} | set()


def test_wrong_token_is_error_with_hint(tmp_path: Path) -> None:
    os.environ[TOKEN_ENV] = "not-the-token"
    app = create_app([business_data("national-pension")], token=TOKEN)
    with BackgroundServer(app) as server:
        code, output, report = _run(tmp_path, _profile(tmp_path, server.base_url))
    os.environ[TOKEN_ENV] = TOKEN
    assert code == 2
    assert "auth.token_env" in output
    assert "not-the-token" not in output
    verdicts = {c["verdict"] for r in report["runs"] for c in r["cases"]}
    assert verdicts == {"error"}


def test_reference_run_writes_reports_and_exits_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--vendor", "reference", "--business", "national-pension",
                                      "--report-dir", str(tmp_path / "r"), "--db", f"sqlite:///{tmp_path}/c.db",
                                      "--no-generated"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "junit.xml").is_file()
    assert (tmp_path / "c.db").is_file()
