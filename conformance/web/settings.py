"""The dashboard's settings: one frozen object handed to `create_app` (nothing read at import time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AuthMode = Literal["password", "proxy-header"]
LANGUAGES = ("ja", "en")


@dataclass(frozen=True, slots=True)
class Settings:
    """How one dashboard process runs.

    Attributes:
        db_url: SQLAlchemy URL of the tracker database (the dashboard's own tables live there too).
        secret_key: signs session cookies and CSRF tokens; keep it secret and stable across restarts.
        auth_mode: ``password`` (sign-in form, argon2 hashes) or ``proxy-header`` (a trusted reverse
            proxy authenticates and passes the user name in `proxy_header`).
        proxy_header: the header carrying the signed-in user name in proxy-header mode.
        trusted_proxies: client addresses whose `proxy_header` is believed; from anyone else it is ignored.
        default_lang: ``ja`` (default) or ``en``.
        secure_cookies: mark cookies ``Secure`` (set behind HTTPS).
        session_hours: how long a sign-in lasts.
    """

    db_url: str
    secret_key: str
    auth_mode: AuthMode = "password"
    proxy_header: str = "X-Remote-User"
    trusted_proxies: frozenset[str] = field(default_factory=lambda: frozenset({"127.0.0.1", "::1"}))
    default_lang: str = "ja"
    secure_cookies: bool = False
    session_hours: int = 12

    def __post_init__(self) -> None:
        if len(self.secret_key) < 16:
            raise ValueError("secret_key must be at least 16 characters")
        if self.default_lang not in LANGUAGES:
            raise ValueError(f"default_lang must be one of {LANGUAGES}")
        if self.auth_mode not in ("password", "proxy-header"):
            raise ValueError("auth_mode must be 'password' or 'proxy-header'")
