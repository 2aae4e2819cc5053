"""inputs revision: scheme.inputs_seq and its change log, the pointer's revision, a unit's lines
shared across runs (with the key of the inputs they came from)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 01:30:00.000000
"""

from __future__ import annotations

import uuid
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
    op.create_table(
        "result_lines",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id", "run_id"], ["result_run.tenant_id", "result_run.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "run_id", "unit_code", name="uq_result_lines"),
    )
    enable_tenant_rls("result_lines")
    _lines_per_unit()
    op.drop_table("result_line")


def _lines_per_unit() -> None:
    """Each stored run's drill-down, one row per line before, as one row per unit."""
    bind = op.get_bind()
    old = sa.table(
        "result_line",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("run_id", sa.Uuid()),
        *(sa.column(name) for name in ("unit_code", "position", "indicator_code")),
        *(sa.column(name) for name in ("indicator_name", "period", "available", "score")),
        *(sa.column(name) for name in ("raw_score", "status")),
    )
    new = sa.table(
        "result_lines",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("run_id", sa.Uuid()),
        sa.column("unit_code", sa.String()),
        sa.column("lines", sa.JSON()),
    )
    ordered = sa.select(old).order_by(
        old.c.tenant_id, old.c.run_id, old.c.unit_code, old.c.position
    )
    grouped: dict[tuple[object, object, str], list[list[object]]] = {}
    for row in bind.execute(ordered).mappings():
        key = (row["tenant_id"], row["run_id"], row["unit_code"])
        grouped.setdefault(key, []).append(
            [
                row["indicator_code"],
                row["indicator_name"],
                row["period"],
                row["available"],
                row["score"],
                row["raw_score"],
                row["status"],
            ]
        )
    if grouped:
        bind.execute(
            sa.insert(new),
            [
                {"tenant_id": t, "id": uuid.uuid4(), "run_id": r, "unit_code": u, "lines": lines}
                for (t, r, u), lines in grouped.items()
            ],
        )


def downgrade() -> None:
    # The drill-down stays in `result_lines`; the table of single lines comes back empty.
    op.create_table(
        "result_line",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("indicator_name", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("available", sa.String(length=80), nullable=False),
        sa.Column("score", sa.String(length=80), nullable=False),
        sa.Column("raw_score", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.drop_table("result_lines")
    op.drop_index("ix_scheme_input_change_seq", table_name="scheme_input_change")
    op.drop_table("scheme_input_change")
    with op.batch_alter_table("result_unit") as batch_op:
        batch_op.drop_column("lines_key")
        batch_op.drop_column("lines_run_id")
    with op.batch_alter_table("result_pointer") as batch_op:
        batch_op.drop_column("inputs_seq")
    with op.batch_alter_table("scheme") as batch_op:
        batch_op.drop_column("inputs_seq")
