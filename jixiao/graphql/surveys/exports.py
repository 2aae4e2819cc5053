"""Survey exports for the office (survey:manage): the surveys and a survey's results as Excel."""

from __future__ import annotations

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.exports import ExportPayload
from jixiao.graphql.relay import from_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.platform.spreadsheet import ExportFile
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.surveys.export import export_survey_results, export_surveys

MANAGERS = requires(p.SURVEY_MANAGE)


@strawberry.type
class SurveyExportMutations:
    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.export"},
        description="The surveys `surveys` lists (one scheme's or all) as Excel (.xlsx); "
        "recorded in the audit log.",
    )
    async def export_surveys(self, info: Info, scheme_code: str | None = None) -> ExportPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ExportFile:
            return export_surveys(session, subject, scheme_code)

        exported, errors = await attempt(lambda: info.context.write(work))
        return ExportPayload.of(exported, errors)

    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.export"},
        description="A survey's results per unit as Excel (.xlsx), figures as numbers; "
        "recorded in the audit log.",
    )
    async def export_survey_results(self, info: Info, id: strawberry.ID) -> ExportPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ExportFile:
            return export_survey_results(session, subject, from_global_id(id, "Survey"))

        exported, errors = await attempt(lambda: info.context.write(work))
        return ExportPayload.of(exported, errors)
