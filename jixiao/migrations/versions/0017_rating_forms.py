"""rating_forms: leader rating forms (领导评价) and self-assessment (自评)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 16:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, table: str, *, cascade: bool = True) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


def _stamp(name: str, *, nullable: bool = True) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "rating_assignment",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("component_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("rater_id", sa.Uuid(), nullable=False),
        sa.Column("rater", sa.String(length=100), nullable=False),
        sa.Column("draft", sa.String(length=40), nullable=True),
        _stamp("saved_at"),
        _stamp("submitted_at"),
        _stamp("assigned_at", nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=True),
        _fk("scheme_id", "scheme"),
        _fk("component_id", "scheme_component"),
        _fk("unit_id", "unit", cascade=False),
        _fk("rater_id", "app_user"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id",
            "scheme_id",
            "component_id",
            "rater_id",
            "unit_id",
            name="uq_rating_assignment",
        ),
    )
    with op.batch_alter_table("rating_assignment") as batch_op:
        batch_op.create_index("ix_rating_assignment_rater", ["tenant_id", "rater_id"])
    enable_tenant_rls("rating_assignment")

    op.create_table(
        "self_assessment",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        _stamp("entered_at", nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=True),
        _fk("scheme_id", "scheme"),
        _fk("unit_id", "unit", cascade=False),
        _fk("indicator_id", "indicator"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "unit_id", "indicator_id", "period", name="uq_self_assessment"
        ),
    )
    with op.batch_alter_table("self_assessment") as batch_op:
        batch_op.create_index("ix_self_assessment_scheme", ["tenant_id", "scheme_id", "period"])
    enable_tenant_rls("self_assessment")


def downgrade() -> None:
    with op.batch_alter_table("self_assessment") as batch_op:
        batch_op.drop_index("ix_self_assessment_scheme")
    op.drop_table("self_assessment")
    with op.batch_alter_table("rating_assignment") as batch_op:
        batch_op.drop_index("ix_rating_assignment_rater")
    op.drop_table("rating_assignment")
