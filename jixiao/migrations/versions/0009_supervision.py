"""supervision: period deadlines, supervision notices; a reason per score, a rater per rating

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 09:05:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("score") as batch_op:
        batch_op.add_column(
            sa.Column("reason", sa.String(length=500), nullable=False, server_default="")
        )
    with op.batch_alter_table("rating") as batch_op:
        batch_op.add_column(
            sa.Column("rater", sa.String(length=100), nullable=False, server_default="")
        )
    op.create_table(
        "period_deadline",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("report_due", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "scheme_id", "period", name="uq_period_deadline"),
    )
    op.create_table(
        "supervision_notice",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("assignment_id", sa.Uuid(), nullable=True),
        sa.Column("period", sa.String(length=8), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("reply_due", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open", "replied", "closed", name="supervision_notice_state", native_enum=False
            ),
            nullable=False,
        ),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replied_by", sa.String(length=100), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("close_note", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"]),
        sa.ForeignKeyConstraint(
            ["tenant_id", "assignment_id"],
            ["assignment.tenant_id", "assignment.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    with op.batch_alter_table("supervision_notice") as batch_op:
        batch_op.create_index("ix_supervision_notice_unit", ["tenant_id", "unit_id"])
    for table in ("period_deadline", "supervision_notice"):
        enable_tenant_rls(table)


def downgrade() -> None:
    with op.batch_alter_table("supervision_notice") as batch_op:
        batch_op.drop_index("ix_supervision_notice_unit")
    op.drop_table("supervision_notice")
    op.drop_table("period_deadline")
    with op.batch_alter_table("rating") as batch_op:
        batch_op.drop_column("rater")
    with op.batch_alter_table("score") as batch_op:
        batch_op.drop_column("reason")
