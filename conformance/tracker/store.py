"""The tracker's database: the only module that speaks SQL.

`make_engine(url)` builds an engine (SQLite file by default, PostgreSQL by URL); `TrackerStore`
creates the schema through the Alembic migrations, seeds the bodies and businesses, applies
imports in one locked transaction, and answers the queries the service needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    case,
    func,
    literal,
    select,
    update,
)

from conformance.domain.businesses import BUSINESSES
from conformance.municipalities import bodies as reference_bodies
from conformance.storage import upgrade_schema
from conformance.tracker import rows as rec
from conformance.tracker import schema as t
from conformance.tracker.bands import classify
from conformance.tracker.certification import CertificationRecord
from conformance.tracker.changes import AssignmentChange, plan_changes
from conformance.tracker.forecast import PaceObservation
from conformance.tracker.records import (
    AssignmentState,
    BodyRow,
    GridCell,
    HistoryEntry,
    ImportSummary,
    InputRejectedError,
    Problem,
    ProductUse,
    RehearsalSummary,
    ReportedRow,
    RollupRow,
    TableCounts,
)
from conformance.tracker.steps import STEP_COUNT, StepStatus

DEFAULT_URL = "sqlite:///conformance-tracker.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
IMPORT_LOCK = "import"
DIMENSIONS = ("nation", "prefecture", "business", "vendor", "band")
UNDECIDED_VENDOR = "(未定)"


Planner = Callable[[Mapping[tuple[str, str], AssignmentState]], tuple[list[AssignmentChange], list[Problem]]]


class TrackerStore:
    """Reads and writes the tracker tables through one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ----------------------------------------------------------------- schema and seed

    def upgrade(self) -> None:
        """Bring the schema to the latest migration (same migrations on SQLite and PostgreSQL)."""
        upgrade_schema(self.engine, MIGRATIONS)

    def initialize(self) -> int:
        """Migrate, then seed bodies, businesses and every assignment (idempotent). Returns assignments."""
        self.upgrade()
        with self.engine.begin() as conn:
            if conn.execute(select(func.count()).select_from(t.bodies)).scalar_one() == 0:
                self._seed(conn)
            return int(conn.execute(select(func.count()).select_from(t.assignments)).scalar_one())

    def _seed(self, conn: Connection) -> None:
        everything = reference_bodies()
        conn.execute(t.bodies.insert(), [
            {"lg_code": b.lg_code, "name": b.name, "prefecture_code": b.prefecture_code,
             "prefecture_name": b.prefecture_name, "county_name": b.county_name, "kind": b.kind.value,
             "body_class": classify(b).value, "is_hoppo": b.is_hoppo}
            for b in everything
        ])
        conn.execute(t.businesses.insert(), [
            {"slug": b.slug, "number": b.number, "name_ja": b.name_ja, "label_ja": b.label_ja,
             "name_en": b.name_en, "prefecture_scope": b.prefecture_scope}
            for b in BUSINESSES
        ])
        pairs = [
            {"lg_code": body.lg_code, "business": biz.slug, "specific_support": False, "n_done": 0,
             "n_in_progress": 0, "n_not_started": STEP_COUNT, "n_not_applicable": 0, "live": False,
             "synthetic": False}
            for body in everything if body.counted
            for biz in BUSINESSES if body.kind.value == "municipality" or biz.prefecture_scope
        ]
        self._bulk_insert(conn, t.assignments, pairs)
        conn.execute(t.locks.insert(), [{"name": IMPORT_LOCK, "holder": ""}])

    def _bulk_insert(self, conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many rows on the raw driver (COPY on PostgreSQL, executemany on SQLite).

        SQLAlchemy's per-row parameter processing costs more than the database itself for a
        national import (about 1.4 million rows), so bulk writes go to the driver directly.
        """
        if not rows:
            return
        columns = list(rows[0])
        raw: Any = conn.connection.driver_connection
        if conn.dialect.name == "postgresql":
            statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(tuple(row[c] for c in columns))
            return
        placeholders = ", ".join("?" for _ in columns)
        temporal = [i for i, c in enumerate(columns) if any(isinstance(row[c], date) for row in rows[:50])]
        pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
        values: list[Any] = [pick(row) for row in rows]
        if temporal:
            # The same few dates repeat on every row (the report's as-of): convert each once.
            memo: dict[Any, Any] = {}
            for n, picked in enumerate(values):
                row_values = list(picked)
                for i in temporal:
                    key = row_values[i]
                    found = memo.get(key, memo)
                    if found is memo:
                        found = memo[key] = _sqlite_value(key)
                    row_values[i] = found
                values[n] = row_values
        cursor = raw.cursor()
        cursor.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({placeholders})", values)
        cursor.close()

    def _bulk_update(self, conn: Connection, table: Table, keys: Sequence[str], columns: Sequence[str],
                     rows: Sequence[Sequence[Any]]) -> None:
        """UPDATE many rows on the raw driver; each row holds the `columns` values then the `keys`."""
        if not rows:
            return
        mark = "%s" if conn.dialect.name == "postgresql" else "?"
        statement = (
            f"UPDATE {table.name} SET {', '.join(f'{c} = {mark}' for c in columns)} "
            f"WHERE {' AND '.join(f'{k} = {mark}' for k in keys)}"
        )
        raw: Any = conn.connection.driver_connection
        if conn.dialect.name != "postgresql":
            rows = [tuple(_sqlite_value(v) for v in row) for row in rows]
        cursor = raw.cursor()
        cursor.executemany(statement, rows)
        cursor.close()

    # ----------------------------------------------------------------- writing

    @contextmanager
    def locked(self, holder: str) -> Iterator[Connection]:
        """A transaction holding the import lock: concurrent imports wait, never interleave."""
        with self.engine.begin() as conn:
            conn.execute(
                update(t.locks).where(t.locks.c.name == IMPORT_LOCK)
                .values(holder=holder[:100], acquired_at=datetime.now(UTC))
            )
            yield conn

    def apply_rows(
        self, rows: Sequence[ReportedRow], *, kind: str, source: str, sha256: str, actor: str,
        as_of: date, synthetic: bool = False, allow_backwards: bool = False,
    ) -> ImportSummary:
        """Apply reported rows all-or-nothing; raises InputRejectedError (nothing written) on a problem."""
        def planner(current: Mapping[tuple[str, str], AssignmentState]) -> tuple[
                list[AssignmentChange], list[Problem]]:
            return plan_changes(rows, current, source, allow_backwards=allow_backwards)

        keys = {(r.lg_code, r.business) for r in rows}
        with self.locked(actor) as conn:
            current = self._states(conn, {lg for lg, _ in keys})
            changes, problems = planner(current)
            if problems:
                raise InputRejectedError(problems)
            if not changes:
                return ImportSummary(None, len(rows), 0, 0)
            import_id = self._record_import(conn, kind=kind, source=source, sha256=sha256, actor=actor, as_of=as_of,
                                            changes=sum(len(c.changes) for c in changes), synthetic=synthetic)
            self._write_changes(conn, import_id, changes, synthetic)
            self._snapshot(conn, import_id, as_of)
            return ImportSummary(import_id, len(rows), len(changes), sum(len(c.changes) for c in changes))

    def _record_import(self, conn: Connection, *, kind: str, source: str, sha256: str, actor: str,
                       as_of: date, changes: int, synthetic: bool) -> int:
        result = conn.execute(t.imports.insert().values(
            kind=kind, source=source[:400], sha256=sha256, actor=actor[:100],
            imported_at=datetime.now(UTC), as_of=as_of, changes=changes, synthetic=synthetic,
        ))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def _write_changes(self, conn: Connection, import_id: int, changes: Sequence[AssignmentChange],
                       synthetic: bool) -> None:
        self._bulk_insert(conn, t.history, [
            {"import_id": import_id, "assignment_id": c.assignment_id, "field": f.field,
             "old_value": f.old, "new_value": f.new, "as_of": c.as_of}
            for c in changes for f in c.changes
        ])
        self._bulk_insert(conn, t.step_statuses, [
            {"assignment_id": c.assignment_id, "step": n, "status": _STATUS_VALUE[c.steps[n - 1]], "as_of": c.as_of}
            for c in changes for n in c.new_step_rows
        ])
        self._bulk_update(conn, t.step_statuses, ("assignment_id", "step"), ("status", "as_of"), [
            (_STATUS_VALUE[c.steps[n - 1]], c.as_of, c.assignment_id, n)
            for c in changes for n in c.changed_steps if n not in c.new_step_rows
        ])
        self._update_assignments(conn, changes, synthetic)

    def _update_assignments(self, conn: Connection, changes: Sequence[AssignmentChange], synthetic: bool) -> None:
        columns = (*rec.FIELD_COLUMNS, "n_done", "n_in_progress", "n_not_started", "n_not_applicable", "live",
                   "as_of", "first_as_of", "synthetic")
        rows = []
        for c in changes:
            counts = c.counts
            rows.append((
                *rec.field_values(c.fields), counts.done, counts.in_progress,
                counts.not_started, counts.not_applicable, c.live, c.as_of, c.first_as_of, synthetic,
                c.assignment_id,
            ))
        self._bulk_update(conn, t.assignments, ("id",), columns, rows)

    def _snapshot(self, conn: Connection, import_id: int, as_of: date) -> None:
        rows = [rec.snapshot_values(import_id, as_of, r)
                for dimension in DIMENSIONS for r in self._rollup(conn, dimension)]
        self._bulk_insert(conn, t.snapshots, rows)

    # ----------------------------------------------------------------- reading state

    def states(self, lg_codes: Iterable[str] | None = None) -> dict[tuple[str, str], AssignmentState]:
        """Current state of the assignments of these bodies (all when None)."""
        with self.engine.connect() as conn:
            return self._states(conn, set(lg_codes) if lg_codes is not None else None)

    def _states(self, conn: Connection, lg_codes: set[str] | None) -> dict[tuple[str, str], AssignmentState]:
        a, ss = t.assignments, t.step_statuses
        query = select(a)
        steps_query = select(ss.c.assignment_id, ss.c.step, ss.c.status).join(a, a.c.id == ss.c.assignment_id)
        if lg_codes is not None and len(lg_codes) <= 500:
            query = query.where(a.c.lg_code.in_(sorted(lg_codes)))
            steps_query = steps_query.where(a.c.lg_code.in_(sorted(lg_codes)))
        reported: dict[int, dict[int, StepStatus]] = defaultdict(dict)
        for assignment_id, number, status in conn.execute(steps_query):
            reported[assignment_id][number] = StepStatus(status)
        states: dict[tuple[str, str], AssignmentState] = {}
        for row in conn.execute(query).mappings():
            if lg_codes is not None and row["lg_code"] not in lg_codes:
                continue
            states[(row["lg_code"], row["business"])] = rec.assignment_state(row, reported.get(row["id"], {}))
        return states

    def pace_observations(self) -> dict[int, PaceObservation]:
        """Per assignment id: first and latest as-of, steps complete now, and steps completed since the first."""
        a, ss = t.assignments, t.step_statuses
        complete = ss.c.status.in_([StepStatus.DONE.value, StepStatus.NOT_APPLICABLE.value])
        gained = (
            select(ss.c.assignment_id, func.count().label("gained"))
            .join(a, a.c.id == ss.c.assignment_id)
            .where(complete, ss.c.as_of > a.c.first_as_of)
            .group_by(ss.c.assignment_id)
            .subquery()
        )
        query = select(
            a.c.id, a.c.first_as_of, a.c.as_of, (a.c.n_done + a.c.n_not_applicable).label("complete"),
            func.coalesce(gained.c.gained, 0).label("gained"),
        ).outerjoin(gained, gained.c.assignment_id == a.c.id)
        with self.engine.connect() as conn:
            return {row["id"]: rec.pace_observation(row) for row in conn.execute(query).mappings()}

    # ----------------------------------------------------------------- queries for views

    def bodies(self, prefecture_code: str | None = None, *, include_hoppo: bool = False) -> list[BodyRow]:
        """Bodies in code order (prefectures first within a prefecture's list)."""
        b = t.bodies
        query = select(b).order_by(b.c.prefecture_code, b.c.kind.desc(), b.c.lg_code)
        if prefecture_code is not None:
            query = query.where(b.c.prefecture_code == prefecture_code)
        if not include_hoppo:
            query = query.where(b.c.is_hoppo.is_(False))
        with self.engine.connect() as conn:
            return [rec.body_row(r) for r in conn.execute(query).mappings()]

    def grid(self, prefecture_code: str | None = None, lg_code: str | None = None) -> list[GridCell]:
        """Body × business cells (step counts and headline facts) for a prefecture or one body."""
        a, b = t.assignments, t.bodies
        query = select(
            a.c.lg_code, a.c.business, a.c.n_done, a.c.n_in_progress, a.c.n_not_started, a.c.n_not_applicable,
            a.c.live, a.c.specific_support, a.c.reason_code,
        ).join(b, b.c.lg_code == a.c.lg_code).order_by(a.c.lg_code, a.c.business)
        if prefecture_code is not None:
            query = query.where(b.c.prefecture_code == prefecture_code)
        if lg_code is not None:
            query = query.where(a.c.lg_code == lg_code)
        with self.engine.connect() as conn:
            return [rec.grid_cell(r) for r in conn.execute(query).mappings()]

    def rollup(self, dimension: str, *, prefecture_code: str | None = None) -> list[RollupRow]:
        """Aggregate step counts by `dimension` (nation, prefecture, business, vendor, band)."""
        with self.engine.connect() as conn:
            return self._rollup(conn, dimension, prefecture_code)

    def _rollup(self, conn: Connection, dimension: str, prefecture_code: str | None = None) -> list[RollupRow]:
        a, b = t.assignments, t.bodies
        keys: dict[str, Any] = {
            "nation": literal("JP"),
            "prefecture": b.c.prefecture_code,
            "business": a.c.business,
            "vendor": func.coalesce(a.c.product_vendor, UNDECIDED_VENDOR),
            "band": b.c.body_class,
        }
        if dimension not in keys:
            raise ValueError(f"unknown roll-up dimension {dimension!r}; known: {', '.join(DIMENSIONS)}")
        key = keys[dimension].label("key")
        counts = (
            func.count(), func.sum(a.c.n_done), func.sum(a.c.n_in_progress), func.sum(a.c.n_not_started),
            func.sum(a.c.n_not_applicable), func.sum(case((a.c.live, 1), else_=0)),
            func.sum(case((a.c.specific_support, 1), else_=0)),
        )
        query = (
            select(key, *(column.label(name) for column, name in zip(counts, rec.ROLLUP_COUNTS, strict=True)))
            .select_from(a.join(b, b.c.lg_code == a.c.lg_code))
            .where(a.c.n_not_applicable < STEP_COUNT)
            .group_by(key)
            .order_by(key)
        )
        if prefecture_code is not None:
            query = query.where(b.c.prefecture_code == prefecture_code)
        return [rec.rollup_row(dimension, r) for r in conn.execute(query).mappings()]

    def rollup_history(self, dimension: str, key: str) -> list[tuple[date, RollupRow]]:
        """The snapshots of one roll-up group, one per as-of date (the latest import of that date)."""
        s = t.snapshots
        query = (
            select(s).where(s.c.dimension == dimension, s.c.key == key).order_by(s.c.as_of, s.c.import_id)
        )
        latest: dict[date, RollupRow] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(query).mappings():
                latest[r["as_of"]] = rec.rollup_row(dimension, r)
        return sorted(latest.items())

    def history(self, lg_code: str, business: str | None = None, limit: int = 500) -> list[HistoryEntry]:
        """The recorded changes of a body (optionally one business), newest first."""
        h, a, i = t.history, t.assignments, t.imports
        query = (
            select(h.c.import_id, i.c.source, i.c.actor, i.c.imported_at, a.c.lg_code, a.c.business, h.c.field,
                   h.c.old_value, h.c.new_value, h.c.as_of)
            .join(a, a.c.id == h.c.assignment_id).join(i, i.c.id == h.c.import_id)
            .where(a.c.lg_code == lg_code)
            .order_by(h.c.id.desc()).limit(limit)
        )
        if business is not None:
            query = query.where(a.c.business == business)
        with self.engine.connect() as conn:
            return [rec.history_entry(r) for r in conn.execute(query).mappings()]

    def counts(self) -> TableCounts:
        """Row counts of the main tables (bodies, counted bodies, assignments, step rows, history, imports)."""
        b = t.bodies
        with self.engine.connect() as conn:
            def n(table: Table) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            counted = conn.execute(select(func.count()).select_from(b).where(b.c.is_hoppo.is_(False))).scalar_one()
            return TableCounts(bodies=n(b), counted_bodies=int(counted), assignments=n(t.assignments),
                               step_rows=n(t.step_statuses), history=n(t.history), imports=n(t.imports))

    def data_version(self) -> int:
        """The newest import id (0 when none): it changes whenever any tracker data changes."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(t.imports.c.id), 0))).scalar_one())

    def product_uses(self, vendor: str | None = None) -> list[ProductUse]:
        """Products chosen by bodies, grouped by vendor, product version, business and spec version."""
        a = t.assignments
        query = (
            select(a.c.product_vendor, a.c.product, a.c.product_version, a.c.business, a.c.spec_version,
                   func.count().label("deployments"))
            .where(a.c.product.is_not(None), a.c.product_vendor.is_not(None))
            .group_by(a.c.product_vendor, a.c.product, a.c.product_version, a.c.business, a.c.spec_version)
            .order_by(a.c.product_vendor, a.c.product, a.c.product_version, a.c.business)
        )
        if vendor is not None:
            query = query.where(a.c.product_vendor == vendor)
        with self.engine.connect() as conn:
            return [rec.product_use(r) for r in conn.execute(query).mappings()]

    def is_synthetic(self) -> bool:
        """True when any stored assignment came from the synthetic demo data set."""
        a = t.assignments
        with self.engine.connect() as conn:
            return conn.execute(select(a.c.id).where(a.c.synthetic.is_(True)).limit(1)).first() is not None

    def assignment_ids(self) -> dict[tuple[str, str], int]:
        """Assignment ids by (lg_code, business)."""
        with self.engine.connect() as conn:
            return _assignment_ids(conn)

    # ----------------------------------------------------------------- evidence

    def add_certifications(self, records: Sequence[CertificationRecord], *, source: str, sha256: str,
                           actor: str, as_of: date) -> int:
        """Append certification records (never overwritten: the latest per key wins). Returns the import id."""
        with self.locked(actor) as conn:
            import_id = self._record_import(conn, kind="certifications", source=source, sha256=sha256, actor=actor,
                                            as_of=as_of, changes=len(records), synthetic=False)
            self._bulk_insert(conn, t.certifications, [rec.certification_values(import_id, r) for r in records])
            return import_id

    def set_spec_in_force(self, business: str, spec_version: str, effective_from: date, *, actor: str) -> None:
        """Record the spec version in force for a business from a date (appended, never overwritten)."""
        with self.locked(actor) as conn:
            import_id = self._record_import(conn, kind="spec_in_force", source=f"{business}={spec_version}", sha256="",
                                            actor=actor, as_of=effective_from, changes=1, synthetic=False)
            conn.execute(t.spec_in_force.insert().values(
                import_id=import_id, business=business, spec_version=spec_version, effective_from=effective_from))

    def certifications(self) -> list[CertificationRecord]:
        """Every certification record, oldest first."""
        c = t.certifications
        with self.engine.connect() as conn:
            return [rec.certification_record(r) for r in conn.execute(select(c).order_by(c.c.id)).mappings()]

    def specs_in_force(self, on: date) -> dict[str, str]:
        """The spec version in force per business on a date (latest record effective by then)."""
        s = t.spec_in_force
        query = select(s.c.business, s.c.spec_version).where(s.c.effective_from <= on).order_by(
            s.c.effective_from, s.c.id)
        with self.engine.connect() as conn:
            return {r[0]: r[1] for r in conn.execute(query)}

    def add_rehearsals(self, items: Sequence[tuple[str, str, RehearsalSummary]], *, source: str,
                       sha256: str, actor: str) -> int:
        """Attach data-conformance run summaries to assignments (appended; a known run id is skipped).

        Returns how many were added; raises InputRejectedError when an assignment is not tracked.
        """
        r = t.rehearsals
        with self.locked(actor) as conn:
            ids = _assignment_ids(conn)
            missing = [Problem("unknown_assignment", f"{lg} × {biz} is not tracked", source)
                       for lg, biz, _ in items if (lg, biz) not in ids]
            if missing:
                raise InputRejectedError(missing)
            known = {(row[0], row[1]) for row in conn.execute(select(r.c.assignment_id, r.c.run_id))}
            fresh = [(ids[(lg, biz)], run) for lg, biz, run in items if (ids[(lg, biz)], run.run_id) not in known]
            if not fresh:
                return 0
            latest = max(run.finished_at for _, run in fresh).date()
            import_id = self._record_import(conn, kind="rehearsal", source=source, sha256=sha256, actor=actor,
                                            as_of=latest, changes=len(fresh), synthetic=False)
            self._bulk_insert(conn, r, [rec.rehearsal_values(import_id, aid, run) for aid, run in fresh])
            return len(fresh)

    def rehearsals(self, lg_codes: Iterable[str] | None = None) -> dict[int, RehearsalSummary]:
        """The latest rehearsal per assignment id."""
        r, a = t.rehearsals, t.assignments
        query = select(r).order_by(r.c.finished_at, r.c.id)
        if lg_codes is not None:
            query = query.join(a, a.c.id == r.c.assignment_id).where(a.c.lg_code.in_(sorted(set(lg_codes))))
        with self.engine.connect() as conn:
            return {row["assignment_id"]: rec.rehearsal_summary(row) for row in conn.execute(query).mappings()}


_STATUS_VALUE = {s: s.value for s in StepStatus}  # Enum.value is a slow descriptor; 1.2 M look-ups per import


def _assignment_ids(conn: Connection) -> dict[tuple[str, str], int]:
    a = t.assignments
    return {(r[1], r[2]): r[0] for r in conn.execute(select(a.c.id, a.c.lg_code, a.c.business))}


def _sqlite_value(value: Any) -> Any:
    """Dates and datetimes as SQLAlchemy's SQLite types store them (ISO text)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value
