"""The JSON API (under /api, documented by OpenAPI): the same data and the same role boundaries as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel

from conformance.web import access
from conformance.web.state import WebState, web_state

State = Annotated[WebState, Depends(web_state)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Outside the user's role scope"},
    404: {"description": "Unknown"},
}
router = APIRouter(prefix="/api", tags=["dashboard"], responses=ERRORS)
PrefectureCode = Annotated[str, Path(pattern=r"^[0-9]{2}$", description="2-digit prefecture code")]
BodyCode = Annotated[str, Path(pattern=r"^[0-9]{6}$", description="6-digit 地方公共団体コード")]
VendorName = Annotated[str, Path(min_length=1, max_length=100, description="製品ベンダ name")]


class Me(BaseModel):
    """The signed-in user."""

    username: str
    display_name: str
    role: str
    scope: list[str]


class Rollup(BaseModel):
    """Aggregated step counts and rates of a group of systems."""

    key: str
    systems: int
    completion_rate: float
    in_progress_rate: float
    live: int
    specific_support: int


class Reason(BaseModel):
    """特定移行支援 systems with one reason."""

    code: int
    label_ja: str
    label_en: str
    count: int


class TrendPoint(BaseModel):
    """National completion at one report date."""

    as_of: date
    completion_rate: float


class AtRiskItem(BaseModel):
    """An assignment forecast to miss the deadline."""

    lg_code: str
    body_name: str
    business: str
    target: date
    projected: date | None
    vendor: str | None


class National(BaseModel):
    """The national overview."""

    synthetic: bool
    as_of: date | None
    nation: Rollup
    prefectures: list[Rollup]
    reasons: list[Reason]
    distribution: dict[str, int]
    trend: list[TrendPoint]
    at_risk_total: int
    at_risk: list[AtRiskItem]


class GridBody(BaseModel):
    """One body of a prefecture grid: 完了率 per business (null when the body does not run it)."""

    lg_code: str
    name: str
    body_class: str
    mean_completion: float | None
    specific_support: int
    completion: dict[str, float | None]


class PrefectureGrid(BaseModel):
    """A prefecture's body × business grid."""

    code: str
    name: str
    synthetic: bool
    bodies: list[GridBody]


class Business(BaseModel):
    """One business of a body."""

    business: str
    completion_rate: float
    steps: list[str]
    product: str | None
    product_version: str | None
    product_vendor: str | None
    spec_version: str | None
    certification: str
    evidence_ref: str | None
    readiness: str
    rule: str
    flags: list[str]
    projected: date | None


class Body(BaseModel):
    """A body's businesses."""

    lg_code: str
    name: str
    prefecture_code: str
    synthetic: bool
    businesses: list[Business]


class ProductRow(BaseModel):
    """A product version for a business and spec version."""

    product: str
    product_version: str
    business: str
    spec_version: str
    deployments: int
    certification: str
    evidence_ref: str | None


class Vendor(BaseModel):
    """A vendor's products and cut-overs per month."""

    vendor: str
    synthetic: bool
    products: list[ProductRow]
    cutovers: dict[str, int]


class RegistryRow(BaseModel):
    """One certification record."""

    product: str
    product_version: str
    business: str
    spec_version: str
    status: str
    evidence_ref: str
    as_of: date


class Registry(BaseModel):
    """The registry of certification records."""

    synthetic: bool
    records: list[RegistryRow]


def _forbid(allowed: bool) -> None:
    if not allowed:
        raise HTTPException(403, "outside your role's scope")


@router.get("/me", response_model=Me)
def me(request: Request, web: State) -> Me:
    """Who is signed in."""
    user = web.api_user(request)
    return Me(username=user.username, display_name=user.display_name, role=user.role.value, scope=list(user.scope))


def _rollup(row: Any) -> Rollup:
    return Rollup(key=row.key, systems=row.systems, completion_rate=row.completion_rate,
                  in_progress_rate=row.in_progress_rate, live=row.live, specific_support=row.specific_support)


