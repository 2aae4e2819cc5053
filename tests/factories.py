"""Small builders used across tests."""

from __future__ import annotations

import uuid

from jixiao.platform.auth import Subject, TenantRef
from jixiao.platform.db import Database
from jixiao.policies.permissions import PLATFORM_OPERATOR
from jixiao.tenants import onboarding
from jixiao.tenants.models import Tenant, TenantLevel


def unique_code(prefix: str = "t") -> str:
    """A tenant code no other test uses (tests share the PostgreSQL database)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def make_tenant(
    database: Database,
    name: str,
    *,
    level: TenantLevel = TenantLevel.DISTRICT,
    parent: str | None = None,
) -> Tenant:
    with database.platform_session() as session:
        tenant = onboarding.onboard_tenant(
            session, onboarding.OnboardTenant(unique_code(), name, level, parent)
        ).tenant
        session.commit()
    # Let the provisioning job finish first, so that a test's own writes never queue behind it
    # on SQLite's single write lock (databases made by the `database` fixture carry `info_drain`).
    drain = getattr(database, "info_drain", None)
    if drain is not None:
        drain()
    return tenant


def operator() -> Subject:
    return Subject(kind="operator", display_name="平台运营", permissions=PLATFORM_OPERATOR)


def tenant_user(tenant: Tenant, *permissions: str) -> Subject:
    return Subject(
        kind="user",
        tenant=TenantRef(
            id=tenant.id, code=tenant.code, name=tenant.name, level=tenant.level.value
        ),
        user_id=uuid.uuid4(),
        display_name="测试用户",
        permissions=frozenset(permissions),
    )
