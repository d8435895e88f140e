"""Store fixtures: every contract test runs on the in-memory twin, SQLite, and PostgreSQL.

PostgreSQL gets a throwaway database per test session (created and dropped here); when the
server at 127.0.0.1:5432 is unreachable those tests skip and say so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conformance.result_store import InMemoryResultStore, ResultStore, SqlResultStore, make_engine

PG_ADMIN = os.environ.get("CONFORMANCE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL database for this session."""
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"conformance_results_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable: {exc.__class__.__name__}")
    yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ResultStore]:
    """A fresh, empty store of each implementation."""
    if request.param == "memory":
        yield InMemoryResultStore()
        return
    url = f"sqlite:///{tmp_path / 'results.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    sql = SqlResultStore(engine)
    sql.upgrade()
    yield sql
    if request.param == "postgres":
        with engine.begin() as conn:
            for table in ("results_declarations", "results_waivers", "results_runs"):
                conn.execute(text(f"DELETE FROM {table}"))
    engine.dispose()
