"""Support grant mutations: the tenant's security admin grants and revokes."""

from __future__ import annotations

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.support.types import GrantSupportInput, SupportGrantPayload, SupportGrantType
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.support import service


@strawberry.type
class SupportMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.SUPPORT_GRANT)],
        metadata={AUDIT_ACTION: "support.grant"},
        description="Let a named platform operator read (never change) your government's data "
        "for up to 72 hours.",
    )
    async def grant_support_access(
        self, info: Info, input: GrantSupportInput
    ) -> SupportGrantPayload:
        actor = info.context.subject
        grant, errors = await attempt(
            lambda: info.context.write(
                lambda s: service.grant_support(
                    s,
                    operator_username=input.operator_username,
                    hours=input.hours,
                    reason=input.reason,
                    actor=actor,
                )
            )
        )
        return SupportGrantPayload(
            grant=SupportGrantType.of(grant) if grant else None, errors=errors
        )

    @strawberry.mutation(
        permission_classes=[requires(p.SUPPORT_GRANT)],
        metadata={AUDIT_ACTION: "support.revoke"},
        description="End a support grant now: the operator's next request reads nothing.",
    )
    async def revoke_support_access(self, info: Info, id: strawberry.ID) -> SupportGrantPayload:
        actor = info.context.subject

        async def revoke() -> SupportGrantType:
            grant_id = from_global_id(id, "SupportGrant")
            grant = await info.context.write(
                lambda s: service.revoke_support(s, grant_id, actor=actor)
            )
            return SupportGrantType.of(grant)

        done, errors = await attempt(revoke)
        return SupportGrantPayload(grant=done, errors=errors)
