"""Dashboard accounts: role + scope per user, argon2 password hashes, and the demo accounts.

Roles: ``agency`` (everything), ``liaison`` (scope = prefecture codes), ``municipality`` (scope = one
6-digit body code), ``vendor`` (scope = one 製品ベンダ name). `AccountStore.add` refuses a scope that
does not fit its role and a password shorter than `MIN_PASSWORD_LENGTH` (`scope_problem`,
`password_problem`: the same rules for the CLI and the dashboard). The only SQL of the dashboard's own
tables lives here; migrations use the separate version table ``web_alembic_version``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select

from conformance.domain.identifiers import is_valid_lg_code
from conformance.municipalities import body_index
from conformance.storage import upgrade_schema
from conformance.web.schema import users

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIN_PASSWORD_LENGTH = 12


class Role(StrEnum):
    """What a user may see."""

    AGENCY = "agency"
    LIAISON = "liaison"
    MUNICIPALITY = "municipality"
    VENDOR = "vendor"


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user: name, role and scope (prefecture codes, a body code, or a vendor name)."""

    username: str
    display_name: str
    role: Role
    scope: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo-only account (published in the README; never use these passwords elsewhere)."""

    username: str
    password: str
    display_name: str
    role: Role
    scope: tuple[str, ...]


def scope_problem(role: Role, scope: tuple[str, ...]) -> str | None:
    """Why a scope does not fit its role, or None: prefecture codes 01–47 for a liaison, one listed body code
    with a valid check digit for a municipality, one vendor name for a vendor, nothing for the agency."""
    if role is Role.AGENCY:
        return "an agency account sees everything: give no --scope" if scope else None
    if not scope:
        return f"a {role.value} account needs --scope"
    if role is Role.LIAISON:
        bad = [s for s in scope if not (len(s) == 2 and s.isascii() and s.isdigit() and 1 <= int(s) <= 47)]
        return f"not prefecture codes (01–47): {', '.join(bad)}" if bad else None
    if len(scope) != 1:
        return f"a {role.value} account has exactly one --scope"
    return _body_problem(scope[0]) if role is Role.MUNICIPALITY else None


def _body_problem(code: str) -> str | None:
    if not is_valid_lg_code(code):
        return f"{code} is not a 6-digit local-government code with a valid check digit"
    return None if code in body_index() else f"{code} is not a body in the municipality list"


def password_problem(password: str | None) -> str | None:
    """Why a password is refused (shorter than `MIN_PASSWORD_LENGTH`), or None; None means no password at all."""
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    return None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("agency", "demo-agency-2025", "デジタル庁（デモ）", Role.AGENCY, ()),
    DemoAccount("liaison", "demo-liaison-2025", "標準化リエゾン 東京・神奈川（デモ）", Role.LIAISON, ("13", "14")),
    DemoAccount("chiyoda", "demo-city-2025", "千代田区（デモ）", Role.MUNICIPALITY, ("131016",)),
    DemoAccount("vendor-a", "demo-vendor-2025", "合成ベンダーA（デモ）", Role.VENDOR, ("合成ベンダーA",)),
)


class AccountStore:
    """Users in the ``web_users`` table of the tracker database."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None, *, cache_seconds: float = 10.0) -> None:
        self.engine = engine
        self._hasher = hasher or PasswordHasher()
        self._cache_seconds = cache_seconds
        self._recent: dict[str, tuple[float, Principal | None]] = {}

    def upgrade(self) -> None:
        """Create or upgrade the dashboard tables (its own Alembic version table)."""
        upgrade_schema(self.engine, MIGRATIONS)

    def add(
        self, username: str, role: Role, scope: tuple[str, ...], *, password: str | None, display_name: str = ""
    ) -> Principal:
        """Create a user (password None: proxy-header sign-in only).

        Raises:
            ValueError: the scope does not fit the role, the password is too short, or the name is taken.
        """
        problem = scope_problem(role, scope) or password_problem(password)
        if problem:
            raise ValueError(problem)
        if self.get(username) is not None:
            raise ValueError(f"user {username!r} exists")
        hashed = self._hasher.hash(password) if password is not None else None
        with self.engine.begin() as conn:
            conn.execute(
                users.insert().values(
                    username=username,
                    display_name=display_name or username,
                    password_hash=hashed,
                    role=role.value,
                    scope=json.dumps(list(scope), ensure_ascii=False),
                    created_at=datetime.now(UTC),
                )
            )
        return Principal(username, display_name or username, role, scope)

    def get(self, username: str) -> Principal | None:
        """The user with this name, or None (remembered for `cache_seconds`: role changes apply after that)."""
        now = time.monotonic()
        known = self._recent.get(username)
        if known is not None and known[0] > now:
            return known[1]
        row = self._row(username)
        principal = None if row is None else row[0]
        if principal is not None:
            if len(self._recent) > 10_000:
                self._recent.clear()
            self._recent[username] = (now + self._cache_seconds, principal)
        return principal

    def authenticate(self, username: str, password: str) -> Principal | None:
        """The user when the password matches its argon2 hash; None otherwise (same answer for unknown names)."""
        row = self._row(username)
        if row is None or row[1] is None:
            self._hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            self._hasher.verify(row[1], password)
        except (VerificationError, InvalidHashError):
            return None
        return row[0]

    def _row(self, username: str) -> tuple[Principal, str | None] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.username == username)).mappings().first()
        if row is None:
            return None
        principal = Principal(row["username"], row["display_name"], Role(row["role"]), tuple(json.loads(row["scope"])))
        return principal, row["password_hash"]

    def all(self) -> list[Principal]:
        """Every user, by name (no password hashes)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(users).order_by(users.c.username)).mappings().all()
        return [
            Principal(r["username"], r["display_name"], Role(r["role"]), tuple(json.loads(r["scope"]))) for r in rows
        ]

    def create_demo_accounts(self) -> list[DemoAccount]:
        """Add the demo accounts that do not exist yet; returns those added."""
        added: list[DemoAccount] = []
        for account in DEMO_ACCOUNTS:
            if self.get(account.username) is None:
                self.add(
                    account.username,
                    account.role,
                    account.scope,
                    password=account.password,
                    display_name=account.display_name,
                )
                added.append(account)
        return added
