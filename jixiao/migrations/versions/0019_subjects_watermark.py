"""subjects watermark: the audit chain head also records where the last change that can alter a
user's subject (roles, grants, accounts, unit links, tenant settings) was chained

API processes keep each user's subject while this mark stands still, rather than while the whole
chain head does (which every report, score or notice moves).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 17:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_chain_head") as batch_op:
        batch_op.add_column(
            sa.Column("subjects_seq", sa.Integer(), nullable=False, server_default="0")
        )
    # Every head so far counts as a change to subjects: nothing kept before is trusted.
    op.execute("UPDATE audit_chain_head SET subjects_seq = seq")


def downgrade() -> None:
    with op.batch_alter_table("audit_chain_head") as batch_op:
        batch_op.drop_column("subjects_seq")
