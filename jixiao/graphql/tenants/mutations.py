"""Tenant mutations: onboarding and suspension (operators), settings (the tenant's admin)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.tenants.types import (
    TENANT_CODE,
    DraftScheme,
    FirstAccountType,
    OnboardTenantInput,
    OnboardTenantPayload,
    TenantPayload,
    TenantSettingPayload,
    TenantSettingType,
    TenantType,
)
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.tenants import onboarding, service
from jixiao.tenants.models import TenantStatus


@strawberry.type
class TenantMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.TENANT_CREATE)],
        metadata={AUDIT_ACTION: "tenant.onboard"},
        description="Onboard a government: the tenant and what it starts with (administrators, "
        "and a draft scheme when a template is named), in one operation.",
    )
    async def onboard_tenant(self, info: Info, input: OnboardTenantInput) -> OnboardTenantPayload:
        command = onboarding.OnboardTenant(
            code=input.code,
            name=input.name,
            level=input.level,
            parent_code=input.parent_code,
            template_code=input.template_code,
            scheme_year=input.scheme_year,
        )
        done, errors = await attempt(
            lambda: info.context.write(
                lambda s: onboarding.onboard_tenant(s, command, actor=info.context.subject)
            )
        )
        if done is None:
            return OnboardTenantPayload(errors=errors)
        return OnboardTenantPayload(
            tenant=TenantType.of(done.tenant),
            accounts=[
                FirstAccountType(
                    username=a.username, role=a.role, one_time_password=a.one_time_password
                )
                for a in done.accounts
            ],
            draft_scheme=(
                DraftScheme(code=done.scheme.code, name=done.scheme.name, year=done.scheme.year)
                if done.scheme
                else None
            ),
        )

    @strawberry.mutation(
        description=(
            "Suspend a government (platform operators): its sessions and API tokens are refused "
            "until it is resumed; the government's audit trail records who did it."
        ),
        permission_classes=[requires(p.TENANT_SUSPEND)],
        metadata={AUDIT_ACTION: "tenant.suspend"},
    )
    async def suspend_tenant(
        self, info: Info, code: Annotated[str, strawberry.argument(description=TENANT_CODE)]
    ) -> TenantPayload:
        return await _set_status(info, code, TenantStatus.SUSPENDED)

    @strawberry.mutation(
        description="Resume a suspended government (platform operators).",
        permission_classes=[requires(p.TENANT_SUSPEND)],
        metadata={AUDIT_ACTION: "tenant.resume"},
    )
    async def resume_tenant(
        self, info: Info, code: Annotated[str, strawberry.argument(description=TENANT_CODE)]
    ) -> TenantPayload:
        return await _set_status(info, code, TenantStatus.ACTIVE)

    @strawberry.mutation(
        description=(
            "Change one of the tenant's settings (a key listed by tenantSettings); the value is "
            "checked against what the setting allows."
        ),
        permission_classes=[requires(p.SETTING_WRITE)],
        metadata={AUDIT_ACTION: "tenant.setting.update"},
    )
    async def update_tenant_setting(
        self,
        info: Info,
        key: Annotated[str, strawberry.argument(description="The setting's `key`.")],
        value: Annotated[
            str,
            strawberry.argument(
                description="The new value as text: a whole number in its range, or one of its "
                "`choices`."
            ),
        ],
    ) -> TenantSettingPayload:
        actor = info.context.subject
        row, errors = await attempt(
            lambda: info.context.write(lambda s: service.update_setting(s, key, value, actor=actor))
        )
        return TenantSettingPayload(
            setting=TenantSettingType.of(row) if row else None, errors=errors
        )


async def _set_status(info: Info, code: str, status: TenantStatus) -> TenantPayload:
    tenant, errors = await attempt(
        lambda: info.context.write(
            lambda s: service.set_status(s, code, status, actor=info.context.subject)
        )
    )
    return TenantPayload(tenant=TenantType.of(tenant) if tenant else None, errors=errors)
