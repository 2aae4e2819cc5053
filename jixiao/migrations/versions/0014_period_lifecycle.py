"""period lifecycle: a period's verification and scoring deadlines and its closing; late reports;
the scheme a scheme was copied from

Columns only, on tables that already have row-level security: no new policy is needed.
`period_deadline.report_due` becomes optional (a period can be closed, or get only a scoring
deadline, without a report deadline).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("period_deadline") as batch_op:
        batch_op.alter_column("report_due", existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column("verify_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("score_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("close_reason", sa.String(length=500), nullable=False, server_default="")
        )
    with op.batch_alter_table("progress_report") as batch_op:
        batch_op.add_column(
            sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("scheme") as batch_op:
        # No foreign key: the source may be deleted later and the copy keeps its own life.
        batch_op.add_column(sa.Column("copied_from_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scheme") as batch_op:
        batch_op.drop_column("copied_from_id")
    with op.batch_alter_table("progress_report") as batch_op:
        batch_op.drop_column("late")
    with op.batch_alter_table("period_deadline") as batch_op:
        for column in ("close_reason", "closed_by", "closed_at", "score_due", "verify_due"):
            batch_op.drop_column(column)
        batch_op.alter_column("report_due", existing_type=sa.Date(), nullable=False)
