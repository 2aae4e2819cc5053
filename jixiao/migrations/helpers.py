"""Helpers for migrations: row-level security on tenant tables (PostgreSQL only)."""

from __future__ import annotations

from alembic import op

TENANT_POLICY = "tenant_isolation"
# NULLIF: once a local setting ends, current_setting(..., true) is '' and ''::uuid would raise.
_TENANT_EXPR = "tenant_id = NULLIF(current_setting('jixiao.tenant_id', true), '')::uuid"


def enable_tenant_rls(table: str) -> None:
    """Enable and force RLS on a tenant table with the tenant isolation policy."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY {TENANT_POLICY} ON "{table}"'
        f" USING ({_TENANT_EXPR}) WITH CHECK ({_TENANT_EXPR})"
    )
