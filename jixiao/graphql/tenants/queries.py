"""Tenant queries: platform operators list tenants; a tenant reads its own settings."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection
from jixiao.graphql.tenants.types import (
    TENANT_CODE,
    TenantConnection,
    TenantLevel,
    TenantSettingType,
    TenantStatus,
    TenantType,
)
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.tenants import service


@strawberry.type
class TenantQueries:
    @strawberry.field(
        permission_classes=[requires(p.TENANT_READ)], description="All tenants, by code."
    )
    async def tenants(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: TenantStatus | None = None,
        level: Annotated[
            TenantLevel | None, strawberry.argument(description="Only tenants of this level.")
        ] = None,
        parent_code: Annotated[
            str | None,
            strawberry.argument(description="Only the districts and counties of this city."),
        ] = None,
    ) -> TenantConnection:
        page = await info.context.read(
            lambda s: service.list_tenants(
                s, status=status, level=level, parent_code=parent_code, first=first, after=after
            )
        )
        return connection(page, TenantType.of, after=after)

    @strawberry.field(
        description="One government by its code.", permission_classes=[requires(p.TENANT_READ)]
    )
    async def tenant(
        self, info: Info, code: Annotated[str, strawberry.argument(description=TENANT_CODE)]
    ) -> TenantType | None:
        found = await info.context.read(lambda s: service.find_tenant(s, code))
        return TenantType.of(found) if found else None

    @strawberry.field(
        permission_classes=[requires(p.SETTING_READ)], description="Your tenant's settings."
    )
    async def tenant_settings(self, info: Info) -> list[TenantSettingType]:
        rows = await info.context.read(service.list_settings)
        return [TenantSettingType.of(row) for row in rows]
