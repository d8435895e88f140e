"""The tracker's query and command API: what the CLI and the web dashboard call.

Returns plain dataclasses; all SQL stays in `store`, all rules in `readiness` and `forecast`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from conformance.domain.businesses import BUSINESSES
from conformance.domain.businesses import business as known_business
from conformance.storage import make_engine
from conformance.tracker import forecast as fc
from conformance.tracker.certification import CertificationLookup, CertificationRecord, InMemoryCertificationLookup
from conformance.tracker.demo import load_demo
from conformance.tracker.importer import attach_rehearsal, import_certifications, import_workbook
from conformance.tracker.readiness import Evidence, Level, Readiness, assess, is_live
from conformance.tracker.records import (
    DEADLINE,
    AssignmentFields,
    AssignmentState,
    BodyRow,
    CertificationsImported,
    GridCell,
    HistoryEntry,
    ImportSummary,
    ProductUse,
    RehearsalAttached,
    ReportedRow,
    RollupRow,
    TableCounts,
)
from conformance.tracker.steps import StepStatus
from conformance.tracker.store import TrackerStore


@dataclass(frozen=True, slots=True)
class PrefectureGrid:
    """Every body of a prefecture × every business it runs, with 完了率 per cell."""

    prefecture_code: str
    prefecture_name: str
    bodies: tuple[BodyRow, ...]
    businesses: tuple[str, ...]
    cells: dict[tuple[str, str], GridCell]
    synthetic: bool


@dataclass(frozen=True, slots=True)
class AssignmentView:
    """One body × business in full: fields, steps, readiness and forecast."""

    lg_code: str
    business: str
    fields: AssignmentFields
    steps: tuple[StepStatus, ...]
    as_of: date | None
    readiness: Readiness
    forecast: fc.Forecast


@dataclass(frozen=True, slots=True)
class AtRisk:
    """An assignment whose forecast misses a date."""

    lg_code: str
    body_name: str
    business: str
    target: date
    projected: date | None
    specific_support: bool
    vendor: str | None


@dataclass(frozen=True, slots=True)
class ForecastReport:
    """National forecast: the prior, at-risk lists, and cut-overs per vendor per month."""

    prior_pace: float
    against_deadline: tuple[AtRisk, ...]
    against_own_target: tuple[AtRisk, ...]
    vendor_load: dict[str, dict[str, int]]
    unreported: int
    synthetic: bool


class TrackerService:
    """Commands and queries over one tracker store."""

    def __init__(self, store: TrackerStore, certifications: CertificationLookup | None = None) -> None:
        self.store = store
        self._certifications = certifications

    @classmethod
    def from_url(cls, url: str) -> TrackerService:
        """A service over the database at a SQLAlchemy URL."""
        return cls(TrackerStore(make_engine(url)))

    # ---------------------------------------------------------------- commands

    def upgrade(self) -> None:
        """Bring the schema to the latest migration (nothing is seeded)."""
        self.store.upgrade()

    def init(self, *, demo: bool = False, prefectures: Iterable[str] | None = None) -> int:
        """Create/upgrade the schema and seed every assignment; optionally load the synthetic demo."""
        count = self.store.initialize()
        if demo:
            load_demo(self.store, prefectures=prefectures)
        return count

    def import_workbook(
        self, path: Path, *, actor: str, as_of: date | None = None, allow_backwards: bool = False
    ) -> ImportSummary:
        """Validate and import one workbook all-or-nothing (InputRejectedError lists every problem)."""
        return import_workbook(self.store, path, actor=actor, as_of=as_of, allow_backwards=allow_backwards)

    def import_certifications(self, path: Path, *, actor: str) -> CertificationsImported:
        """Append the certification records of a JSON or CSV file, all-or-nothing (InputRejectedError when the
        file is unreadable, a record is malformed, or it holds none)."""
        return import_certifications(self.store, path, actor=actor)

    def set_spec_in_force(self, slug: str, spec_version: str, effective_from: date, *, actor: str) -> None:
        """Record which spec version is in force for a business from a date (UnknownBusinessError for a bad slug)."""
        known_business(slug)
        self.store.set_spec_in_force(slug, spec_version, effective_from, actor=actor)

    def attach_rehearsal(self, lg_code: str, slug: str, path: Path, *, actor: str) -> RehearsalAttached:
        """Attach a data-conformance RunResult JSON to an assignment (its verdict, counts and run id only).
        UnknownBusinessError for a bad slug; InputRejectedError for a malformed run, a run about another business,
        or an assignment that is not tracked."""
        return attach_rehearsal(self.store, lg_code, slug, path, actor=actor)

    def apply_edit(self, row: ReportedRow, *, actor: str, source: str) -> ImportSummary:
        """Apply one edited row (e.g. from the dashboard) through the import path, so the history records
        who, when and what like any workbook import; raises InputRejectedError when refused."""
        return self.store.apply_rows(
            [row],
            kind="web",
            source=source,
            sha256="",
            actor=actor,
            as_of=row.as_of,
            synthetic=self.store.is_synthetic(),
        )

    # ---------------------------------------------------------------- queries

    def data_version(self) -> int:
        """The newest import id (0 when none): changes whenever any tracker data changes (for caches)."""
        return self.store.data_version()

    def is_empty(self) -> bool:
        """True when nothing has been imported yet (no report, no evidence): where ``--demo`` seeds the demo."""
        return self.store.counts().imports == 0

    def counts(self) -> TableCounts:
        """Row counts of the main tables."""
        return self.store.counts()

    def is_synthetic(self) -> bool:
        """True when the data is the synthetic demo data set (every view then says so)."""
        return self.store.is_synthetic()

    def bodies(self, prefecture_code: str | None = None) -> list[BodyRow]:
        """The tracked bodies (of one prefecture), in code order with the prefecture first."""
        return self.store.bodies(prefecture_code)

    def grid(self, prefecture_code: str | None = None) -> list[GridCell]:
        """Body × business cells (step counts and headline facts), nationally or for one prefecture."""
        return self.store.grid(prefecture_code=prefecture_code)

    def assignment_state(self, lg_code: str, business: str) -> AssignmentState | None:
        """The current fields and steps of one assignment, or None when it is not tracked."""
        return self.store.states([lg_code]).get((lg_code, business))

    def product_uses(self, vendor: str | None = None) -> list[ProductUse]:
        """Products chosen by bodies (optionally one vendor's), with how many bodies use each."""
        return self.store.product_uses(vendor)

    def certification_lookup(self) -> CertificationLookup:
        """The lookup used by readiness: the one given, else the store's certification table."""
        if self._certifications is not None:
            return self._certifications
        return InMemoryCertificationLookup(self.store.certifications())

    def certification_registry(self) -> list[CertificationRecord]:
        """The latest stored certification record per (product, version, business, spec version), by business."""
        latest = InMemoryCertificationLookup(self.store.certifications()).records()
        return sorted(latest, key=lambda r: (r.business, r.product, r.product_version, r.spec_version))

    def prefecture_grid(self, prefecture_code: str) -> PrefectureGrid:
        """The grid of one prefecture: its own body first, then its municipalities."""
        code = f"{int(prefecture_code):02d}"
        bodies = tuple(self.store.bodies(code))
        if not bodies:
            raise LookupError(f"no prefecture with code {prefecture_code!r} (01..47)")
        cells = {(c.lg_code, c.business): c for c in self.store.grid(prefecture_code=code)}
        return PrefectureGrid(
            code, bodies[0].prefecture_name, bodies, tuple(b.slug for b in BUSINESSES), cells, self.store.is_synthetic()
        )

    def assignments(self, lg_codes: Iterable[str] | None = None, *, on: date | None = None) -> list[AssignmentView]:
        """Full views (readiness + forecast) of the assignments of these bodies (all when None)."""
        codes = None if lg_codes is None else list(lg_codes)
        states = self.store.states(codes)
        lookup = self.certification_lookup()
        rehearsals = self.store.rehearsals(codes)
        observations = self.store.pace_observations()
        prior = fc.national_prior(observations.values())
        specs = self.store.specs_in_force(on or date.today())
        views: list[AssignmentView] = []
        for (lg_code, business), state in sorted(states.items()):
            obs = observations.get(state.id, fc.PaceObservation(None, None, 0, 0))
            projection = fc.project(obs, prior, live=is_live(state.fields, state.steps))
            evidence = Evidence(
                business,
                state.fields,
                state.steps,
                on or state.as_of,
                specs.get(business),
                rehearsals.get(state.id),
                projection.projected,
            )
            views.append(
                AssignmentView(
                    lg_code, business, state.fields, state.steps, state.as_of, assess(evidence, lookup), projection
                )
            )
        return views

    def body_detail(self, lg_code: str) -> tuple[BodyRow, list[AssignmentView]]:
        """One body and all its assignments in full."""
        matches = [b for b in self.store.bodies(lg_code[:2]) if b.lg_code == lg_code]
        if not matches:
            raise LookupError(f"{lg_code} is not a tracked body")
        return matches[0], self.assignments([lg_code])

    def rollup(self, dimension: str = "nation", *, prefecture_code: str | None = None) -> list[RollupRow]:
        """Roll-up by nation, prefecture, business, vendor or band (body class)."""
        return self.store.rollup(dimension, prefecture_code=prefecture_code)

    def rollup_history(self, dimension: str = "nation", key: str = "JP") -> list[tuple[date, RollupRow]]:
        """One roll-up group over time (one point per report date)."""
        return self.store.rollup_history(dimension, key)

    def history(self, lg_code: str, business: str | None = None, limit: int = 500) -> list[HistoryEntry]:
        """Recorded changes of a body, newest first."""
        return self.store.history(lg_code, business, limit)

    def readiness_counts(self, prefecture_code: str | None = None) -> dict[Level, int]:
        """How many assignments are at each readiness level."""
        codes = None if prefecture_code is None else [b.lg_code for b in self.store.bodies(prefecture_code)]
        tally = dict.fromkeys(Level, 0)
        for view in self.assignments(codes):
            tally[view.readiness.level] += 1
        return tally

    def forecast(self) -> ForecastReport:
        """At-risk lists against the deadline and each system's own target, and vendor load."""
        names = {b.lg_code: b.name for b in self.store.bodies()}
        deadline: list[AtRisk] = []
        own: list[AtRisk] = []
        load: list[tuple[str, date | None]] = []
        unreported = 0
        for view in self.assignments():
            if view.as_of is None:
                unreported += 1
                continue
            f, projected = view.fields, view.forecast.projected
            if view.readiness.level is Level.NOT_APPLICABLE:
                continue
            load.append((f.product_vendor or "(未定)", f.actual_cutover or projected))
            if view.forecast.basis == "complete":
                continue
            item = AtRisk(
                view.lg_code,
                names.get(view.lg_code, ""),
                view.business,
                f.target_date,
                projected,
                f.specific_support,
                f.product_vendor,
            )
            if not f.specific_support and (projected is None or projected > DEADLINE):
                deadline.append(item)
            own_target = f.new_target_date if f.specific_support else f.planned_cutover
            if own_target is not None and (projected is None or projected > own_target):
                own.append(
                    AtRisk(
                        item.lg_code,
                        item.body_name,
                        item.business,
                        own_target,
                        projected,
                        f.specific_support,
                        f.product_vendor,
                    )
                )
        prior = fc.national_prior(self.store.pace_observations().values())
        return ForecastReport(
            prior, tuple(deadline), tuple(own), fc.vendor_load(load), unreported, self.store.is_synthetic()
        )
