"""The dashboard's own tables (prefixed ``web_``), next to the tracker's in the same database."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=True),
    Column("role", String(20), nullable=False),
    Column("scope", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
