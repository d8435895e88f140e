"""`conformance tracker serve`: the liaison and agency dashboard on a local port (uvicorn)."""

from __future__ import annotations

import os
import secrets
import socket
import sys

import click

from conformance.cli.console import err, fail_usage, out
from conformance.cli.tracker_cmd import db_option
from conformance.storage import safe_url
from conformance.tracker import TrackerService

ROLES = ("agency", "liaison", "municipality", "vendor")  # conformance.web.Role, without importing the web app


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        fail_usage(f"cannot listen on {host}:{port}: {error.strerror}")
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _seed_demo(service: TrackerService, prefectures: tuple[str, ...]) -> None:
    service.init()
    if service.is_empty():
        out.print("loading the synthetic demo data set (合成データ) …")
        service.init(demo=True, prefectures=prefectures or None)


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0 = any free port)."
)
@click.option("--demo", is_flag=True, help="Seed the synthetic demo data (if the database is empty) and demo accounts.")
@click.option(
    "--demo-prefecture",
    "demo_prefectures",
    multiple=True,
    help="With --demo: only these prefectures (e.g. 13); default every body.",
)
@click.option(
    "--secret-key",
    envvar="CONFORMANCE_WEB_SECRET",
    default=None,
    help="Signs sessions and CSRF tokens (env CONFORMANCE_WEB_SECRET); random per process when unset.",
)
@click.option(
    "--auth",
    "auth_mode",
    type=click.Choice(["password", "proxy-header"]),
    default="password",
    show_default=True,
    help="Sign-in form with hashed passwords, or a trusted reverse-proxy header.",
)
@click.option("--proxy-header", default="X-Remote-User", show_default=True, help="Header carrying the user name.")
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    default=("127.0.0.1", "::1"),
    show_default=True,
    help="Addresses whose proxy header is trusted.",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True, help="Default language.")
def serve(
    db_url: str,
    host: str,
    port: int,
    demo: bool,
    demo_prefectures: tuple[str, ...],
    secret_key: str | None,
    auth_mode: str,
    proxy_header: str,
    trusted_proxies: tuple[str, ...],
    lang: str,
) -> None:
    """Serve the dashboard (ダッシュボード) over the tracker database; prints its URL."""
    import uvicorn

    from conformance.web import DEMO_ACCOUNTS, AccountStore, Settings, create_app

    try:
        service = TrackerService.from_url(db_url)
        if demo:
            _seed_demo(service, demo_prefectures)
        else:
            service.upgrade()
        accounts = AccountStore(service.store.engine)
        accounts.upgrade()
        if demo:
            accounts.create_demo_accounts()
    except Exception as error:
        fail_usage(f"database {safe_url(db_url)}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
    if secret_key is None:
        secret_key = secrets.token_urlsafe(32)
        err.print("note: no --secret-key / CONFORMANCE_WEB_SECRET; sessions end when the server stops", markup=False)
    settings = Settings(
        db_url=db_url,
        secret_key=secret_key,
        auth_mode="proxy-header" if auth_mode == "proxy-header" else "password",
        proxy_header=proxy_header,
        trusted_proxies=frozenset(trusted_proxies),
        default_lang=lang,
    )
    app = create_app(settings, service)
    sock = _bind(host, port)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{sock.getsockname()[1]}/"
    if demo:
        out.print("demo accounts (DEMO ONLY — synthetic data, never reuse these passwords):", markup=False)
        for account in DEMO_ACCOUNTS:
            out.print(
                f"  {account.username} / {account.password}  ({account.role.value} {' '.join(account.scope)})",
                markup=False,
            )
    out.print(f"dashboard: {url}", markup=False)
    server = uvicorn.Server(uvicorn.Config(app, log_level=os.environ.get("CONFORMANCE_WEB_LOG", "warning")))
    server.run(sockets=[sock])


@click.group()
def users() -> None:
    """Dashboard accounts (利用者): who may sign in, with which role and scope."""


@users.command("add")
@click.argument("username")
@db_option
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    help="liaison: prefecture code(s) such as 13; municipality: its 6-digit body code; vendor: its name.",
)
@click.option("--display-name", default="", help="Name shown in the dashboard.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.option(
    "--no-password", is_flag=True, help="No password: the user signs in through the trusted proxy header only."
)
def add_user(
    username: str,
    db_url: str,
    role: str,
    scopes: tuple[str, ...],
    display_name: str,
    password_stdin: bool,
    no_password: bool,
) -> None:
    """Create an account. The password is prompted for (hidden) or read from stdin, never taken as an argument."""
    from conformance.web import AccountStore, Role, password_problem, scope_problem

    chosen = Role(role)
    problem = scope_problem(chosen, scopes)  # AccountStore.add's rule, asked before prompting for a password
    if problem:
        fail_usage(problem)
    password: str | None = None
    if password_stdin:
        password = str(sys.stdin.readline()).rstrip("\r\n")
    elif not no_password:
        password = str(click.prompt("password", hide_input=True, confirmation_prompt=True))
    problem = password_problem(password)  # likewise, before the database is opened
    if problem:
        fail_usage(problem)
    store = AccountStore(TrackerService.from_url(db_url).store.engine)
    store.upgrade()
    try:
        principal = store.add(username, chosen, scopes, password=password, display_name=display_name)
    except ValueError as exc:
        fail_usage(str(exc))
    out.print(
        f"added {principal.username} ({principal.role.value} {' '.join(principal.scope)}) to {safe_url(db_url)}",
        markup=False,
    )


@users.command("list")
@db_option
def list_users(db_url: str) -> None:
    """List the accounts (names, roles, scopes; never passwords)."""
    from conformance.web import AccountStore

    store = AccountStore(TrackerService.from_url(db_url).store.engine)
    store.upgrade()
    for principal in store.all():  # plain tab-separated lines, for scripts
        click.echo(
            "\t".join((principal.username, principal.role.value, " ".join(principal.scope), principal.display_name))
        )

