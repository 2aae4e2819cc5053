"""templates: scheme templates (platform templates and a tenant's own 指标库) (issue 19)

Platform templates gain the level of government they are meant for and who changed them last;
`scheme_template_change` records every operator's change of one (operators have no tenant audit
chain); `tenant_scheme_template` holds a tenant's own templates saved from its schemes.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 19:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scheme_template") as batch_op:
        batch_op.add_column(sa.Column("level", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_by", sa.String(length=100), nullable=True))
    op.create_table(
        "scheme_template_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("template_code", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scheme_template_change") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scheme_template_change_template_code"), ["template_code"]
        )
    op.create_table(
        "tenant_scheme_template",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("source_scheme", sa.String(length=64), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_tenant_scheme_template_code"),
    )
    enable_tenant_rls("tenant_scheme_template")


def downgrade() -> None:
    op.drop_table("tenant_scheme_template")
    with op.batch_alter_table("scheme_template_change") as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheme_template_change_template_code"))
    op.drop_table("scheme_template_change")
    with op.batch_alter_table("scheme_template") as batch_op:
        batch_op.drop_column("updated_by")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("level")
