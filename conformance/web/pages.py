"""HTML pages: thin handlers that check access, ask `Dashboard` for a model and render a template."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse

from conformance.tracker import REASON_CODES, STEPS, ImportSummary, InputRejectedError, StepStatus
from conformance.web import access
from conformance.web.context import language
from conformance.web.edits import update_fields, update_step
from conformance.web.excel import grid_workbook
from conformance.web.i18n import translator
from conformance.web.palette import BANDS, NO_DATA_FILL, band
from conformance.web.state import WebState, web_state
from conformance.web.tokens import SESSION_COOKIE, issue_session
from conformance.web.views import GridFilters

State = Annotated[WebState, Depends(web_state)]
router = APIRouter(include_in_schema=False)
SVG = "image/svg+xml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CLASSES = ("prefecture", "designated_city", "special_ward", "city", "town", "village")


def _forbid(allowed: bool) -> None:
    if not allowed:
        raise HTTPException(403, "forbidden")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/")
def home(request: Request, web: State) -> RedirectResponse:
    """Send a signed-in user to their home page, anyone else to the sign-in form."""
    user = web.user(request)
    return RedirectResponse(access.home_path(user) if user else "/login", status_code=303)


@router.get("/login")
def login_form(request: Request, *, web: State, next: str = "/") -> Response:
    """The sign-in form."""
    return web.renderer.page(request, "login.html", web.user(request), next=_safe_next(next), error=False)


@router.post("/login")
def login(request: Request, *, web: State, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    """Check the password (argon2) and set the session cookie."""
    web.check_csrf(request, csrf_token)
    keys = (f"user:{username.strip().lower()}", f"ip:{request.client.host if request.client else '-'}")
    wait = web.throttle.retry_after(*keys)
    if wait > 0:
        refused = web.renderer.page(request, "login.html", None, next=_safe_next(next), error="throttled",
                                    minutes=int(wait // 60) + 1, status_code=429)
        refused.headers["Retry-After"] = str(int(wait) + 1)
        return refused
    user = web.accounts.authenticate(username.strip(), password) if web.settings.auth_mode == "password" else None
    if user is None:
        web.throttle.failed(*keys)
        return web.renderer.page(request, "login.html", None, next=_safe_next(next), error=True, status_code=401)
    web.throttle.succeeded(*keys)
    target = _safe_next(next)
    response = RedirectResponse(access.home_path(user) if target == "/" else target, status_code=303)
    response.set_cookie(SESSION_COOKIE, issue_session(web.settings.secret_key, user.username,
                                                      hours=web.settings.session_hours),
                        httponly=True, samesite="lax", secure=web.settings.secure_cookies)
    return response


@router.post("/logout")
def logout(request: Request, *, web: State, csrf_token: Annotated[str, Form()] = "") -> Response:
    """Forget the session."""
    web.check_csrf(request, csrf_token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/national")
def national(request: Request, web: State) -> Response:
    """The national overview (agency)."""
    user = web.page_user(request)
    _forbid(access.can_see_nation(user))
    view = web.dashboard.national()
    peak = max((n for _, n in view.distribution), default=1) or 1
    return web.renderer.page(request, "national.html", user, cache=web.dashboard.fragment, view=view,
                             synthetic=view.synthetic, peak=peak,
                             bands=BANDS, band=band, reasons_en=REASON_CODES, version=web.dashboard.version())


@router.get("/map/national.svg")
def national_map(request: Request, web: State) -> Response:
    """The national choropleth (SVG, cached per data version)."""
    user = web.page_user(request)
    _forbid(access.can_see_nation(user))
    label = translator(language(request, web.settings))("map")
    return Response(web.dashboard.national_map(label), media_type=SVG,
                    headers={"Cache-Control": "private, max-age=300"})


@router.get("/prefectures")
def prefectures(request: Request, web: State) -> Response:
    """The prefectures this user may open."""
    user = web.page_user(request)
    codes = [(c, n) for c, n in web.dashboard.prefecture_codes() if access.can_see_prefecture(user, c)]
    if not codes:
        raise HTTPException(403, "forbidden")
    return web.renderer.page(request, "prefectures.html", user, codes=codes, synthetic=web.dashboard.synthetic())


def _filters(q: str, body_class: str, only_specific: str, max_completion: str, sort: str) -> GridFilters:
    limit = int(max_completion) if max_completion.strip().isdigit() else None
    return GridFilters(q.strip()[:50], body_class if body_class in CLASSES else "", only_specific == "1", limit,
                       sort if sort in ("code", "name", "low", "high") else "code")


FilterQuery = Annotated[str, Query(max_length=50)]


@router.get("/prefectures/{code}")
def prefecture(request: Request, *, web: State, code: str, q: FilterQuery = "", body_class: FilterQuery = "",
               only_specific: FilterQuery = "", max_completion: FilterQuery = "",
               sort: FilterQuery = "code") -> Response:
    """A prefecture's body × business heat-map grid with filters (liaison home)."""
    user = web.page_user(request)
    _forbid(access.can_see_prefecture(user, code))
    filters = _filters(q, body_class, only_specific, max_completion, sort)
    try:
        view = web.dashboard.prefecture(code, filters)
    except (LookupError, ValueError) as error:
        raise HTTPException(404, "unknown prefecture") from error
    cache = web.dashboard.fragment if filters == GridFilters() else None  # filtered views are not kept
    return web.renderer.page(request, "prefecture.html", user, cache=cache, view=view,
                             filters=filters, classes=CLASSES,
                             band=band, bands=BANDS, no_data=NO_DATA_FILL, synthetic=view.synthetic,
                             query=request.url.query, version=web.dashboard.version())


