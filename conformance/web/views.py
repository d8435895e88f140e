"""Page models: what each page and API endpoint shows, assembled from the tracker's query API.

Route handlers only check access and pick a template; everything they render comes from here.
National and registry models are cached per data version (the newest tracker import id), so a
page view costs one tiny query while nothing changes; the map SVG is cached the same way.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from conformance.domain.businesses import BUSINESSES
from conformance.tracker import (
    REASON_CODES,
    AssignmentView,
    AtRisk,
    BodyRow,
    CertificationRecord,
    CertificationStatus,
    GridCell,
    HistoryEntry,
    ProductUse,
    RollupRow,
    TrackerService,
)
from conformance.web.mapsvg import MapShapes
from conformance.web.palette import NO_DATA_FILL, band

T = TypeVar("T")
AT_RISK_SHOWN = 50


@dataclass(frozen=True, slots=True)
class ReasonCount:
    """特定移行支援 systems with one reason."""

    code: int
    label_ja: str
    label_en: str
    count: int


@dataclass(frozen=True, slots=True)
class NationalView:
    """Everything on the national overview."""

    synthetic: bool
    as_of: date | None
    nation: RollupRow
    prefectures: tuple[RollupRow, ...]
    prefecture_names: dict[str, str]
    reasons: tuple[ReasonCount, ...]
    distribution: tuple[tuple[str, int], ...]
    trend: tuple[tuple[date, float], ...]
    at_risk: tuple[AtRisk, ...]
    at_risk_total: int
    body_rates: dict[str, float]
    body_names: dict[str, str]


@dataclass(frozen=True, slots=True)
class GridRow:
    """One body in a prefecture grid with its cells and mean completion."""

    body: BodyRow
    cells: tuple[GridCell | None, ...]
    mean: float | None
    specific_support: int


@dataclass(frozen=True, slots=True)
class GridFilters:
    """Filters and sort order of the prefecture grid (all optional)."""

    q: str = ""
    body_class: str = ""
    only_specific: bool = False
    max_completion: int | None = None
    sort: str = "code"


@dataclass(frozen=True, slots=True)
class PrefectureView:
    """A prefecture's grid after filters."""

    code: str
    name: str
    businesses: tuple[str, ...]
    rows: tuple[GridRow, ...]
    total_bodies: int
    rollup: RollupRow | None
    synthetic: bool


@dataclass(frozen=True, slots=True)
class BusinessDetail:
    """One business of a body: the assignment view, its certification record and history."""

    view: AssignmentView
    certification: CertificationRecord | None
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True, slots=True)
class BodyView:
    """A body with every business it runs."""

    body: BodyRow
    businesses: tuple[BusinessDetail, ...]
    synthetic: bool


@dataclass(frozen=True, slots=True)
class ProductCertification:
    """A product version for a business and spec version, its certification and its deployments."""

    use: ProductUse
    status: CertificationStatus
    record: CertificationRecord | None


@dataclass(frozen=True, slots=True)
class VendorView:
    """A vendor's products with certification, and cut-overs per month (counts only, no body names)."""

    vendor: str
    products: tuple[ProductCertification, ...]
    cutovers: tuple[tuple[str, int], ...]
    synthetic: bool


@dataclass(frozen=True, slots=True)
class RegistryView:
    """Certification records: which product versions are conformant for which business and spec version."""

    records: tuple[CertificationRecord, ...]
    synthetic: bool


@dataclass
class _Cache:
    version: int = -1
    values: dict[str, object] = field(default_factory=dict)


