"""survey: public satisfaction survey (群众满意度测评)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 16:45:00.000000
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SURVEY_MANAGE = "survey:manage"
_TABLES = ("survey", "survey_unit", "survey_code", "survey_ticket", "survey_answer")


def _id_columns() -> list[Any]:
    return [
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
    ]


def _keys(*references: tuple[str, str, bool]) -> list[Any]:
    items: list[Any] = [
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    ]
    for column, table, cascade in references:
        items.append(
            sa.ForeignKeyConstraint(
                ["tenant_id", column],
                [f"{table}.tenant_id", f"{table}.id"],
                ondelete="CASCADE" if cascade else None,
            )
        )
    return items


def _stamp(name: str) -> Any:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _who(name: str) -> Any:
    return sa.Column(name, sa.String(length=100), nullable=True)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False)


def upgrade() -> None:
    op.create_table(
        "survey",
        *_id_columns(),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("scheme_code", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("component_code", sa.String(length=64), nullable=False),
        sa.Column("questions", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("scale", _enum("survey_scale", "five_point", "hundred"), nullable=False),
        sa.Column("access", _enum("survey_access", "code", "link"), nullable=False),
        sa.Column("min_sample", sa.Integer(), nullable=False),
        sa.Column("state", _enum("survey_state", "draft", "open", "closed"), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("codes_issued", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _who("created_by"),
        _stamp("opened_at"),
        _who("opened_by"),
        _stamp("closed_at"),
        _who("closed_by"),
        _stamp("applied_at"),
        _who("applied_by"),
        *_keys(("scheme_id", "scheme", True)),
        sa.UniqueConstraint("tenant_id", "public_key", name="uq_survey_public_key"),
    )
    op.create_table(
        "survey_unit",
        *_id_columns(),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        *_keys(("survey_id", "survey", True), ("unit_id", "unit", False)),
        sa.UniqueConstraint("tenant_id", "survey_id", "unit_id", name="uq_survey_unit"),
        sa.UniqueConstraint("tenant_id", "survey_id", "position", name="uq_survey_unit_position"),
    )
    op.create_table(
        "survey_code",
        *_id_columns(),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        *_keys(("survey_id", "survey", True)),
        sa.UniqueConstraint("tenant_id", "survey_id", "code_hash", name="uq_survey_code"),
    )
    op.create_table(
        "survey_ticket",
        *_id_columns(),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        *_keys(("survey_id", "survey", True)),
        sa.UniqueConstraint("tenant_id", "survey_id", "nonce_hash", name="uq_survey_ticket"),
    )
    op.create_table(
        "survey_answer",
        *_id_columns(),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        *_keys(("survey_id", "survey", True), ("unit_id", "unit", False)),
    )
    with op.batch_alter_table("survey") as batch_op:
        batch_op.create_index("ix_survey_scheme", ["tenant_id", "scheme_id", "period"])
    with op.batch_alter_table("survey_answer") as batch_op:
        batch_op.create_index("ix_survey_answer_unit", ["tenant_id", "survey_id", "unit_id"])
    for table in _TABLES:
        enable_tenant_rls(table)
    _each_office(grant=True)


def _each_office(*, grant: bool) -> None:
    """Each tenant's built-in 考评办 role gets (or loses) survey:manage, as new tenants' has it.

    Run per tenant with its RLS context set: the owner role is subject to FORCE ROW LEVEL
    SECURITY too. The tenant's policy revision moves, so every process reloads its policies.
    """
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    tenant = sa.table("tenant", sa.column("id", sa.Uuid()))
    role = sa.table(
        "role",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("code", sa.String()),
        sa.column("builtin", sa.Boolean()),
    )
    grant_t = sa.table(
        "role_grant",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("role_id", sa.Uuid()),
        sa.column("permission", sa.String()),
    )
    revision_t = sa.table(
        "policy_revision", sa.column("tenant_id", sa.Uuid()), sa.column("version", sa.Integer())
    )
    for (tenant_id,) in bind.execute(sa.select(tenant.c.id)).all():
        if postgres:
            bind.execute(
                sa.text("SELECT set_config('jixiao.tenant_id', :t, true)"), {"t": str(tenant_id)}
            )
        offices = bind.execute(
            sa.select(role.c.id).where(
                role.c.tenant_id == tenant_id, role.c.code == "office", role.c.builtin.is_(True)
            )
        ).all()
        changed = False
        for (role_id,) in offices:
            held = sa.and_(
                grant_t.c.tenant_id == tenant_id,
                grant_t.c.role_id == role_id,
                grant_t.c.permission == SURVEY_MANAGE,
            )
            found = bind.execute(sa.select(grant_t.c.id).where(held)).first()
            if grant and found is None:
                bind.execute(
                    grant_t.insert().values(
                        tenant_id=tenant_id,
                        id=uuid.uuid4(),
                        role_id=role_id,
                        permission=SURVEY_MANAGE,
                    )
                )
                changed = True
            elif not grant and found is not None:
                bind.execute(grant_t.delete().where(held))
                changed = True
        if changed:
            bind.execute(
                revision_t.update()
                .where(revision_t.c.tenant_id == tenant_id)
                .values(version=revision_t.c.version + 1)
            )
    if postgres:
        bind.execute(sa.text("SELECT set_config('jixiao.tenant_id', '', true)"))


def downgrade() -> None:
    _each_office(grant=False)
    with op.batch_alter_table("survey_answer") as batch_op:
        batch_op.drop_index("ix_survey_answer_unit")
    with op.batch_alter_table("survey") as batch_op:
        batch_op.drop_index("ix_survey_scheme")
    for table in reversed(_TABLES):
        op.drop_table(table)
