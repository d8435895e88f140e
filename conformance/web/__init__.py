"""The liaison and agency dashboard (Web UI + JSON API) over the migration tracker.

Public API (what the CLI, the benchmarks and the tests use; import it from here): `create_app(settings)`
builds the FastAPI application; `Settings` configures it; `AccountStore`, `Principal`, `Role`,
`DEMO_ACCOUNTS` manage who may sign in and what they may see, under the rules `scope_problem` and
`password_problem`; `issue_session`, `SESSION_COOKIE` and `CSRF_COOKIE` make and name the signed cookies
(for clients that sign in without the form, such as load tests).
"""

from __future__ import annotations

from conformance.web.accounts import DEMO_ACCOUNTS, AccountStore, Principal, Role, password_problem, scope_problem
from conformance.web.app import create_app
from conformance.web.settings import Settings
from conformance.web.tokens import CSRF_COOKIE, SESSION_COOKIE, issue_session

__all__ = [
    "CSRF_COOKIE",
    "DEMO_ACCOUNTS",
    "SESSION_COOKIE",
    "AccountStore",
    "Principal",
    "Role",
    "Settings",
    "create_app",
    "issue_session",
    "password_problem",
    "scope_problem",
]
