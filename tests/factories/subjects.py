"""Subjects a test acts as without a user row: the platform operator, a tenant's user holding
given permissions, one holding a default role's or every permission, and one re-scoped."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from jixiao.platform.auth import DataScope, Subject, TenantRef
from jixiao.policies.defaults import BY_CODE
from jixiao.policies.permissions import PLATFORM_OPERATOR, TENANT_CODES
from jixiao.tenants.models import Tenant


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


def subject(
    tenant: Tenant,
    permissions: frozenset[str],
    *,
    name: str = "测试用户",
    roles: frozenset[str] = frozenset(),
    unit_id: uuid.UUID | None = None,
) -> Subject:
    """A user signed in by cookie, with a username and the data scope `policies.scopes` gives."""
    return Subject(
        kind="user",
        tenant=TenantRef(tenant.id, tenant.code, tenant.name, tenant.level.value),
        user_id=uuid.uuid4(),
        display_name=name,
        username=f"u{uuid.uuid4().hex[:8]}",
        permissions=permissions,
        roles=roles,
        unit_id=unit_id,
        via="cookie",
        # as `policies.scopes` computes it: a unit's user sees that unit, the others every unit
        scope=DataScope(every_unit=True)
        if unit_id is None
        else DataScope(unit_ids=frozenset({unit_id})),
    )


def as_role(
    tenant: Tenant, role: str, *, name: str = "测试用户", unit_id: uuid.UUID | None = None
) -> Subject:
    """A user holding exactly the permissions of a default role."""
    return subject(
        tenant, BY_CODE[role].permissions, name=name, roles=frozenset({role}), unit_id=unit_id
    )


def everything(tenant: Tenant, *, name: str = "全权用户") -> Subject:
    """A user holding every tenant permission."""
    return subject(tenant, TENANT_CODES, name=name)


def with_scope(base: Subject, username: str, scope: DataScope, **changes: Any) -> Subject:
    """`base` under another username and data scope (a scorer's codes, a unit's reach)."""
    return dataclasses.replace(base, username=username, scope=scope, **changes)
