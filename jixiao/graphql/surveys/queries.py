"""Survey queries for the office (survey:manage): the surveys, one survey, its results and
their Excel export."""

from __future__ import annotations

import base64

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.surveys.types import SurveyResults, SurveyType, SurveyUnitResult
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.surveys import results, service
from jixiao.surveys.export import results_workbook

MANAGERS = requires(p.SURVEY_MANAGE)


def survey_results(session: JixiaoSession, survey_id: str) -> SurveyResults:
    survey = service.get_survey(session, from_global_id(survey_id, "Survey"))
    found = results.unit_results(session, survey)
    return SurveyResults(
        survey=SurveyType.of_rows(session, [survey])[0],
        units=[SurveyUnitResult.of(r) for r in found],
    )


@strawberry.type
class SurveyQueries:
    @strawberry.field(
        permission_classes=[MANAGERS],
        description="Satisfaction surveys (群众满意度测评), newest first, of one scheme or all.",
    )
    async def surveys(self, info: Info, scheme_code: str | None = None) -> list[SurveyType]:
        return await info.context.read(
            lambda s: SurveyType.of_rows(s, service.list_surveys(s, scheme_code))
        )

    @strawberry.field(
        description="One satisfaction survey (满意度测评) by its global id.",
        permission_classes=[MANAGERS],
    )
    async def survey(self, info: Info, id: strawberry.ID) -> SurveyType | None:
        local = from_global_id(id, "Survey")

        def work(session: JixiaoSession) -> SurveyType | None:
            try:
                return SurveyType.of_rows(session, [service.get_survey(session, local)])[0]
            except NotFound:
                return None

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[MANAGERS],
        description="A survey's results per unit: responses, exact mean on 0–100, provisional "
        "below the minimum sample.",
    )
    async def survey_results(self, info: Info, id: strawberry.ID) -> SurveyResults | None:
        def work(session: JixiaoSession) -> SurveyResults | None:
            try:
                return survey_results(session, id)
            except NotFound:
                return None

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[MANAGERS],
        description="A survey's results as an Excel workbook (.xlsx), base64-encoded.",
        deprecation_reason="Use the exportSurveyResults mutation, which the audit log records.",
    )
    async def survey_results_excel(self, info: Info, id: strawberry.ID) -> str:
        local = from_global_id(id, "Survey")

        def work(session: JixiaoSession) -> bytes:
            return results_workbook(session, service.get_survey(session, local))

        return base64.b64encode(await info.context.read(work)).decode("ascii")
