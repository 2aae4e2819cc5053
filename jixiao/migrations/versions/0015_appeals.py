"""appeals: a unit's appeal (申诉) on one line of its published result

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATES = ("routing", "answering", "deciding", "rejected", "upheld", "withdrawn")


def _stamp(name: str) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _who(name: str) -> sa.Column[sa.String]:
    return sa.Column(name, sa.String(length=100), nullable=True)


def upgrade() -> None:
    op.create_table(
        "appeal",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("scheme_code", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column(
            "line_kind",
            sa.Enum(
                "indicator", "adjustment", "rating", name="appeal_line_kind", native_enum=False
            ),
            nullable=False,
        ),
        sa.Column("line_key", sa.String(length=64), nullable=False),
        sa.Column("line_period", sa.String(length=8), nullable=False),
        sa.Column("line_label", sa.String(length=200), nullable=False),
        sa.Column("line_figure", sa.String(length=80), nullable=False),
        sa.Column("open_line", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "state", sa.Enum(*_STATES, name="appeal_state", native_enum=False), nullable=False
        ),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        _who("raised_by"),
        sa.Column("raised_by_id", sa.Uuid(), nullable=True),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("handler_name", sa.String(length=200), nullable=False),
        sa.Column("route_note", sa.String(length=1000), nullable=False),
        _stamp("routed_at"),
        _who("routed_by"),
        sa.Column("answer", sa.Text(), nullable=False),
        _stamp("answered_at"),
        _who("answered_by"),
        sa.Column("decision_note", sa.Text(), nullable=False),
        _stamp("decided_at"),
        _who("decided_by"),
        sa.Column("corrected_run_id", sa.Uuid(), nullable=True),
        _stamp("withdrawn_at"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id", "run_id"], ["result_run.tenant_id", "result_run.id"]),
        sa.ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "scheme_id", "unit_id", "open_line", name="uq_appeal_open"
        ),
    )
    with op.batch_alter_table("appeal") as batch_op:
        batch_op.create_index("ix_appeal_scheme", ["tenant_id", "scheme_id", "period", "state"])
        batch_op.create_index("ix_appeal_unit", ["tenant_id", "unit_id"])
    enable_tenant_rls("appeal")


def downgrade() -> None:
    with op.batch_alter_table("appeal") as batch_op:
        batch_op.drop_index("ix_appeal_unit")
        batch_op.drop_index("ix_appeal_scheme")
    op.drop_table("appeal")