class Dashboard:
    """Builds page models from a tracker service, with per-data-version caching."""

    def __init__(self, service: TrackerService, shapes: Callable[[], MapShapes]) -> None:
        self.service = service
        self._shapes = shapes
        self._cache = _Cache()
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ caching

    def version(self) -> int:
        """The current data version (newest import id)."""
        return self.service.data_version()

    def _cached(self, key: str, build: Callable[[], T]) -> T:
        version = self.version()
        with self._lock:
            if self._cache.version != version:
                self._cache = _Cache(version)
            if key not in self._cache.values:
                self._cache.values[key] = build()
            return self._cache.values[key]  # type: ignore[return-value]

    def fragment(self, key: str, build: Callable[[], T]) -> T:
        """A rendered page fragment, cached with the data it shows (per data version)."""
        return self._cached(key, build)

    def synthetic(self) -> bool:
        """True when the database holds the synthetic demo data set."""
        return self._cached("synthetic", self.service.is_synthetic)

    def prefecture_codes(self) -> list[tuple[str, str]]:
        """(code, name) of every prefecture."""
        return self._cached("prefectures", lambda: [(b.prefecture_code, b.name) for b in self.service.bodies()
                                                    if b.body_class == "prefecture"])

    # ------------------------------------------------------------------ national

    def national(self) -> NationalView:
        """The national overview model (cached per data version)."""
        return self._cached("national", self._build_national)

    def _build_national(self) -> NationalView:
        cells = self.service.grid()
        nation = (self.service.rollup("nation") or [_NO_SYSTEMS])[0]
        counted = [c for c in cells if not c.counts.all_not_applicable]
        late = _latest_first(self._cached("forecast", self.service.forecast).against_deadline)
        history = self.service.rollup_history("nation", "JP")
        return NationalView(
            synthetic=self.synthetic(),
            as_of=history[-1][0] if history else None,
            nation=nation,
            prefectures=tuple(self.service.rollup("prefecture")),
            prefecture_names=dict(self.prefecture_codes()),
            reasons=_reasons(cells),
            distribution=_distribution(counted),
            trend=tuple((when, row.completion_rate) for when, row in history),
            at_risk=tuple(late[:AT_RISK_SHOWN]),
            at_risk_total=len(late),
            body_rates=_body_rates(counted),
            body_names={b.lg_code: b.name for b in self.service.bodies()},
        )

    def national_map(self, label: str) -> str:
        """The national choropleth SVG (cached per data version and label)."""
        def build() -> str:
            view = self.national()
            fills = {code: band(rate).fill for code, rate in view.body_rates.items()}
            titles = {code: f"{view.body_names.get(code, code)} {rate:.0%}" for code, rate in view.body_rates.items()}
            return self._shapes().render(fills, titles, label=label)
        return self._cached(f"map:{label}", build)

    def prefecture_map(self, code: str, label: str) -> str:
        """The choropleth of one prefecture's municipalities (cached)."""
        def build() -> str:
            shapes = self._shapes()
            grid = self.prefecture(code, GridFilters())
            fills = {r.body.lg_code: band(r.mean).fill if r.mean is not None else NO_DATA_FILL for r in grid.rows}
            titles = {r.body.lg_code: f"{r.body.name} {r.mean:.0%}" for r in grid.rows if r.mean is not None}
            codes = [c for c, p in shapes.prefecture_of.items() if p == code]
            return shapes.render(fills, titles, label=label, codes=codes)
        return self._cached(f"map:{code}:{label}", build)

    # ------------------------------------------------------------------ prefecture

    def prefecture(self, code: str, filters: GridFilters) -> PrefectureView:
        """A prefecture's body × business grid with filters applied (raises LookupError when unknown)."""
        grid = self._cached(f"grid:{code}", lambda: self.service.prefecture_grid(code))
        rows: list[GridRow] = []
        for body in grid.bodies:
            cells = tuple(grid.cells.get((body.lg_code, biz)) for biz in grid.businesses)
            rates = [c.completion_rate for c in cells if c is not None and not c.counts.all_not_applicable]
            rows.append(GridRow(body, cells, sum(rates) / len(rates) if rates else None,
                                sum(1 for c in cells if c is not None and c.specific_support)))
        shown = [r for r in rows if _matches(r, filters)]
        shown.sort(key=_sort_key(filters.sort))
        rollups = self._cached("rollup:prefecture", lambda: {r.key: r for r in self.service.rollup("prefecture")})
        return PrefectureView(grid.prefecture_code, grid.prefecture_name, grid.businesses, tuple(shown), len(rows),
                              rollups.get(grid.prefecture_code), grid.synthetic)

    # ------------------------------------------------------------------ body

    def body(self, lg_code: str) -> BodyView:
        """One body with each business's steps, product, certification, flags and history."""
        body, views = self.service.body_detail(lg_code)
        lookup = self.service.certification_lookup()
        history = self.service.history(lg_code, limit=2000)
        details = []
        for view in views:
            f = view.fields
            record = None
            spec = f.spec_version or ""
            if f.product and f.product_version:
                record = lookup.lookup(f.product, f.product_version, view.business, spec)
            details.append(BusinessDetail(view, record, tuple(h for h in history if h.business == view.business)))
        order = {b.slug: b.number for b in BUSINESSES}
        details.sort(key=lambda d: order.get(d.view.business, 99))
        return BodyView(body, tuple(details), self.synthetic())

    # ------------------------------------------------------------------ vendor and registry

    def vendors(self) -> list[str]:
        """Every vendor a body has chosen."""
        return self._cached("vendors", lambda: sorted({u.vendor for u in self.service.product_uses()}))

    def vendor(self, name: str) -> VendorView:
        """A vendor's products, their certification, and its cut-overs per month (raises LookupError)."""
        def build() -> VendorView:
            uses = self.service.product_uses(name)
            if not uses:
                raise LookupError(f"no vendor {name!r}")
            lookup = self.service.certification_lookup()
            products = []
            for use in uses:
                record = lookup.lookup(use.product, use.product_version, use.business, use.spec_version)
                products.append(ProductCertification(use, record.status if record else CertificationStatus.UNKNOWN,
                                                     record))
            load = self._cached("forecast", self.service.forecast).vendor_load.get(name, {})
            return VendorView(name, tuple(products), tuple(sorted(load.items())), self.synthetic())
        return self._cached(f"vendor:{name}", build)

    def registry(self, business: str = "", status: str = "") -> RegistryView:
        """The latest certification record per key, optionally filtered by business and status."""
        records = [r for r in self._cached("registry", self.service.certification_registry)
                   if (not business or r.business == business) and (not status or r.status.value == status)]
        return RegistryView(tuple(records), self.synthetic())


