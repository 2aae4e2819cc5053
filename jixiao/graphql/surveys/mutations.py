"""Survey mutations for the office (survey:manage): create, edit while a draft, open, close,
issue invitation codes, and apply the results as the scheme's component (`jixiao.surveys`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.scoring.runs.types import Period
from jixiao.graphql.surveys.queries import MANAGERS, survey_results
from jixiao.graphql.surveys.types import (
    SurveyAccessEnum,
    SurveyCodesPayload,
    SurveyInvitation,
    SurveyPayload,
    SurveyResultsPayload,
    SurveyScaleEnum,
    SurveyType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.surveys import results, service
from jixiao.surveys.models import Survey, SurveyAccess, SurveyScale


@strawberry.input(description="What the office sets of a survey while it is a draft.")
class SurveyInput:
    title: str = strawberry.field(
        description="The title respondents see: not empty, up to 200 characters."
    )
    questions: list[str] = strawberry.field(
        description="1 to 20 questions of up to 200 characters each; blank ones are dropped."
    )
    scale: SurveyScaleEnum = strawberry.field(  # type: ignore[valid-type]
        default=SurveyScale.FIVE_POINT, description="How respondents answer each question."
    )
    access: SurveyAccessEnum = strawberry.field(  # type: ignore[valid-type]
        default=SurveyAccess.CODE,
        description="How respondents come in: invitation codes or an open link.",
    )
    min_sample: int = strawberry.field(
        default=30, description="The least responses for a unit's mean to count as final, 1–100000."
    )
    intro: str = strawberry.field(
        default="", description="Text shown before the questions, up to 2000 characters."
    )
    component_code: str = strawberry.field(
        default="public",
        description="The scheme's rating component its results become (not the indicators "
        "component).",
    )
    units: list[str] | None = strawberry.field(
        default=None, description="Unit codes; null: every appraised unit of the scheme."
    )

    def to_domain(self) -> service.SurveyDraft:
        return service.SurveyDraft(
            title=self.title,
            questions=list(self.questions),
            scale=SurveyScale(self.scale),
            access=SurveyAccess(self.access),
            min_sample=self.min_sample,
            intro=self.intro,
            component_code=self.component_code,
            units=None if self.units is None else list(self.units),
        )


async def _survey(info: Info, step: Callable[[JixiaoSession], Survey]) -> SurveyPayload:
    survey, errors = await attempt(
        lambda: info.context.write(lambda s: SurveyType.of_rows(s, [step(s)])[0])
    )
    return SurveyPayload(survey=survey, errors=errors)


def _link_base(base_url: str) -> str:
    base = base_url.strip().rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(base) > 200:
        raise InvalidInput("二维码链接的网址须以 http:// 或 https:// 开头", field="baseUrl")
    return base


@strawberry.type
class SurveyMutations:
    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.create"},
        description="A draft satisfaction survey of a scheme's period.",
    )
    async def create_survey(
        self, info: Info, scheme_code: str, period: Period, input: SurveyInput
    ) -> SurveyPayload:
        subject, draft = info.context.subject, input.to_domain()
        return await _survey(
            info, lambda s: service.create_survey(s, subject, scheme_code, period.value, draft)
        )

    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.edit"},
        description="Change a draft survey.",
    )
    async def edit_survey(self, info: Info, id: strawberry.ID, input: SurveyInput) -> SurveyPayload:
        subject, draft, local = (
            info.context.subject,
            input.to_domain(),
            from_global_id(id, "Survey"),
        )
        return await _survey(info, lambda s: service.edit_survey(s, subject, local, draft))

    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.open"},
        description="Open a draft survey to respondents.",
    )
    async def open_survey(self, info: Info, id: strawberry.ID) -> SurveyPayload:
        subject, local = info.context.subject, from_global_id(id, "Survey")
        return await _survey(info, lambda s: service.open_survey(s, subject, local))

    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.close"},
        description="Close an open survey: no more answers.",
    )
    async def close_survey(self, info: Info, id: strawberry.ID) -> SurveyPayload:
        subject, local = info.context.subject, from_global_id(id, "Survey")
        return await _survey(info, lambda s: service.close_survey(s, subject, local))

    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.codes"},
        description="New invitation codes with their links (`baseUrl` + the answering page) and "
        "QR codes, to print; shown this once.",
    )
    async def generate_survey_codes(
        self,
        info: Info,
        id: strawberry.ID,
        count: Annotated[int, strawberry.argument(description="How many new codes, 1–1000.")],
        base_url: Annotated[
            str,
            strawberry.argument(
                description="The portal's address the links start with, `http://` or `https://`, "
                "e.g. `https://jixiao.example.gov.cn`."
            ),
        ],
    ) -> SurveyCodesPayload:
        subject, local = info.context.subject, from_global_id(id, "Survey")

        def work(session: JixiaoSession) -> SurveyCodesPayload:
            base = _link_base(base_url)
            survey, codes = service.issue_codes(session, subject, local, count)
            shown = SurveyType.of_rows(session, [survey])[0]
            invitations = [
                SurveyInvitation.of(code, f"{base}{shown.public_path}?code={code}")
                for code in codes
            ]
            return SurveyCodesPayload(survey=shown, invitations=invitations)

        found, errors = await attempt(lambda: info.context.write(work))
        return found if found is not None else SurveyCodesPayload(errors=errors)

    @strawberry.mutation(
        permission_classes=[MANAGERS],
        metadata={AUDIT_ACTION: "survey.apply"},
        description="A closed survey's means become its units' values of the survey's "
        "component (群众满意度); the annual result is recomputed.",
    )
    async def apply_survey_results(self, info: Info, id: strawberry.ID) -> SurveyResultsPayload:
        subject, local = info.context.subject, from_global_id(id, "Survey")

        def work(session: JixiaoSession) -> SurveyResultsPayload:
            results.apply_results(session, subject, local)
            return SurveyResultsPayload(results=survey_results(session, id))

        found, errors = await attempt(lambda: info.context.write(work))
        return found if found is not None else SurveyResultsPayload(errors=errors)
