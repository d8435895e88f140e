"""The database plumbing the stores share: one engine factory and one way to run each store's migrations.

Every store (results, tracker, dashboard accounts) keeps its own tables, Alembic scripts and version
table, so they can share one database; how an engine is made and how migrations run is the same for
all, and lives here. Sits below the services, above the reference data. Other packages use the names
below, never the modules behind them.
"""

from conformance.storage.engines import make_engine, safe_url
from conformance.storage.migrations import run_migrations, upgrade_schema

__all__ = ["make_engine", "run_migrations", "safe_url", "upgrade_schema"]
