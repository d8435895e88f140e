"""The result store: RunResults, waivers and declarations, in SQL (SQLite / PostgreSQL) or in memory.

`ResultStore` is the protocol every consumer depends on; `SqlResultStore` is the database
implementation (Alembic migrations, own version table) and `InMemoryResultStore` its twin for tests.
"""

from conformance.result_store.memory import InMemoryResultStore
from conformance.result_store.protocol import ResultStore
from conformance.result_store.records import (
    WAIVER_FIELDS,
    DeclarationRecord,
    StoredRun,
    Waiver,
    waiver_from_dict,
    waiver_to_dict,
)
from conformance.result_store.sql import DEFAULT_URL, ENV_VAR, SqlResultStore, existing_url, resolve_url
from conformance.storage import make_engine

__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "WAIVER_FIELDS",
    "DeclarationRecord",
    "InMemoryResultStore",
    "ResultStore",
    "SqlResultStore",
    "StoredRun",
    "Waiver",
    "existing_url",
    "make_engine",
    "resolve_url",
    "waiver_from_dict",
    "waiver_to_dict",
]