@router.get("/national", response_model=National)
def national(request: Request, web: State) -> National:
    """National roll-up, 特定移行支援 by reason, distribution, trend and the at-risk list (agency only)."""
    user = web.api_user(request)
    _forbid(access.can_see_nation(user))
    v = web.dashboard.national()
    return National(
        synthetic=v.synthetic, as_of=v.as_of, nation=_rollup(v.nation), prefectures=[_rollup(r) for r in v.prefectures],
        reasons=[Reason(code=r.code, label_ja=r.label_ja, label_en=r.label_en, count=r.count) for r in v.reasons],
        distribution=dict(v.distribution), trend=[TrendPoint(as_of=d, completion_rate=r) for d, r in v.trend],
        at_risk_total=v.at_risk_total,
        at_risk=[AtRiskItem(lg_code=a.lg_code, body_name=a.body_name, business=a.business, target=a.target,
                            projected=a.projected, vendor=a.vendor) for a in v.at_risk],
    )


@router.get("/prefectures/{code}", response_model=PrefectureGrid)
def prefecture(request: Request, web: State, code: PrefectureCode,
               q: Annotated[str, Query(max_length=50)] = "") -> PrefectureGrid:
    """A prefecture's grid (agency, or a liaison assigned to it)."""
    from conformance.web.views import GridFilters

    user = web.api_user(request)
    _forbid(access.can_see_prefecture(user, code))
    try:
        view = web.dashboard.prefecture(code, GridFilters(q=q.strip()))
    except (LookupError, ValueError) as error:
        raise HTTPException(404, "unknown prefecture") from error
    return PrefectureGrid(code=view.code, name=view.name, synthetic=view.synthetic, bodies=[
        GridBody(lg_code=r.body.lg_code, name=r.body.name, body_class=r.body.body_class, mean_completion=r.mean,
                 specific_support=r.specific_support,
                 completion={b: (c.completion_rate if c else None) for b, c in zip(view.businesses, r.cells,
                                                                                     strict=True)})
        for r in view.rows])


@router.get("/bodies/{lg_code}", response_model=Body)
def body(request: Request, web: State, lg_code: BodyCode) -> Body:
    """A body's businesses: steps, product, certification and evidence, readiness, forecast."""
    user = web.api_user(request)
    _forbid(access.can_see_body(user, lg_code))
    try:
        view = web.dashboard.body(lg_code)
    except LookupError as error:
        raise HTTPException(404, "unknown body") from error
    items = []
    for d in view.businesses:
        f, r = d.view.fields, d.view.readiness
        items.append(Business(
            business=d.view.business, completion_rate=r.completion_rate, steps=[s.value for s in d.view.steps],
            product=f.product, product_version=f.product_version, product_vendor=f.product_vendor,
            spec_version=f.spec_version, certification=r.certification.value,
            evidence_ref=d.certification.evidence_ref if d.certification else None, readiness=r.level.value,
            rule=r.rule, flags=[fl.rule for fl in r.flags], projected=d.view.forecast.projected))
    return Body(lg_code=view.body.lg_code, name=view.body.name, prefecture_code=view.body.prefecture_code,
                synthetic=view.synthetic, businesses=items)


@router.get("/vendors/{name}", response_model=Vendor)
def vendor(request: Request, web: State, name: VendorName) -> Vendor:
    """A vendor's products with certification, and cut-overs per month (agency, or the vendor itself)."""
    user = web.api_user(request)
    _forbid(access.can_see_vendor(user, name))
    try:
        view = web.dashboard.vendor(name)
    except LookupError as error:
        raise HTTPException(404, "unknown vendor") from error
    return Vendor(vendor=view.vendor, synthetic=view.synthetic, cutovers=dict(view.cutovers), products=[
        ProductRow(product=p.use.product, product_version=p.use.product_version, business=p.use.business,
                   spec_version=p.use.spec_version, deployments=p.use.deployments, certification=p.status.value,
                   evidence_ref=p.record.evidence_ref if p.record else None)
        for p in view.products])


@router.get("/registry", response_model=Registry)
def registry(request: Request, web: State, business: Annotated[str, Query(max_length=40)] = "",
             status: Annotated[str, Query(max_length=20)] = "") -> Registry:
    """Certification records (every signed-in role)."""
    web.api_user(request)
    view = web.dashboard.registry(business, status)
    return Registry(synthetic=view.synthetic, records=[
        RegistryRow(product=r.product, product_version=r.product_version, business=r.business,
                    spec_version=r.spec_version, status=r.status.value, evidence_ref=r.evidence_ref, as_of=r.as_of)
        for r in view.records])
