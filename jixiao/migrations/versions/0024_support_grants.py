"""support grants: operators' audited, time-limited read access to a tenant (issue 19)

The tenant's security admin grants it (support_grant) and holds support:grant.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 19:45:00.000000
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from jixiao.migrations.helpers import enable_tenant_rls

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUPPORT_GRANT = "support:grant"


def upgrade() -> None:
    op.create_table(
        "support_grant",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("operator_username", sa.String(length=64), nullable=False),
        sa.Column("operator_name", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_by", sa.String(length=100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    with op.batch_alter_table("support_grant") as batch_op:
        batch_op.create_index("ix_support_grant_operator", ["tenant_id", "operator_id"])
    enable_tenant_rls("support_grant")
    _each_security_admin(grant=True)


def _each_security_admin(*, grant: bool) -> None:
    """Each tenant's built-in 安全管理员 role gets (or loses) support:grant, as new tenants'
    has it. Run per tenant with its RLS context set (the owner is subject to FORCE RLS too);
    the tenant's policy revision moves, so every process reloads its policies."""
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
        admins = bind.execute(
            sa.select(role.c.id).where(
                role.c.tenant_id == tenant_id,
                role.c.code == "security_admin",
                role.c.builtin.is_(True),
            )
        ).all()
        changed = False
        for (role_id,) in admins:
            held = sa.and_(
                grant_t.c.tenant_id == tenant_id,
                grant_t.c.role_id == role_id,
                grant_t.c.permission == SUPPORT_GRANT,
            )
            found = bind.execute(sa.select(grant_t.c.id).where(held)).first()
            if grant and found is None:
                bind.execute(
                    grant_t.insert().values(
                        tenant_id=tenant_id,
                        id=uuid.uuid4(),
                        role_id=role_id,
                        permission=SUPPORT_GRANT,
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
    _each_security_admin(grant=False)
    with op.batch_alter_table("support_grant") as batch_op:
        batch_op.drop_index("ix_support_grant_operator")
    op.drop_table("support_grant")
