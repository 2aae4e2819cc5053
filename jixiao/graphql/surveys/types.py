"""Types of the satisfaction survey (群众满意度测评): the survey, its results, its codes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import segno
import strawberry

from jixiao.engine.model import period_name
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import to_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.surveys import results, service
from jixiao.surveys.models import Survey, SurveyAccess, SurveyScale, SurveyState, SurveyUnit
from jixiao.surveys.results import UnitResult

SurveyStateEnum = strawberry.enum(SurveyState, name="SurveyState")
SurveyScaleEnum = strawberry.enum(SurveyScale, name="SurveyScale")
SurveyAccessEnum = strawberry.enum(SurveyAccess, name="SurveyAccess")


@strawberry.type(description="A unit rated in a survey.")
class SurveyUnitType:
    code: str
    name: str


@strawberry.type(name="Survey", description="群众满意度测评: a public survey of a scheme's period.")
class SurveyType:
    id: strawberry.ID
    scheme_code: str
    period: str
    period_label: str
    title: str
    intro: str
    component_code: str = strawberry.field(description="The component its results become.")
    questions: list[str]
    scale: SurveyScaleEnum  # type: ignore[valid-type]
    scale_label: str
    access: SurveyAccessEnum  # type: ignore[valid-type]
    access_label: str
    min_sample: int = strawberry.field(
        description="Fewer responses for a unit than this: its value is provisional."
    )
    state: SurveyStateEnum  # type: ignore[valid-type]
    state_label: str
    public_path: str = strawberry.field(description="The answering page's path (/s/<key>).")
    codes_issued: int
    responses: int = strawberry.field(description="Responses received so far.")
    units: list[SurveyUnitType]
    created_at: datetime
    created_by: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    applied_at: datetime | None = strawberry.field(
        description="When its results last became the component's values."
    )
    applied_by: str | None

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


@strawberry.type(description="One unit's result of a survey.")
class SurveyUnitResult:
    unit_code: str
    unit_name: str
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
    survey: SurveyType
    units: list[SurveyUnitResult]


@strawberry.type(description="An invitation code as printed: the code, its link and QR code.")
class SurveyInvitation:
    code: str
    url: str
    qr_svg: str = strawberry.field(description="The link's QR code as an SVG data URI.")

    @classmethod
    def of(cls, code: str, url: str) -> SurveyInvitation:
        qr = segno.make(url, error="m")
        return cls(code=code, url=url, qr_svg=qr.svg_data_uri(scale=4, border=2))


@strawberry.type
class SurveyPayload:
    survey: SurveyType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="New invitation codes: shown this once, only their hashes are kept.")
class SurveyCodesPayload:
    survey: SurveyType | None = None
    invitations: list[SurveyInvitation] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SurveyResultsPayload:
    results: SurveyResults | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def shown_surveys(session: JixiaoSession, surveys: list[Survey]) -> list[SurveyType]:
    """Surveys with their units and response counts."""
    return [
        SurveyType.of(s, service.units_of(session, s.id), results.respondents(session, s.id))
        for s in surveys
    ]
