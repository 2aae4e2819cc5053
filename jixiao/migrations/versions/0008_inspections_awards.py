"""inspections (明查暗访), innovation awards (创新奖) and evidence files of records

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 08:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inspection',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scheme_id', sa.Uuid(), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('open', 'unannounced', name='inspection_kind', native_enum=False), nullable=False),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('deduction', sa.String(length=40), nullable=False),
    sa.Column('adjustment_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'adjustment_id'], ['adjustment.tenant_id', 'adjustment.id'], ),
    sa.ForeignKeyConstraint(['tenant_id', 'scheme_id'], ['scheme.tenant_id', 'scheme.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'unit_id'], ['unit.tenant_id', 'unit.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_scheme_unit', ['tenant_id', 'scheme_id', 'unit_id'], unique=False)

    op.create_table('innovation_award',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scheme_id', sa.Uuid(), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('collective', 'individual', name='award_kind', native_enum=False), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('applicant', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('applied', 'recognised', 'rejected', name='award_status', native_enum=False), nullable=False),
    sa.Column('points', sa.String(length=40), nullable=True),
    sa.Column('recognised_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('recognised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('adjustment_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'adjustment_id'], ['adjustment.tenant_id', 'adjustment.id'], ),
    sa.ForeignKeyConstraint(['tenant_id', 'scheme_id'], ['scheme.tenant_id', 'scheme.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'unit_id'], ['unit.tenant_id', 'unit.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    with op.batch_alter_table('innovation_award', schema=None) as batch_op:
        batch_op.create_index('ix_innovation_award_scheme_unit', ['tenant_id', 'scheme_id', 'unit_id'], unique=False)

    op.create_table('record_file',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scheme_id', sa.Uuid(), nullable=False),
    sa.Column('owner_type', sa.Enum('adjustment', 'inspection', 'award', name='record_owner', native_enum=False), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('uploaded_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'scheme_id'], ['scheme.tenant_id', 'scheme.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('tenant_id', 'id')
    )
    with op.batch_alter_table('record_file', schema=None) as batch_op:
        batch_op.create_index('ix_record_file_owner', ['tenant_id', 'owner_type', 'owner_id'], unique=False)

    for table in ('inspection', 'innovation_award', 'record_file'):
        enable_tenant_rls(table)


def downgrade() -> None:
    with op.batch_alter_table('record_file', schema=None) as batch_op:
        batch_op.drop_index('ix_record_file_owner')

    op.drop_table('record_file')
    with op.batch_alter_table('innovation_award', schema=None) as batch_op:
        batch_op.drop_index('ix_innovation_award_scheme_unit')

    op.drop_table('innovation_award')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_scheme_unit')

    op.drop_table('inspection')
