"""Types of the satisfaction survey (群众满意度测评): the survey, its results, its codes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import segno
import strawberry

from jixiao.engine.model import period_name
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Node, to_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.surveys import results, service
from jixiao.surveys.models import Survey, SurveyAccess, SurveyScale, SurveyState, SurveyUnit
from jixiao.surveys.results import UnitResult

SurveyStateEnum = strawberry.enum(
    SurveyState, name="SurveyState", description="Where a satisfaction survey stands."
)
describe_values(
    "SurveyState",
    {
        "DRAFT": "草稿: the office edits it; nobody answers yet.",
        "OPEN": "进行中: respondents answer; it can no longer be edited.",
        "CLOSED": "已结束: no more answers, for good; its results may be applied.",
    },
)
SurveyScaleEnum = strawberry.enum(
    SurveyScale, name="SurveyScale", description="How a respondent answers a question."
)
describe_values(
    "SurveyScale",
    {
        "FIVE_POINT": "五级: 非常满意 100, 满意 80, 基本满意 60, 不满意 40, 非常不满意 20.",
        "HUNDRED": "百分制: a whole number from 0 to 100.",
    },
)
SurveyAccessEnum = strawberry.enum(
    SurveyAccess, name="SurveyAccess", description="How respondents come in to answer."
)
describe_values(
    "SurveyAccess",
    {
        "CODE": "邀请码: one response per printed invitation code.",
        "LINK": "公开链接: anyone with the link; throttled per address, one-time tickets.",
    },
)


@strawberry.type(description="A unit rated in a survey.")
class SurveyUnitType:
    code: str = strawberry.field(description="The unit's code.")
    name: str = strawberry.field(description="The unit's name as respondents see it.")


@strawberry.type(name="Survey", description="群众满意度测评: a public survey of a scheme's period.")
class SurveyType(Node):
    id: strawberry.ID = strawberry.field(description="The survey's global id.")
    scheme_code: str = strawberry.field(description="The scheme it belongs to.")
    period: str = strawberry.field(
        description="The scheme's period it measures: `annual` or `Q1`…`Q4`."
    )
    period_label: str = strawberry.field(description="The period in Chinese, e.g. 全年.")
    title: str = strawberry.field(
        description="The survey's title as respondents see it, up to 200 characters."
    )
    intro: str = strawberry.field(
        description="Text shown to respondents before the questions; may be empty."
    )
    component_code: str = strawberry.field(description="The component its results become.")
    questions: list[str] = strawberry.field(
        description="The questions, in order, asked about each unit a respondent rates."
    )
    scale: SurveyScaleEnum = strawberry.field(  # type: ignore[valid-type]
        description="How respondents answer each question."
    )
    scale_label: str = strawberry.field(
        description="The scale in Chinese, e.g. 五级（非常满意～非常不满意）."
    )
    access: SurveyAccessEnum = strawberry.field(  # type: ignore[valid-type]
        description="How respondents come in."
    )
    access_label: str = strawberry.field(description="The access in Chinese: 邀请码 or 公开链接.")
    min_sample: int = strawberry.field(
        description="Fewer responses for a unit than this: its value is provisional."
    )
    state: SurveyStateEnum = strawberry.field(  # type: ignore[valid-type]
        description="Where the survey stands."
    )
    state_label: str = strawberry.field(description="The state in Chinese: 草稿, 进行中 or 已结束.")
    public_path: str = strawberry.field(description="The answering page's path (/s/<key>).")
    codes_issued: int = strawberry.field(
        description="Invitation codes issued so far, in all batches."
    )
    responses: int = strawberry.field(description="Responses received so far.")
    units: list[SurveyUnitType] = strawberry.field(
        description="The units rated, in the order respondents see them."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    created_by: str | None = strawberry.field(description="Who created it; null if unknown.")
    opened_at: datetime | None = strawberry.field(
        description="When it was opened to respondents; null while a draft."
    )
    closed_at: datetime | None = strawberry.field(
        description="When it was closed; null until then."
    )
    applied_at: datetime | None = strawberry.field(
        description="When its results last became the component's values."
    )
    applied_by: str | None = strawberry.field(
        description="Who last applied its results; null until then."
    )

    @classmethod
    def of(cls, survey: Survey, units: list[SurveyUnit], responses: int) -> SurveyType:
        return cls(
            id=to_global_id("Survey", survey.id),
            scheme_code=survey.scheme_code,
            period=survey.period,
            period_label=period_name(survey.period),
            title=survey.title,
            intro=survey.intro,
            component_code=survey.component_code,
            questions=list(survey.questions),
            scale=survey.scale,
            scale_label=survey.scale.label,
            access=survey.access,
            access_label=survey.access.label,
            min_sample=survey.min_sample,
            state=survey.state,
            state_label=survey.state.label,
            public_path=f"/s/{survey.public_key}",
            codes_issued=survey.codes_issued,
            responses=responses,
            units=[SurveyUnitType(code=u.unit_code, name=u.unit_name) for u in units],
            created_at=survey.created_at,
            created_by=survey.created_by,
            opened_at=survey.opened_at,
            closed_at=survey.closed_at,
            applied_at=survey.applied_at,
            applied_by=survey.applied_by,
        )

    @classmethod
    def of_rows(cls, session: JixiaoSession, rows: list[Survey]) -> list[SurveyType]:
        """Surveys with their units and response counts (two queries a survey)."""
        return [
            cls.of(s, service.units_of(session, s.id), results.respondents(session, s.id))
            for s in rows
        ]


@strawberry.type(description="One unit's result of a survey.")
class SurveyUnitResult:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    responses: int = strawberry.field(description="Responses that rated the unit.")
    mean: Decimal | None = strawberry.field(
        description="The mean of its answers on 0–100, exact; null when nobody rated it."
    )
    provisional: bool = strawberry.field(description="Fewer responses than the minimum sample.")

    @classmethod
    def of(cls, result: UnitResult) -> SurveyUnitResult:
        return cls(
            unit_code=result.unit_code,
            unit_name=result.unit_name,
            responses=result.responses,
            mean=result.mean,
            provisional=result.provisional,
        )


@strawberry.type(description="A survey's results per unit.")
class SurveyResults:
    survey: SurveyType = strawberry.field(description="The survey.")
    units: list[SurveyUnitResult] = strawberry.field(
        description="Each unit rated, in the survey's order."
    )


@strawberry.type(description="An invitation code as printed: the code, its link and QR code.")
class SurveyInvitation:
    code: str = strawberry.field(description="The invitation code (邀请码): one response each.")
    url: str = strawberry.field(description="The answering page's link with the code filled in.")
    qr_svg: str = strawberry.field(description="The link's QR code as an SVG data URI.")

    @classmethod
    def of(cls, code: str, url: str) -> SurveyInvitation:
        qr = segno.make(url, error="m")
        return cls(code=code, url=url, qr_svg=qr.svg_data_uri(scale=4, border=2))


@strawberry.type(description="The survey after the step, or why it was refused.")
class SurveyPayload:
    survey: SurveyType | None = strawberry.field(
        default=None, description="The survey as it is now; null when the step was refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


@strawberry.type(description="New invitation codes: shown this once, only their hashes are kept.")
class SurveyCodesPayload:
    survey: SurveyType | None = strawberry.field(
        default=None,
        description="The survey, with `codesIssued` counting the new codes; null when refused.",
    )
    invitations: list[SurveyInvitation] = strawberry.field(
        description="The new codes with their links and QR codes; empty when refused.",
        default_factory=list,
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


@strawberry.type(description="The survey's results after applying them, or why it was refused.")
class SurveyResultsPayload:
    results: SurveyResults | None = strawberry.field(
        default=None, description="The results now applied; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )
