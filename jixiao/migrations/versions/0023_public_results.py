"""public results: the public results page (阳光考核): what a tenant discloses (issue 18)

The operator's switch is a column of the tenant (`public_results`, off); the office's switch
(`public_results_page`) and what it discloses per scheme and period (`public_disclosure`) are
tenant tables with row-level security.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 19:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("public_results_page", "public_disclosure")


def _common() -> list[sa.Column[object]]:
    return [
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
    ]


def _stamped() -> list[sa.Column[object]]:
    return [
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("tenant") as batch_op:
        batch_op.add_column(
            sa.Column("public_results", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "public_results_page",
        *_common(),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", name="uq_public_results_page"),
    )
    op.create_table(
        "public_disclosure",
        *_common(),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("scheme_code", sa.String(length=64), nullable=False),
        sa.Column(
            "period",
            sa.Enum("annual", "Q1", "Q2", "Q3", "Q4", name="result_period", native_enum=False),
            nullable=False,
        ),
        sa.Column("show_rank", sa.Boolean(), nullable=False),
        sa.Column("show_grade", sa.Boolean(), nullable=False),
        sa.Column("show_total", sa.Boolean(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "scheme_id", "period", name="uq_public_disclosure"),
    )
    for table in _TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    for table in reversed(_TABLES):
        op.drop_table(table)
    with op.batch_alter_table("tenant") as batch_op:
        batch_op.drop_column("public_results")
