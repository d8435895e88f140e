"""What every route needs, built once by `create_app` and kept on ``app.state.web``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from conformance.municipalities import MUNICIPALITY_SHAPES
from conformance.tracker import TrackerService
from conformance.web.accounts import AccountStore, Principal
from conformance.web.context import LoginRequiredError, Renderer, signed_in
from conformance.web.mapsvg import MapShapes, load_shapes
from conformance.web.settings import Settings
from conformance.web.throttle import SignInThrottle
from conformance.web.tokens import CSRF_COOKIE, csrf_valid
from conformance.web.views import Dashboard


@dataclass
class ShapeCache:
    """The projected map, decoded on first use and then kept for the life of the process."""

    _shapes: MapShapes | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self) -> MapShapes:
        """The shapes (decoded once)."""
        with self._lock:
            if self._shapes is None:
                self._shapes = load_shapes(MUNICIPALITY_SHAPES)
            return self._shapes


@dataclass(frozen=True, slots=True)
class WebState:
    """Settings, stores, the dashboard model builder and the renderer."""

    settings: Settings
    accounts: AccountStore
    service: TrackerService
    dashboard: Dashboard
    renderer: Renderer
    throttle: SignInThrottle = field(default_factory=SignInThrottle)

    def user(self, request: Request) -> Principal | None:
        """The signed-in user or None."""
        return signed_in(request, self.settings, self.accounts)

    def page_user(self, request: Request) -> Principal:
        """The signed-in user of a page (else a redirect to sign in)."""
        user = self.user(request)
        if user is None:
            raise LoginRequiredError
        return user

    def api_user(self, request: Request) -> Principal:
        """The signed-in user of an API call (else 401)."""
        user = self.user(request)
        if user is None:
            raise HTTPException(
                401, "sign in first (session cookie or Bearer token)", headers={"WWW-Authenticate": "Bearer"}
            )
        return user

    def check_csrf(self, request: Request, token: str | None) -> None:
        """Refuse (403) a form whose CSRF token does not match the browser's CSRF cookie."""
        if not csrf_valid(self.settings.secret_key, request.cookies.get(CSRF_COOKIE), token):
            raise HTTPException(403, "CSRF token missing or invalid")


def web_state(request: Request) -> WebState:
    """The app's state (FastAPI dependency)."""
    state: WebState = request.app.state.web
    return state
