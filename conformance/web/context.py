"""Per-request context: the signed-in user, the language, the CSRF pair, and page rendering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from markupsafe import Markup

from conformance.web.accounts import AccountStore, Principal
from conformance.web.i18n import business_labels, translator
from conformance.web.settings import LANGUAGES, Settings
from conformance.web.tokens import CSRF_COOKIE, SESSION_COOKIE, csrf_token, new_csrf_cookie, read_session

LANG_COOKIE = "cf_lang"


class LoginRequiredError(Exception):
    """A page needs a signed-in user; the app answers with a redirect to the sign-in form."""


def language(request: Request, settings: Settings) -> str:
    """``?lang=`` first, then the language cookie, then the configured default."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return str(candidate)
    return settings.default_lang


def signed_in(request: Request, settings: Settings, accounts: AccountStore) -> Principal | None:
    """The user of this request: from the trusted proxy header, or the session cookie / Bearer token."""
    if settings.auth_mode == "proxy-header":
        client = request.client.host if request.client else ""
        name = request.headers.get(settings.proxy_header)
        if client not in settings.trusted_proxies or not name:
            return None
        return accounts.get(name.strip())
    token = request.cookies.get(SESSION_COOKIE)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
    if not token:
        return None
    username = read_session(settings.secret_key, token)
    return accounts.get(username) if username else None


def csrf_cookie(request: Request) -> str:
    """This request's CSRF cookie value (a new one when the browser has none; set on the response)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing:
        return existing
    fresh: str | None = getattr(request.state, "new_csrf", None)
    if fresh is None:
        fresh = new_csrf_cookie()
        request.state.new_csrf = fresh
    return fresh


@dataclass(frozen=True, slots=True)
class Renderer:
    """Renders templates with the common context and sets the language and CSRF cookies."""

    env: Environment
    settings: Settings

    def page(self, request: Request, template: str, user: Principal | None, *, status_code: int = 200,
             cache: Callable[[str, Callable[[], Markup]], Markup] | None = None, **values: Any) -> HTMLResponse:
        """A full HTML page.

        With `cache`, the page's ``main`` block (which must not depend on the user or hold a CSRF
        token) is rendered once per key (language + query) and reused; only the frame is rendered.
        """
        lang = language(request, self.settings)
        cookie = csrf_cookie(request)
        context = dict(request=request, user=user, lang=lang, t=translator(lang), biz=business_labels(lang),
                       csrf=csrf_token(self.settings.secret_key, cookie), path=request.url.path,
                       auth_mode=self.settings.auth_mode, **values)
        compiled = self.env.get_template(template)
        if cache is not None:
            def main() -> Markup:
                return Markup("".join(compiled.blocks["main"](compiled.new_context(context))))
            context["cached_main"] = cache(f"html:{request.url.path}:{lang}:{request.url.query}", main)
        html = compiled.render(context)
        response = HTMLResponse(html, status_code=status_code)
        self.cookies(request, response, lang)
        return response

    def cookies(self, request: Request, response: Any, lang: str) -> None:
        """Set the CSRF cookie when new and remember an explicit language choice."""
        secure = self.settings.secure_cookies
        fresh = getattr(request.state, "new_csrf", None)
        if fresh:
            response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="lax", secure=secure)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, samesite="lax", secure=secure, max_age=365 * 86400)
