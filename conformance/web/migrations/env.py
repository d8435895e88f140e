"""Alembic environment of the dashboard: its own version table, on the connection the store hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from conformance.web.schema import metadata

VERSION_TABLE = "web_alembic_version"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:  # pragma: no cover - only `alembic` run by hand without the store
    from sqlalchemy import create_engine

    with create_engine(context.config.get_main_option("sqlalchemy.url") or "").connect() as conn:
        _run(conn)
else:
    _run(_connection)
