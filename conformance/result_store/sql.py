"""The SQL result store (SQLite file by default, PostgreSQL by URL): the only module that speaks SQL."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, insert, select
from sqlalchemy.exc import IntegrityError

from conformance.domain.results import RunResult, Verdict
from conformance.domain.results_codec import run_from_dict, run_to_dict
from conformance.result_store import schema as t
from conformance.result_store.ordering import run_sort_key, utc
from conformance.result_store.records import DeclarationRecord, StoredRun, Waiver
from conformance.storage import make_engine, upgrade_schema

DEFAULT_URL = "sqlite:///conformance.db"
ENV_VAR = "CONFORMANCE_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def resolve_url(url: str | None) -> str:
    """The database URL to use: the given one, else $CONFORMANCE_DB, else ``sqlite:///conformance.db``."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


class SqlResultStore:
    """A ResultStore over one SQLAlchemy engine; call `upgrade()` once before use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> SqlResultStore:
        """Open (and migrate) the store at `url` (see `resolve_url`)."""
        store = cls(make_engine(resolve_url(url)))
        store.upgrade()
        return store

    def upgrade(self) -> None:
        """Bring the schema to the latest migration (same migrations on SQLite and PostgreSQL)."""
        upgrade_schema(self.engine, MIGRATIONS)

    # ----------------------------------------------------------------- runs

    def add_run(self, run: RunResult) -> None:
        """Store a run; the same run_id twice raises ValueError."""
        row = StoredRun.of(run)
        values = {
            "run_id": row.run_id,
            "kind": row.kind,
            "business": row.business,
            "spec_version": row.spec_version,
            "product": row.product,
            "product_version": row.product_version,
            "target": row.target,
            "started_at": utc(row.started_at),
            "verdict": row.verdict.value,
            "document": json.dumps(run_to_dict(run), ensure_ascii=False),
        }
        self._insert(t.runs, values, f"run {run.run_id}")

    def get_run(self, run_id: str) -> RunResult:
        """The run with this ID; KeyError if absent."""
        with self.engine.connect() as conn:
            document = conn.execute(select(t.runs.c.document).where(t.runs.c.run_id == run_id)).scalar_one_or_none()
        if document is None:
            raise KeyError(run_id)
        return run_from_dict(json.loads(document))

    def list_runs(
        self,
        *,
        business: str | None = None,
        spec_version: str | None = None,
        product: str | None = None,
        product_version: str | None = None,
        kind: str | None = None,
    ) -> list[StoredRun]:
        """Summaries of the matching runs, oldest first."""
        query: Select[Any] = select(
            t.runs.c.run_id,
            t.runs.c.kind,
            t.runs.c.business,
            t.runs.c.spec_version,
            t.runs.c.product,
            t.runs.c.product_version,
            t.runs.c.target,
            t.runs.c.started_at,
            t.runs.c.verdict,
        )
        filters = {
            "business": business,
            "spec_version": spec_version,
            "product": product,
            "product_version": product_version,
            "kind": kind,
        }
        for name, value in filters.items():
            if value is not None:
                query = query.where(t.runs.c[name] == value)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        found = [
            StoredRun(
                run_id=r.run_id,
                kind=r.kind,
                business=r.business,
                spec_version=r.spec_version,
                product=r.product,
                product_version=r.product_version,
                target=r.target,
                started_at=_aware(r.started_at),
                verdict=Verdict(r.verdict),
            )
            for r in rows
        ]
        return sorted(found, key=run_sort_key)

    # ----------------------------------------------------------------- waivers

    def add_waiver(self, waiver: Waiver) -> None:
        """Store a waiver; the same waiver_id twice raises ValueError."""
        values = {
            "waiver_id": waiver.waiver_id,
            "product": waiver.product,
            "product_version": waiver.product_version,
            "business": waiver.business,
            "spec_version": waiver.spec_version,
            "case_id": waiver.case_id,
            "justification": waiver.justification,
            "approver": waiver.approver,
            "granted": waiver.granted,
            "expires": waiver.expires,
        }
        self._insert(t.waivers, values, f"waiver {waiver.waiver_id}")

    def waivers(self, *, product: str | None = None, business: str | None = None) -> list[Waiver]:
        """Waivers, optionally of one product and/or business, ordered by ID."""
        query = select(t.waivers).order_by(t.waivers.c.waiver_id)
        if product is not None:
            query = query.where(t.waivers.c.product == product)
        if business is not None:
            query = query.where(t.waivers.c.business == business)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [Waiver(**dict(row)) for row in rows]

    # ----------------------------------------------------------------- declarations

    def add_declaration(self, record: DeclarationRecord) -> None:
        """Store a declaration; the same declaration_id twice raises ValueError."""
        values = {
            "declaration_id": record.declaration_id,
            "business": record.business,
            "spec_version": record.spec_version,
            "product": record.product,
            "product_version": record.product_version,
            "submitted_at": utc(record.submitted_at),
            "document": json.dumps(dict(record.document), ensure_ascii=False),
        }
        self._insert(t.declarations, values, f"declaration {record.declaration_id}")

    def declarations(self, *, product: str | None = None, business: str | None = None) -> list[DeclarationRecord]:
        """Declarations, optionally filtered, oldest first."""
        query = select(t.declarations).order_by(t.declarations.c.submitted_at, t.declarations.c.declaration_id)
        if product is not None:
            query = query.where(t.declarations.c.product == product)
        if business is not None:
            query = query.where(t.declarations.c.business == business)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            DeclarationRecord(
                declaration_id=row["declaration_id"],
                business=row["business"],
                spec_version=row["spec_version"],
                product=row["product"],
                product_version=row["product_version"],
                submitted_at=_aware(row["submitted_at"]),
                document=json.loads(row["document"]),
            )
            for row in rows
        ]

    # ----------------------------------------------------------------- helpers

    def _insert(self, table: t.Table, values: dict[str, Any], what: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(table).values(**values))
        except IntegrityError as exc:
            raise ValueError(f"{what} is already stored") from exc


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for what was written as UTC."""
    return utc(moment)
