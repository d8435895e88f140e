"""The liaison and agency dashboard (Web UI + JSON API) over the migration tracker.

Public API: `create_app(settings)` builds the FastAPI application; `Settings` configures it;
`AccountStore`, `Role`, `DEMO_ACCOUNTS` manage who may sign in and what they may see.
"""

from __future__ import annotations

from conformance.web.accounts import DEMO_ACCOUNTS, AccountStore, Principal, Role, password_problem, scope_problem
from conformance.web.app import create_app
from conformance.web.settings import Settings

__all__ = [
    "DEMO_ACCOUNTS",
    "AccountStore",
    "Principal",
    "Role",
    "Settings",
    "create_app",
    "password_problem",
    "scope_problem",
]
