"""inputs revision: scheme.inputs_seq, the pointer's revision, a unit's lines shared across runs

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 01:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

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


def downgrade() -> None:
    with op.batch_alter_table("result_unit") as batch_op:
        batch_op.drop_column("lines_run_id")
    with op.batch_alter_table("result_pointer") as batch_op:
        batch_op.drop_column("inputs_seq")
    with op.batch_alter_table("scheme") as batch_op:
        batch_op.drop_column("inputs_seq")
