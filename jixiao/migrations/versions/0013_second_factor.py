"""second factor: TOTP secrets (sealed), recovery codes and the last step used on accounts;
sessions that wait for the second factor

Columns only, on tables that already have row-level security (app_user, user_session) or are
platform tables (operator, operator_session): no new policy is needed. `sign_in_outcome` gains
`pending`; the column is a VARCHAR(7) without a constraint (native_enum=False), so the database
needs no change for it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 01:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCOUNTS = ("app_user", "operator")
SESSIONS = ("user_session", "operator_session")


def upgrade() -> None:
    for table in ACCOUNTS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("totp_secret", sa.String(length=255), nullable=True))
            batch_op.add_column(
                sa.Column("totp_pending_secret", sa.String(length=255), nullable=True)
            )
            batch_op.add_column(
                sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True)
            )
            batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("recovery_codes", sa.String(length=1000), nullable=True))
    for table in SESSIONS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "second_factor_pending",
                    sa.Boolean(),
                    nullable=False,
                    server_default=sa.false(),
                )
            )


def downgrade() -> None:
    for table in SESSIONS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("second_factor_pending")
    for table in ACCOUNTS:
        with op.batch_alter_table(table) as batch_op:
            for column in (
                "recovery_codes",
                "totp_last_step",
                "totp_enabled_at",
                "totp_pending_secret",
                "totp_secret",
            ):
                batch_op.drop_column(column)