_NO_SYSTEMS = RollupRow("nation", "JP", "JP", 0, 0, 0, 0, 0, 0, 0)
"""The national roll-up before any system is counted."""


def _reasons(cells: list[GridCell]) -> tuple[ReasonCount, ...]:
    """特定移行支援 systems per reason, every reason listed."""
    reasons = Counter(c.reason_code for c in cells if c.specific_support and c.reason_code)
    return tuple(ReasonCount(code, ja, en, reasons.get(code, 0)) for code, (ja, en) in REASON_CODES.items())


def _distribution(counted: list[GridCell]) -> tuple[tuple[str, int], ...]:
    """Systems per 完了率 decile (0–9 %, …, 90–99 %, 100 %)."""
    bins = Counter(min(10, int(c.completion_rate * 10 + 1e-9)) for c in counted)
    return tuple((f"{i * 10}–{i * 10 + 9}%" if i < 10 else "100%", bins.get(i, 0)) for i in range(11))


def _body_rates(counted: list[GridCell]) -> dict[str, float]:
    """Each body's mean 完了率 over the systems it runs."""
    per_body: dict[str, list[float]] = {}
    for c in counted:
        per_body.setdefault(c.lg_code, []).append(c.completion_rate)
    return {code: sum(rates) / len(rates) for code, rates in per_body.items()}


def _latest_first(items: tuple[AtRisk, ...]) -> list[AtRisk]:
    """At-risk systems, the latest projected cut-over first, then those with no projection (latest target first)."""
    return sorted(items, key=lambda r: (r.projected is not None, r.projected or r.target), reverse=True)


def _matches(row: GridRow, filters: GridFilters) -> bool:
    if filters.q and filters.q not in row.body.name and filters.q not in row.body.lg_code:
        return False
    if filters.body_class and row.body.body_class != filters.body_class:
        return False
    if filters.only_specific and not row.specific_support:
        return False
    return not (filters.max_completion is not None
                and (row.mean is None or row.mean * 100 > filters.max_completion + 1e-9))


def _sort_key(sort: str) -> Callable[[GridRow], tuple[float, str]]:
    if sort == "name":
        return lambda r: (0.0, r.body.name)
    if sort == "low":
        return lambda r: (r.mean if r.mean is not None else 2.0, r.body.lg_code)
    if sort == "high":
        return lambda r: (-(r.mean if r.mean is not None else -1.0), r.body.lg_code)
    return lambda r: (0.0, r.body.lg_code)
