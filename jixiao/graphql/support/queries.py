"""Support grant queries: the tenant's security admin lists its grants and what was done under
each; an operator lists the grants given to them."""

from __future__ import annotations

import strawberry

from jixiao.graphql.audit.types import AuditEventType
from jixiao.graphql.context import Info
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.support.types import OperatorSupportGrantType, SupportGrantType
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.support import service


@strawberry.type
class SupportQueries:
    @strawberry.field(
        permission_classes=[requires(p.SUPPORT_GRANT)],
        description="Operators' support grants in your government, newest first.",
    )
    async def support_grants(self, info: Info) -> list[SupportGrantType]:
        rows = await info.context.read(service.list_grants)
        return [SupportGrantType.of(row) for row in rows]

    @strawberry.field(
        permission_classes=[requires(p.SUPPORT_GRANT)],
        description="What the operator did under one grant (every read, and every change tried "
        "and refused), from your audit log, newest first.",
    )
    async def support_grant_activity(self, info: Info, id: strawberry.ID) -> list[AuditEventType]:
        grant_id = from_global_id(id, "SupportGrant")
        rows = await info.context.read(
            lambda s: service.grant_activity(s, service.get_grant(s, grant_id))
        )
        return [AuditEventType.of(row) for row in rows]

    @strawberry.field(
        permission_classes=[requires(p.SUPPORT_ACCESS)],
        description="The support grants given to you: live ones first, then those ended in the "
        "last 30 days.",
    )
    async def my_support_grants(self, info: Info) -> list[OperatorSupportGrantType]:
        operator_id = info.context.subject.user_id
        assert operator_id is not None
        rows = await info.context.read(lambda s: service.operator_grants(s, operator_id))
        return [OperatorSupportGrantType.of(row) for row in rows]
