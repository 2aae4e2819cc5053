"""city rankings: a parent government's item rankings of its districts, published down to the children (issue 19)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 19:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
