"""Role queries: the tenant's roles and the catalogue of permissions they can hold."""

from __future__ import annotations

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.policies.types import PermissionInfo, RoleType
from jixiao.policies import permissions as p
from jixiao.policies import service
from jixiao.policies.guards import requires


@strawberry.type
class AccessQueries:
    @strawberry.field(
        permission_classes=[requires(p.ROLE_READ)],
        description="Your government's roles, built-in first, with their permissions.",
    )
    async def roles(self, info: Info) -> list[RoleType]:
        rows = await info.context.read(service.list_roles)
        return [RoleType.of(row) for row in rows]

    @strawberry.field(
        permission_classes=[requires(p.ROLE_READ)],
        description="Every permission a role of your government may hold.",
    )
    def permission_catalogue(self) -> list[PermissionInfo]:
        return [PermissionInfo.of(item) for item in p.ALL if not item.platform]
