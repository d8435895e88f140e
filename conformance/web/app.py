"""`create_app(settings)`: the dashboard application (no import-time side effects)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from conformance.municipalities import ATTRIBUTION_EN, ATTRIBUTION_JA
from conformance.tracker import TrackerService
from conformance.web import api, pages
from conformance.web.accounts import AccountStore
from conformance.web.context import LoginRequiredError, Renderer
from conformance.web.settings import Settings
from conformance.web.state import ShapeCache, WebState
from conformance.web.views import Dashboard

PACKAGE = Path(__file__).resolve().parent


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(PACKAGE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(attribution_ja=ATTRIBUTION_JA, attribution_en=ATTRIBUTION_EN)
    env.filters["pct"] = lambda value: "—" if value is None else f"{value * 100:.0f}%"
    env.filters["urlq"] = lambda value: quote(str(value), safe="")
    return env


def create_app(settings: Settings, service: TrackerService | None = None) -> FastAPI:
    """The dashboard over the tracker database at ``settings.db_url`` (or over `service`).

    Creates the dashboard's own tables when missing; the tracker schema must already exist
    (``conformance tracker init``). The map is decoded on first use and kept for the process.
    """
    service = service or TrackerService.from_url(settings.db_url)
    accounts = AccountStore(service.store.engine)
    accounts.upgrade()
    shapes = ShapeCache()
    app = FastAPI(title="conformance dashboard API", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Migration tracker dashboard (移行進捗ダッシュボード). Authenticate with the session "
                              "cookie or `Authorization: Bearer <session token>`.")
    app.state.web = WebState(settings, accounts, service, Dashboard(service, shapes.get),
                             Renderer(_environment(), settings))
    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    _error_handlers(app)
    _security_scheme(app)
    return app


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    def _login(request: Request, _exc: LoginRequiredError) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(HTTPException)
    def _http(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        web: WebState = request.app.state.web
        key = {403: "forbidden", 404: "not_found"}.get(exc.status_code, "not_found")
        return web.renderer.page(request, "error.html", web.user(request), status_code=exc.status_code, message=key,
                                 synthetic=False)


def _security_scheme(app: FastAPI) -> None:
    """Declare the Bearer scheme in OpenAPI so clients (and schemathesis) know how to authenticate."""
    original = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
            "type": "http", "scheme": "bearer"}
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
