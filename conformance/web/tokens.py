"""Signed session tokens and CSRF tokens (HMAC-SHA256 with the app's secret key).

A session token is ``base64url(json{"u": user, "exp": epoch}).hex(hmac)``; it is the session cookie
and also works as a Bearer token for the JSON API. CSRF uses a signed double-submit cookie: a random
``cf_csrf`` cookie and, in every form, the HMAC of that value; a POST whose token does not match is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

SESSION_COOKIE = "cf_session"
CSRF_COOKIE = "cf_csrf"
CSRF_FIELD = "csrf_token"


def _sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def issue_session(secret: str, username: str, *, hours: int, now: float | None = None) -> str:
    """A session token for `username`, valid for `hours`."""
    expires = int((now if now is not None else time.time()) + hours * 3600)
    payload = base64.urlsafe_b64encode(json.dumps({"u": username, "exp": expires}).encode()).decode().rstrip("=")
    return f"{payload}.{_sign(secret, 'session:' + payload)}"


def read_session(secret: str, token: str, *, now: float | None = None) -> str | None:
    """The user name of a valid, unexpired token; None for anything else."""
    payload, _, signature = token.partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(secret, "session:" + payload)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        username, expires = str(data["u"]), int(data["exp"])
    except (ValueError, KeyError, TypeError):
        return None
    if expires < (now if now is not None else time.time()):
        return None
    return username


def new_csrf_cookie() -> str:
    """A fresh random value for the CSRF cookie."""
    return secrets.token_urlsafe(24)


def csrf_token(secret: str, cookie: str) -> str:
    """The form token that goes with a CSRF cookie value."""
    return _sign(secret, "csrf:" + cookie)


def csrf_valid(secret: str, cookie: str | None, token: str | None) -> bool:
    """True when the form token matches the cookie."""
    if not cookie or not token:
        return False
    return hmac.compare_digest(token, csrf_token(secret, cookie))
