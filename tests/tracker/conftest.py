"""Fixtures of the tracker tests: a fresh store on SQLite and on PostgreSQL, and workbook builders.

PostgreSQL: one throwaway database per test session on 127.0.0.1:5432 (user postgres, trust
auth), emptied before each test; the PostgreSQL parameter skips, with the reason, when the server
is unreachable.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from conformance.storage import make_engine
from conformance.tracker import COLUMNS, TrackerStore, header_row

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _pg_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3):
            return None
    except Exception as error:  # the reason is shown in the skip message
        return f"PostgreSQL at 127.0.0.1:5432 unreachable: {type(error).__name__}: {error}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this session (dropped at the end)."""
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    url: str = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[TrackerStore]:
    """An initialised store (every body × business seeded, nothing reported)."""
    engine = make_engine(db_url)
    tracker_store = TrackerStore(engine)
    tracker_store.initialize()
    yield tracker_store
    engine.dispose()


Row = dict[str, Any]


def steps_row(done: int = 0, in_progress: int = 0, not_applicable: Sequence[int] = ()) -> list[str]:
    """40 status cells: the first `done` steps 完了済み, then `in_progress` 作業中, the rest 未着手."""
    cells: list[str] = []
    for number in range(1, 41):
        if number in not_applicable:
            cells.append("対象外")
        elif number <= done:
            cells.append("完了済み")
        elif number <= done + in_progress:
            cells.append("作業中")
        else:
            cells.append("未着手")
    return cells


def _cells(row: Row) -> list[Any]:
    steps = row.get("steps") or steps_row()
    values = [row.get(c.field, row.get(c.header)) for c in COLUMNS]
    return values + list(steps)


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """Build a liaison workbook (.xlsx, or .csv when name ends so) from row dicts keyed by field."""
    def build(rows: Sequence[Row], name: str = "report.xlsx", header: list[str] | None = None) -> Path:
        path = tmp_path / name
        head = header or header_row()
        if path.suffix == ".csv":
            import csv

            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(head)
                for row in rows:
                    writer.writerow(["" if v is None else v for v in _cells(row)])
            return path
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "移行状況"
        sheet.append(head)
        for row in rows:
            sheet.append(_cells(row))
        workbook.save(path)
        return path

    return build


AS_OF = date(2025, 7, 31)
