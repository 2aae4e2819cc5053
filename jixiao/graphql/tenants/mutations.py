"""Tenant mutations: onboarding and suspension (operators), settings (the tenant's admin)."""

from __future__ import annotations

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.tenants.types import (
    OnboardTenantInput,
    TenantPayload,
    TenantSettingPayload,
    TenantSettingType,
    TenantType,
)
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.tenants import service
from jixiao.tenants.models import TenantStatus


@strawberry.type
class TenantMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.TENANT_CREATE)],
        description="Onboard a government: the tenant and what it starts with, in one operation.",
    )
    async def onboard_tenant(self, info: Info, input: OnboardTenantInput) -> TenantPayload:
        command = service.OnboardTenant(
            code=input.code, name=input.name, level=input.level, parent_code=input.parent_code
        )
        tenant, errors = await attempt(
            lambda: info.context.write(lambda s: service.onboard_tenant(s, command))
        )
        return TenantPayload(tenant=TenantType(model=tenant) if tenant else None, errors=errors)

    @strawberry.mutation(permission_classes=[requires(p.TENANT_SUSPEND)])
    async def suspend_tenant(self, info: Info, code: str) -> TenantPayload:
        return await _set_status(info, code, TenantStatus.SUSPENDED)

    @strawberry.mutation(permission_classes=[requires(p.TENANT_SUSPEND)])
    async def resume_tenant(self, info: Info, code: str) -> TenantPayload:
        return await _set_status(info, code, TenantStatus.ACTIVE)

    @strawberry.mutation(permission_classes=[requires(p.SETTING_WRITE)])
    async def update_tenant_setting(self, info: Info, key: str, value: str) -> TenantSettingPayload:
        row, errors = await attempt(
            lambda: info.context.write(lambda s: service.update_setting(s, key, value))
        )
        return TenantSettingPayload(
            setting=TenantSettingType.from_model(row) if row else None, errors=errors
        )


async def _set_status(info: Info, code: str, status: TenantStatus) -> TenantPayload:
    tenant, errors = await attempt(
        lambda: info.context.write(lambda s: service.set_status(s, code, status))
    )
    return TenantPayload(tenant=TenantType(model=tenant) if tenant else None, errors=errors)
