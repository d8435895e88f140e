"""`conformance tracker users`: accounts are created from the CLI, scoped, hashed, and can sign in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from conformance.cli.main import cli
from conformance.web import AccountStore, Role


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["tracker", "users", *args], input=stdin)
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    code, output = CliRunner().invoke(cli, ["tracker", "init", "--db", url]).exit_code, ""
    assert code == 0, output
    return url


def test_added_liaison_can_sign_in_with_the_hashed_password(db: str) -> None:
    code, output = run(
        "add",
        "sato",
        "--db",
        db,
        "--role",
        "liaison",
        "--scope",
        "13",
        "--scope",
        "14",
        "--display-name",
        "佐藤",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    assert code == 0, output
    store = AccountStore(create_engine(db))
    principal = store.authenticate("sato", "correct horse battery")
    assert principal is not None and principal.role is Role.LIAISON and principal.scope == ("13", "14")
    assert store.authenticate("sato", "wrong password!") is None
    with create_engine(db).connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM web_users WHERE username = 'sato'")).scalar_one()
    assert "correct horse" not in stored and stored.startswith("$argon2")
    code, output = run("list", "--db", db)
    assert code == 0 and "sato\tliaison\t13 14\t佐藤" in output and "argon2" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "liaison", "--scope", "48"), "not prefecture codes"),
        (("--role", "liaison"), "needs --scope"),
        (("--role", "municipality", "--scope", "131017"), "valid check digit"),
        (("--role", "agency", "--scope", "13"), "give no --scope"),
        (("--role", "vendor", "--scope", "A", "--scope", "B"), "exactly one --scope"),
    ],
)
def test_scopes_that_do_not_fit_the_role_are_refused(db: str, args: tuple[str, ...], message: str) -> None:
    code, output = run("add", "x-user", "--db", db, *args, "--password-stdin", stdin="long enough password\n")
    assert code == 2 and message in output
    store = AccountStore(create_engine(db))
    store.upgrade()
    assert store.get("x-user") is None


def test_short_password_and_duplicate_name_are_refused(db: str) -> None:
    code, output = run(
        "add", "chiyoda", "--db", db, "--role", "municipality", "--scope", "131016", "--password-stdin", stdin="short\n"
    )
    assert code == 2 and "at least 12" in output
    assert run("add", "chiyoda", "--db", db, "--role", "municipality", "--scope", "131016", "--no-password")[0] == 0
    code, output = run("add", "chiyoda", "--db", db, "--role", "agency", "--no-password")
    assert code == 2 and "exists" in output


@pytest.mark.parametrize(
    ("role", "scope", "password", "message"),
    [
        (Role.LIAISON, ("48",), "long enough password", "not prefecture codes"),
        (Role.MUNICIPALITY, ("131017",), "long enough password", "valid check digit"),
        (Role.AGENCY, ("13",), None, "give no --scope"),
        (Role.VENDOR, (), None, "needs --scope"),
        (Role.AGENCY, (), "short", "at least 12"),
    ],
)
def test_the_account_store_itself_refuses_what_the_cli_refuses(
    db: str, role: Role, scope: tuple[str, ...], password: str | None, message: str
) -> None:
    store = AccountStore(create_engine(db))
    store.upgrade()
    with pytest.raises(ValueError, match=message):
        store.add("y-user", role, scope, password=password)
    assert store.get("y-user") is None
