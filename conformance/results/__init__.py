"""The result store: RunResults, waivers and declarations, in SQL (SQLite / PostgreSQL) or in memory.

`ResultStore` is the protocol every consumer depends on; `SqlResultStore` is the database
implementation (Alembic migrations, own version table) and `InMemoryResultStore` its twin for tests.
"""

from conformance.results.memory import InMemoryResultStore
from conformance.results.protocol import ResultStore
from conformance.results.records import DeclarationRecord, StoredRun, Waiver
from conformance.results.sql import DEFAULT_URL, ENV_VAR, SqlResultStore, resolve_url
from conformance.storage import make_engine

__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "DeclarationRecord",
    "InMemoryResultStore",
    "ResultStore",
    "SqlResultStore",
    "StoredRun",
    "Waiver",
    "make_engine",
    "resolve_url",
]
