"""The SQL result store (SQLite file by default, PostgreSQL by URL): the only module that speaks SQL."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, RowMapping, Select, insert, select
from sqlalchemy.exc import IntegrityError

from conformance.domain.results import RunResult, Verdict
from conformance.domain.results_codec import run_from_dict, run_to_dict
from conformance.result_store import schema as t
from conformance.result_store.ordering import run_sort_key, utc
from conformance.result_store.records import (
    DECLARATION_FIELDS,
    STORED_RUN_FIELDS,
    DeclarationRecord,
    StoredRun,
    Waiver,
    waiver_of_values,
    waiver_values,
)
from conformance.storage import make_engine, upgrade_schema

DEFAULT_FILE = "conformance.db"
DEFAULT_URL = f"sqlite:///{DEFAULT_FILE}"
ENV_VAR = "CONFORMANCE_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def resolve_url(url: str | None) -> str:
    """The database URL to use: the given one, else $CONFORMANCE_DB, else ``sqlite:///conformance.db``."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def existing_url(url: str | None) -> str | None:
    """The store to read from, as `resolve_url`, but None instead of the default file when that does not exist.

    Reading (listing runs, looking one up, certifying) never creates an empty default store in the working
    directory; a URL given or named by $CONFORMANCE_DB is opened (and created) as asked.
    """
    chosen = url or os.environ.get(ENV_VAR)
    if chosen is None and not Path(DEFAULT_FILE).exists():
        return None
    return chosen or DEFAULT_URL


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
        values = _run_values(StoredRun.of(run))
        values["document"] = json.dumps(run_to_dict(run), ensure_ascii=False)
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
        query: Select[Any] = select(*(t.runs.c[name] for name in STORED_RUN_FIELDS))
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
            rows = conn.execute(query).mappings().all()
        found = [_stored_run(row) for row in rows]
        return sorted(found, key=run_sort_key)

    # ----------------------------------------------------------------- waivers

    def add_waiver(self, waiver: Waiver) -> None:
        """Store a waiver; the same waiver_id twice raises ValueError."""
        self._insert(t.waivers, waiver_values(waiver), f"waiver {waiver.waiver_id}")

    def waivers(self, *, product: str | None = None, business: str | None = None) -> list[Waiver]:
        """Waivers, optionally of one product and/or business, ordered by ID."""
        query = select(t.waivers).order_by(t.waivers.c.waiver_id)
        if product is not None:
            query = query.where(t.waivers.c.product == product)
        if business is not None:
            query = query.where(t.waivers.c.business == business)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [waiver_of_values(dict(row)) for row in rows]

    # ----------------------------------------------------------------- declarations

    def add_declaration(self, record: DeclarationRecord) -> None:
        """Store a declaration; the same declaration_id twice raises ValueError."""
        self._insert(t.declarations, _declaration_values(record), f"declaration {record.declaration_id}")

    def declarations(self, *, product: str | None = None, business: str | None = None) -> list[DeclarationRecord]:
        """Declarations, optionally filtered, oldest first."""
        query = select(t.declarations).order_by(t.declarations.c.submitted_at, t.declarations.c.declaration_id)
        if product is not None:
            query = query.where(t.declarations.c.product == product)
        if business is not None:
            query = query.where(t.declarations.c.business == business)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_declaration(row) for row in rows]

    # ----------------------------------------------------------------- helpers

    def _insert(self, table: t.Table, values: dict[str, Any], what: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(table).values(**values))
        except IntegrityError as exc:
            raise ValueError(f"{what} is already stored") from exc


def _run_values(row: StoredRun) -> dict[str, Any]:
    """The columns of a run's summary (times in UTC, the verdict by its value)."""
    values = {name: getattr(row, name) for name in STORED_RUN_FIELDS}
    values["started_at"] = utc(row.started_at)
    values["verdict"] = row.verdict.value
    return values


def _stored_run(row: RowMapping) -> StoredRun:
    """The summary of a run from its columns (the inverse of `_run_values`)."""
    values = {name: row[name] for name in STORED_RUN_FIELDS}
    values["started_at"] = _aware(row["started_at"])
    values["verdict"] = Verdict(row["verdict"])
    return StoredRun(**values)


def _declaration_values(record: DeclarationRecord) -> dict[str, Any]:
    """The columns of a declaration (the time in UTC, the document as JSON text)."""
    values = {name: getattr(record, name) for name in DECLARATION_FIELDS}
    values["submitted_at"] = utc(record.submitted_at)
    values["document"] = json.dumps(dict(record.document), ensure_ascii=False)
    return values


def _declaration(row: RowMapping) -> DeclarationRecord:
    """A declaration from its columns (the inverse of `_declaration_values`)."""
    values = {name: row[name] for name in DECLARATION_FIELDS}
    values["submitted_at"] = _aware(row["submitted_at"])
    values["document"] = json.loads(row["document"])
    return DeclarationRecord(**values)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for what was written as UTC."""
    return utc(moment)
