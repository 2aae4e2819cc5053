"""Excel exports of results: the rankings and a unit's result in any run the viewer may read
(result:read)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.exports import ExportPayload
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.scoring.runs.loaders import result_scope
from jixiao.graphql.scoring.runs.types import Period
from jixiao.platform.db import JixiaoSession
from jixiao.platform.spreadsheet import ExportFile
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs.export import export_rankings
from jixiao.scoring.runs.unit_export import export_unit_result

RunId = Annotated[strawberry.ID | None, strawberry.argument(description="A run of the history.")]


@strawberry.type
class ResultExportMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_READ)],
        metadata={AUDIT_ACTION: "result.export"},
        description="The rankings of a run as Excel (.xlsx): a sheet per group and the overall "
        "ranking, as `rankings` shows them to the viewer (the run asked for, else the one "
        "shown by default); recorded in the audit log.",
    )
    async def export_rankings(
        self,
        info: Info,
        scheme_code: str,
        period: Period = Period.ANNUAL,
        run_id: RunId = None,
    ) -> ExportPayload:
        subject = info.context.subject
        scope = result_scope(info)

        def work(session: JixiaoSession) -> ExportFile:
            wanted = from_global_id(run_id, "ResultRun", field="runId") if run_id else None
            return export_rankings(session, scope, subject, scheme_code, period, wanted)

        exported, errors = await attempt(lambda: info.context.write(work))
        return ExportPayload.of(exported, errors)

    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_READ)],
        metadata={AUDIT_ACTION: "result.export"},
        description="A unit's result in a run as Excel (.xlsx): each indicator line and the "
        "score entries behind it, scorers by name, as `unitResult` shows them to the viewer; "
        "recorded in the audit log.",
    )
    async def export_unit_result(
        self,
        info: Info,
        scheme_code: str,
        unit_code: str,
        period: Period = Period.ANNUAL,
        run_id: RunId = None,
    ) -> ExportPayload:
        subject = info.context.subject
        scope = result_scope(info)

        def work(session: JixiaoSession) -> ExportFile:
            wanted = from_global_id(run_id, "ResultRun", field="runId") if run_id else None
            return export_unit_result(
                session, scope, subject, scheme_code, unit_code, period, wanted
            )

        exported, errors = await attempt(lambda: info.context.write(work))
        return ExportPayload.of(exported, errors)
