"""公示 of results: publish an approved run for 公示, end a 公示, the tenant's 公示 period."""

from __future__ import annotations

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.scoring.runs.mutations import _step
from jixiao.graphql.scoring.runs.types import ResultRunPayload
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs import publicity


@strawberry.type
class PublicityQueries:
    @strawberry.field(
        permission_classes=[requires(p.RESULT_PUBLISH)],
        description="The tenant's 公示 period in working days (setting publicity_days; 0: none).",
    )
    async def publicity_days(self, info: Info) -> int:
        return await info.context.read(publicity.publicity_days)


@strawberry.type
class PublicityMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_PUBLISH)],
        metadata={AUDIT_ACTION: "result.publicity"},
        description="Show an approved run to every unit of the tenant for the 公示 period "
        "(publicityDays working days) before it becomes the final published result.",
    )
    async def publish_results_for_publicity(
        self, info: Info, run_id: strawberry.ID
    ) -> ResultRunPayload:
        actor = info.context.subject
        return await _step(info, run_id, lambda s, r: publicity.start_publicity(s, r, actor=actor))

    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_PUBLISH)],
        metadata={AUDIT_ACTION: "result.publish"},
        description="End a run's 公示 and publish it as final: early only while no appeal of its "
        "period is open (the scheduler ends each 公示 when its period is over).",
    )
    async def end_publicity(self, info: Info, run_id: strawberry.ID) -> ResultRunPayload:
        actor = info.context.subject
        return await _step(info, run_id, lambda s, r: publicity.end_publicity(s, r, actor=actor))