@router.get("/prefectures/{code}/map.svg")
def prefecture_map(request: Request, *, web: State, code: str) -> Response:
    """The choropleth of one prefecture."""
    user = web.page_user(request)
    _forbid(access.can_see_prefecture(user, code))
    label = translator(language(request, web.settings))("map")
    try:
        svg = web.dashboard.prefecture_map(code, label)
    except (LookupError, ValueError) as error:
        raise HTTPException(404, "unknown prefecture") from error
    return Response(svg, media_type=SVG, headers={"Cache-Control": "private, max-age=300"})


@router.get("/prefectures/{code}/grid.xlsx")
def prefecture_excel(request: Request, *, web: State, code: str, q: FilterQuery = "", body_class: FilterQuery = "",
                     only_specific: FilterQuery = "", max_completion: FilterQuery = "",
                     sort: FilterQuery = "code") -> Response:
    """The filtered grid as an Excel workbook."""
    user = web.page_user(request)
    _forbid(access.can_see_prefecture(user, code))
    try:
        view = web.dashboard.prefecture(code, _filters(q, body_class, only_specific, max_completion, sort))
    except (LookupError, ValueError) as error:
        raise HTTPException(404, "unknown prefecture") from error
    buffer = io.BytesIO()
    grid_workbook(view, language(request, web.settings)).save(buffer)
    return Response(buffer.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="grid_{view.code}.xlsx"'})


@router.get("/bodies/{lg_code}")
def body(request: Request, *, web: State, lg_code: str, saved: str = "", error: str = "") -> Response:
    """One body: each business's steps, product, certification (with evidence), flags and history."""
    user = web.page_user(request)
    _forbid(access.can_see_body(user, lg_code))
    try:
        view = web.dashboard.body(lg_code)
    except LookupError as exc:
        raise HTTPException(404, "unknown body") from exc
    return web.renderer.page(request, "body.html", user, view=view, steps=STEPS, statuses=list(StepStatus),
                             can_edit=access.can_edit_body(user, lg_code), synthetic=view.synthetic,
                             can_edit_fields=access.can_edit_assignment(user, lg_code),
                             saved=saved[:20], error=error[:300], band=band)


@router.post("/bodies/{lg_code}/steps")
def body_step(request: Request, *, web: State, lg_code: str, business: Annotated[str, Form()] = "",
              step: Annotated[int, Form()] = 0, status: Annotated[str, Form()] = "",
              csrf_token: Annotated[str, Form()] = "") -> Response:
    """Change one step's status (recorded in the tracker history with the user's name)."""
    web.check_csrf(request, csrf_token)
    user = web.page_user(request)
    _forbid(access.can_edit_body(user, lg_code))
    return _write_and_return(lg_code, business, "unknown step, status or business", lambda: update_step(
        web.service, user, lg_code=lg_code, business=business, number=step, status=StepStatus(status)))


@router.post("/bodies/{lg_code}/fields")
def body_fields(request: Request, *, web: State, lg_code: str, business: Annotated[str, Form()] = "",
                product: Annotated[str, Form()] = "", product_version: Annotated[str, Form()] = "",
                product_vendor: Annotated[str, Form()] = "", planned_cutover: Annotated[str, Form()] = "",
                csrf_token: Annotated[str, Form()] = "") -> Response:
    """Change an assignment's product and planned cut-over (agency, liaison); recorded in the history."""
    web.check_csrf(request, csrf_token)
    user = web.page_user(request)
    _forbid(access.can_edit_assignment(user, lg_code))
    values = {"product": product, "product_version": product_version, "product_vendor": product_vendor,
              "planned_cutover": planned_cutover}
    return _write_and_return(lg_code, business, "unknown business or bad value", lambda: update_fields(
        web.service, user, lg_code=lg_code, business=business, values=values))


def _write_and_return(lg_code: str, business: str, bad_request: str, write: Callable[[], ImportSummary]) -> Response:
    """Make a write, then go back to the body page: ``saved=1`` (changed) or ``0`` (nothing to change), or the
    tracker's reasons for refusing it; 400 with `bad_request` for an unknown step, status, business or value."""
    try:
        summary = write()
    except (ValueError, LookupError) as exc:
        raise HTTPException(400, bad_request) from exc
    except InputRejectedError as exc:
        message = "; ".join(p.message for p in exc.problems)[:300]
        return RedirectResponse(f"/bodies/{lg_code}?error={quote(message)}#{business}", status_code=303)
    flag = "1" if summary.import_id is not None else "0"
    return RedirectResponse(f"/bodies/{lg_code}?saved={flag}#{business}", status_code=303)


@router.get("/vendors")
def vendors(request: Request, web: State) -> Response:
    """Every vendor (agency), or the signed-in vendor's own page."""
    user = web.page_user(request)
    names = [n for n in web.dashboard.vendors() if access.can_see_vendor(user, n)]
    if not names:
        raise HTTPException(403, "forbidden")
    return web.renderer.page(request, "vendors.html", user, names=names, synthetic=web.dashboard.synthetic())


@router.get("/vendors/{name}")
def vendor(request: Request, *, web: State, name: str) -> Response:
    """A vendor's products, certification per business and spec version, cut-overs per month."""
    user = web.page_user(request)
    _forbid(access.can_see_vendor(user, name))
    try:
        view = web.dashboard.vendor(name)
    except LookupError as exc:
        raise HTTPException(404, "unknown vendor") from exc
    peak = max((n for _, n in view.cutovers), default=1) or 1
    return web.renderer.page(request, "vendor.html", user, view=view, synthetic=view.synthetic, peak=peak)


@router.get("/registry")
def registry(request: Request, *, web: State, business: FilterQuery = "", status: FilterQuery = "") -> Response:
    """Which product versions are conformant for which business and spec version."""
    user = web.page_user(request)
    view = web.dashboard.registry(business, status)
    return web.renderer.page(request, "registry.html", user, view=view, synthetic=view.synthetic,
                             business=business, status=status)
