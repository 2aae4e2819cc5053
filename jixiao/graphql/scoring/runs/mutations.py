"""Result mutations: compute (考评办), review (考评办), approve (领导小组), publish (考评办)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.scoring.runs.types import (
    ComputeResultsPayload,
    Period,
    ResultRunPayload,
    ResultRunType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs import queries, service
from jixiao.scoring.runs.models import ResultRun
from jixiao.scoring.runs.queries import RunView

Step = Callable[[JixiaoSession, uuid.UUID], ResultRun]


@strawberry.type
class ResultMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_COMPUTE)],
        metadata={AUDIT_ACTION: "result.compute"},
        description="Compute and store a scheme's results; the same inputs return the same run.",
    )
    async def compute_results(
        self, info: Info, scheme_code: str, period: Period = Period.ANNUAL
    ) -> ComputeResultsPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> tuple[RunView, bool]:
            computed = service.compute_run(session, scheme_code, period, actor=actor)
            return queries.view_of(session, computed.run), computed.created

        done, errors = await attempt(lambda: info.context.write(work))
        if done is None:
            return ComputeResultsPayload(errors=errors)
        return ComputeResultsPayload(run=ResultRunType.of(done[0]), created=done[1])

    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_COMPUTE)],
        metadata={AUDIT_ACTION: "result.review"},
        description="The office has checked a draft run (审核).",
    )
    async def review_results(self, info: Info, run_id: strawberry.ID) -> ResultRunPayload:
        actor = info.context.subject
        return await _step(info, run_id, lambda s, r: service.review_run(s, r, actor=actor))

    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_APPROVE)],
        metadata={AUDIT_ACTION: "result.approve"},
        description="The leadership group approves a reviewed run (审定).",
    )
    async def approve_results(self, info: Info, run_id: strawberry.ID) -> ResultRunPayload:
        actor = info.context.subject
        return await _step(info, run_id, lambda s, r: service.approve_run(s, r, actor=actor))

    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_PUBLISH)],
        metadata={AUDIT_ACTION: "result.publish"},
        description="Publish an approved run to the units; the one published before is superseded.",
    )
    async def publish_results(self, info: Info, run_id: strawberry.ID) -> ResultRunPayload:
        actor = info.context.subject
        return await _step(info, run_id, lambda s, r: service.publish_run(s, r, actor=actor))


async def _step(info: Info, run_id: strawberry.ID, step: Step) -> ResultRunPayload:
    def work(session: JixiaoSession) -> RunView:
        return queries.view_of(
            session, step(session, from_global_id(run_id, "ResultRun", field="runId"))
        )

    view, errors = await attempt(lambda: info.context.write(work))
    return ResultRunPayload(run=ResultRunType.of(view) if view else None, errors=errors)
