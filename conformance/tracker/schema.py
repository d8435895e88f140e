"""The tracker's tables (SQLAlchemy Core). The Alembic migrations in `migrations/` create them.

Every table is prefixed `tracker_` so the tracker can share a database with the results store.
Step statuses are stored only once reported: a missing (assignment, step) row means 未着手.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

bodies = Table(
    "tracker_bodies", metadata,
    Column("lg_code", String(6), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("prefecture_code", String(2), nullable=False, index=True),
    Column("prefecture_name", String(16), nullable=False),
    Column("county_name", String(32), nullable=False, default=""),
    Column("kind", String(16), nullable=False),
    Column("body_class", String(20), nullable=False),
    Column("is_hoppo", Boolean, nullable=False, default=False),
)

businesses = Table(
    "tracker_businesses", metadata,
    Column("slug", String(40), primary_key=True),
    Column("number", SmallInteger, nullable=False, unique=True),
    Column("name_ja", String(32), nullable=False),
    Column("label_ja", String(32), nullable=False),
    Column("name_en", String(64), nullable=False),
    Column("prefecture_scope", Boolean, nullable=False),
)

imports = Table(
    "tracker_imports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("source", String(400), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("changes", Integer, nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
)

assignments = Table(
    "tracker_assignments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lg_code", String(6), ForeignKey("tracker_bodies.lg_code"), nullable=False),
    Column("business", String(40), ForeignKey("tracker_businesses.slug"), nullable=False, index=True),
    Column("current_system", String(200)),
    Column("current_vendor", String(200)),
    Column("product", String(200)),
    Column("product_version", String(50)),
    Column("product_vendor", String(200)),
    Column("spec_version", String(50)),
    Column("cloud_provider", String(100)),
    Column("planned_cutover", Date),
    Column("actual_cutover", Date),
    Column("specific_support", Boolean, nullable=False, default=False),
    Column("reason_code", SmallInteger),
    Column("new_target_date", Date),
    Column("n_done", SmallInteger, nullable=False, default=0),
    Column("n_in_progress", SmallInteger, nullable=False, default=0),
    Column("n_not_started", SmallInteger, nullable=False, default=40),
    Column("n_not_applicable", SmallInteger, nullable=False, default=0),
    Column("live", Boolean, nullable=False, default=False),
    Column("first_as_of", Date),
    Column("as_of", Date),
    Column("synthetic", Boolean, nullable=False, default=False),
    UniqueConstraint("lg_code", "business", name="uq_tracker_assignment"),
)

step_statuses = Table(
    "tracker_step_statuses", metadata,
    Column("assignment_id", Integer, ForeignKey("tracker_assignments.id"), primary_key=True),
    Column("step", SmallInteger, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("as_of", Date, nullable=False),
)

history = Table(
    "tracker_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("tracker_imports.id"), nullable=False, index=True),
    Column("assignment_id", Integer, ForeignKey("tracker_assignments.id"), nullable=False, index=True),
    Column("field", String(40), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("as_of", Date, nullable=False),
)

certifications = Table(
    "tracker_certifications", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("tracker_imports.id"), nullable=False),
    Column("product", String(200), nullable=False),
    Column("product_version", String(50), nullable=False),
    Column("business", String(40), ForeignKey("tracker_businesses.slug"), nullable=False),
    Column("spec_version", String(50), nullable=False),
    Column("status", String(20), nullable=False),
    Column("evidence_ref", String(400), nullable=False, default=""),
    Column("as_of", Date, nullable=False),
)

spec_in_force = Table(
    "tracker_spec_in_force", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("tracker_imports.id"), nullable=False),
    Column("business", String(40), ForeignKey("tracker_businesses.slug"), nullable=False),
    Column("spec_version", String(50), nullable=False),
    Column("effective_from", Date, nullable=False),
)

rehearsals = Table(
    "tracker_rehearsals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("tracker_imports.id"), nullable=False),
    Column("assignment_id", Integer, ForeignKey("tracker_assignments.id"), nullable=False, index=True),
    Column("run_id", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("spec_version", String(50), nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("counts", String(400), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("assignment_id", "run_id", name="uq_tracker_rehearsal"),
)

snapshots = Table(
    "tracker_rollup_snapshots", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("tracker_imports.id"), nullable=False, index=True),
    Column("as_of", Date, nullable=False),
    Column("dimension", String(20), nullable=False),
    Column("key", String(200), nullable=False),
    Column("systems", Integer, nullable=False),
    Column("done", Integer, nullable=False),
    Column("in_progress", Integer, nullable=False),
    Column("not_started", Integer, nullable=False),
    Column("not_applicable", Integer, nullable=False),
    Column("live", Integer, nullable=False),
    Column("specific_support", Integer, nullable=False),
)

locks = Table(
    "tracker_locks", metadata,
    Column("name", String(40), primary_key=True),
    Column("holder", String(100), nullable=False, default=""),
    Column("acquired_at", DateTime(timezone=True)),
)

meta = Table(
    "tracker_meta", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
