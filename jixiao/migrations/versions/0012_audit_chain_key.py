"""audit chain key: each audit event names the algorithm of its hash (keyed HMAC from now on)

Events written before keep no name (NULL) and stay verifiable with the unkeyed sha256 they were
hashed with; nothing is rewritten (the table is append-only), the first keyed event seals them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 01:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(sa.Column("hash_alg", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_column("hash_alg")
