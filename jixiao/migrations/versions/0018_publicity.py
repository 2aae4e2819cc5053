"""publicity: publication for a 公示 period before the result is final

A run in 公示 has the status `publicity` (the status column is a plain string: no new enum
type), when its 公示 began, by whom and when it ends; the pointer of its scheme and period names
it while it lasts.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 16:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POINTER_FK = "fk_result_pointer_publicity_run"


def upgrade() -> None:
    with op.batch_alter_table("result_run") as batch_op:
        batch_op.add_column(
            sa.Column("publicity_started_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("publicity_started_by", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("publicity_ends_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("result_pointer") as batch_op:
        batch_op.add_column(sa.Column("publicity_run_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            _POINTER_FK,
            "result_run",
            ["tenant_id", "publicity_run_id"],
            ["tenant_id", "id"],
        )


def downgrade() -> None:
    op.execute("UPDATE result_run SET status = 'approved' WHERE status = 'publicity'")
    with op.batch_alter_table("result_pointer") as batch_op:
        batch_op.drop_constraint(_POINTER_FK, type_="foreignkey")
        batch_op.drop_column("publicity_run_id")
    with op.batch_alter_table("result_run") as batch_op:
        batch_op.drop_column("publicity_ends_at")
        batch_op.drop_column("publicity_started_by")
        batch_op.drop_column("publicity_started_at")
