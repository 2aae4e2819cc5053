"""city rankings: a parent government's item rankings of its districts, published down to the children (issue 19)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 19:45:00.000000

`city_ranking` is the parent's working copy; `city_ranking_release` what it published, owned
by the parent and addressed to one child each: besides the tenant policy, a second policy lets
a tenant read (SELECT only) the rows addressed to it, so that publishing never writes into a
child's tenant and a child can change nothing of it. `city_item_mapping` is the child's own.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHILD_POLICY = "child_reads_addressed"
_CHILD_EXPR = "child_id = NULLIF(current_setting('jixiao.tenant_id', true), '')::uuid"


def _stamp(name: str, nullable: bool = False) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _who(name: str) -> sa.Column[sa.String]:
    return sa.Column(name, sa.String(length=100), nullable=True)


def upgrade() -> None:
    op.create_table(
        "city_ranking",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _stamp("updated_at"),
        _who("updated_by"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.ForeignKeyConstraint(["child_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "year", "item", "child_id", name="uq_city_ranking"),
    )
    with op.batch_alter_table("city_ranking") as batch_op:
        batch_op.create_index("ix_city_ranking_year", ["tenant_id", "year", "seq"])
    enable_tenant_rls("city_ranking")

    op.create_table(
        "city_ranking_release",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("ranked", sa.Integer(), nullable=False),
        sa.Column("last", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("parent_name", sa.String(length=100), nullable=False),
        _stamp("published_at"),
        _who("published_by"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.ForeignKeyConstraint(["child_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "year", "child_id", "item", name="uq_city_ranking_release"
        ),
    )
    with op.batch_alter_table("city_ranking_release") as batch_op:
        batch_op.create_index("ix_city_ranking_release_child", ["child_id", "year"])
    enable_tenant_rls("city_ranking_release")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f'CREATE POLICY {CHILD_POLICY} ON "city_ranking_release"'
            f" FOR SELECT USING ({_CHILD_EXPR})"
        )

    op.create_table(
        "city_item_mapping",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _stamp("mapped_at"),
        _who("mapped_by"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "scheme_id", "item", "unit_id", name="uq_city_item_mapping"
        ),
    )
    enable_tenant_rls("city_item_mapping")


def downgrade() -> None:
    op.drop_table("city_item_mapping")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {CHILD_POLICY} ON "city_ranking_release"')
    with op.batch_alter_table("city_ranking_release") as batch_op:
        batch_op.drop_index("ix_city_ranking_release_child")
    op.drop_table("city_ranking_release")
    with op.batch_alter_table("city_ranking") as batch_op:
        batch_op.drop_index("ix_city_ranking_year")
    op.drop_table("city_ranking")
