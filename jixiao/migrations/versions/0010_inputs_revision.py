"""inputs revision: scheme.inputs_seq and its change log, the pointer's revision, a unit's lines
shared across runs (with the key of the inputs they came from)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 01:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scheme") as batch_op:
        batch_op.add_column(
            sa.Column("inputs_seq", sa.BigInteger(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("result_pointer") as batch_op:
        # -1: never checked against the counter (the first recompute compares content).
        batch_op.add_column(
            sa.Column("inputs_seq", sa.BigInteger(), nullable=False, server_default="-1")
        )
    with op.batch_alter_table("result_unit") as batch_op:
        batch_op.add_column(sa.Column("lines_run_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("lines_key", sa.String(length=64), nullable=True))
    op.create_table(
        "scheme_input_change",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("units", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "ix_scheme_input_change_seq", "scheme_input_change", ["tenant_id", "scheme_id", "seq"]
    )
    enable_tenant_rls("scheme_input_change")


def downgrade() -> None:
    op.drop_index("ix_scheme_input_change_seq", table_name="scheme_input_change")
    op.drop_table("scheme_input_change")
    with op.batch_alter_table("result_unit") as batch_op:
        batch_op.drop_column("lines_key")
        batch_op.drop_column("lines_run_id")
    with op.batch_alter_table("result_pointer") as batch_op:
        batch_op.drop_column("inputs_seq")
    with op.batch_alter_table("scheme") as batch_op:
        batch_op.drop_column("inputs_seq")
