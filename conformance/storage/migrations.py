"""Run a store's Alembic migrations on a connection the store hands over (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, Engine, MetaData, create_engine


def upgrade_schema(engine: Engine, script_location: Path) -> None:
    """Create or upgrade a store's tables to the newest revision, in one transaction."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def run_migrations(metadata: MetaData, version_table: str) -> None:
    """The body of every store's ``env.py``: migrate on the handed-over connection (or on the configured
    URL when ``alembic`` is run by hand), recording the revision in the store's own version table."""
    connection = context.config.attributes.get("connection")
    if connection is None:  # pragma: no cover - only `alembic` run by hand without a store
        with create_engine(context.config.get_main_option("sqlalchemy.url") or "").connect() as conn:
            _run(conn, metadata, version_table)
    else:
        _run(connection, metadata, version_table)


def _run(connection: Connection, metadata: MetaData, version_table: str) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=version_table,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
