"""Initial tracker tables: bodies, businesses, assignments, step statuses, append-only history.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 19:21:32.525118
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tracker_bodies',
    sa.Column('lg_code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('prefecture_code', sa.String(length=2), nullable=False),
    sa.Column('prefecture_name', sa.String(length=16), nullable=False),
    sa.Column('county_name', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body_class', sa.String(length=20), nullable=False),
    sa.Column('is_hoppo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('lg_code')
    )
    with op.batch_alter_table('tracker_bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracker_bodies_prefecture_code'), ['prefecture_code'], unique=False)

    op.create_table('tracker_businesses',
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('number', sa.SmallInteger(), nullable=False),
    sa.Column('name_ja', sa.String(length=32), nullable=False),
    sa.Column('label_ja', sa.String(length=32), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('prefecture_scope', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('slug'),
    sa.UniqueConstraint('number')
    )
    op.create_table('tracker_imports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=400), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('tracker_locks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('tracker_meta',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('tracker_assignments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('lg_code', sa.String(length=6), nullable=False),
    sa.Column('business', sa.String(length=40), nullable=False),
    sa.Column('current_system', sa.String(length=200), nullable=True),
    sa.Column('current_vendor', sa.String(length=200), nullable=True),
    sa.Column('product', sa.String(length=200), nullable=True),
    sa.Column('product_version', sa.String(length=50), nullable=True),
    sa.Column('product_vendor', sa.String(length=200), nullable=True),
    sa.Column('spec_version', sa.String(length=50), nullable=True),
    sa.Column('cloud_provider', sa.String(length=100), nullable=True),
    sa.Column('planned_cutover', sa.Date(), nullable=True),
    sa.Column('actual_cutover', sa.Date(), nullable=True),
    sa.Column('specific_support', sa.Boolean(), nullable=False),
    sa.Column('reason_code', sa.SmallInteger(), nullable=True),
    sa.Column('new_target_date', sa.Date(), nullable=True),
    sa.Column('n_done', sa.SmallInteger(), nullable=False),
    sa.Column('n_in_progress', sa.SmallInteger(), nullable=False),
    sa.Column('n_not_started', sa.SmallInteger(), nullable=False),
    sa.Column('n_not_applicable', sa.SmallInteger(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('first_as_of', sa.Date(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['business'], ['tracker_businesses.slug'], ),
    sa.ForeignKeyConstraint(['lg_code'], ['tracker_bodies.lg_code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('lg_code', 'business', name='uq_tracker_assignment')
    )
    with op.batch_alter_table('tracker_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracker_assignments_business'), ['business'], unique=False)

    op.create_table('tracker_certifications',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('product', sa.String(length=200), nullable=False),
    sa.Column('product_version', sa.String(length=50), nullable=False),
    sa.Column('business', sa.String(length=40), nullable=False),
    sa.Column('spec_version', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('evidence_ref', sa.String(length=400), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['business'], ['tracker_businesses.slug'], ),
    sa.ForeignKeyConstraint(['import_id'], ['tracker_imports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('tracker_rollup_snapshots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('systems', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('in_progress', sa.Integer(), nullable=False),
    sa.Column('not_started', sa.Integer(), nullable=False),
    sa.Column('not_applicable', sa.Integer(), nullable=False),
    sa.Column('live', sa.Integer(), nullable=False),
    sa.Column('specific_support', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['tracker_imports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tracker_rollup_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracker_rollup_snapshots_import_id'), ['import_id'], unique=False)

    op.create_table('tracker_spec_in_force',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('business', sa.String(length=40), nullable=False),
    sa.Column('spec_version', sa.String(length=50), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['business'], ['tracker_businesses.slug'], ),
    sa.ForeignKeyConstraint(['import_id'], ['tracker_imports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('tracker_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['tracker_assignments.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['tracker_imports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tracker_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracker_history_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tracker_history_import_id'), ['import_id'], unique=False)

    op.create_table('tracker_rehearsals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('spec_version', sa.String(length=50), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('counts', sa.String(length=400), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['tracker_assignments.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['tracker_imports.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assignment_id', 'run_id', name='uq_tracker_rehearsal')
    )
    with op.batch_alter_table('tracker_rehearsals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracker_rehearsals_assignment_id'), ['assignment_id'], unique=False)

    op.create_table('tracker_step_statuses',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.SmallInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['tracker_assignments.id'], ),
    sa.PrimaryKeyConstraint('assignment_id', 'step')
    )


def downgrade() -> None:
    op.drop_table('tracker_step_statuses')
    with op.batch_alter_table('tracker_rehearsals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracker_rehearsals_assignment_id'))

    op.drop_table('tracker_rehearsals')
    with op.batch_alter_table('tracker_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracker_history_import_id'))
        batch_op.drop_index(batch_op.f('ix_tracker_history_assignment_id'))

    op.drop_table('tracker_history')
    op.drop_table('tracker_spec_in_force')
    with op.batch_alter_table('tracker_rollup_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracker_rollup_snapshots_import_id'))

    op.drop_table('tracker_rollup_snapshots')
    op.drop_table('tracker_certifications')
    with op.batch_alter_table('tracker_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracker_assignments_business'))

    op.drop_table('tracker_assignments')
    op.drop_table('tracker_meta')
    op.drop_table('tracker_locks')
    op.drop_table('tracker_imports')
    op.drop_table('tracker_businesses')
    with op.batch_alter_table('tracker_bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracker_bodies_prefecture_code'))

    op.drop_table('tracker_bodies')
