"""The respondents' side of a survey: no account, found by its public key alone.

The caller opens a session of the tenant the key names (`tokens.tenant_of_key`), so that the
survey is read, and answers written, under that tenant's row-level security. A respondent sees
only the survey's title, introduction, questions, scale and the units' Chinese names (a unit is
named by its position). An answer needs an unused invitation code (access `code`) or a genuine,
unexpired, unredeemed ticket (access `link`); it is kept without anything that names the person.
Throttling per address is the HTTP layer's (`jixiao.graphql.surveys.public`), which keeps no
address. The caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.schemes import periods
from jixiao.surveys import tokens
from jixiao.surveys.models import (
    Survey,
    SurveyAccess,
    SurveyAnswer,
    SurveyState,
    SurveyTicket,
)
from jixiao.surveys.queries import locked_code, survey_by_key
from jixiao.surveys.scale import Option, accepts, options
from jixiao.surveys.service import units_of

UNKNOWN = "没有这个满意度测评，请核对链接或二维码"


@dataclass(frozen=True)
class Questionnaire:
    title: str
    intro: str
    questions: list[str]
    scale: str
    options: list[Option]
    units: list[tuple[int, str]]  # (position, Chinese name)
    access: str
    ticket: str | None  # an open link's one-time ticket


@dataclass(frozen=True)
class UnitAnswer:
    unit: int  # the unit's position in the survey
    values: list[Decimal]  # one per question, in order


def find_open(session: JixiaoSession, key: str) -> Survey:
    """The open survey of a public key; a draft is not told apart from none."""
    survey = survey_by_key(session, key)
    if survey is None or survey.state is SurveyState.DRAFT:
        raise NotFound(UNKNOWN, field="key")
    if survey.state is SurveyState.CLOSED:
        raise Conflict(f"「{survey.title}」已结束，感谢您的关注", field="key")
    return survey


def questionnaire(session: JixiaoSession, key: str, secret: str) -> Questionnaire:
    """What the public page shows, with a fresh ticket for an open link."""
    survey = find_open(session, key)
    ticket = None
    if survey.access is SurveyAccess.LINK:
        ticket = tokens.issue_ticket(secret, survey.id)
    return Questionnaire(
        title=survey.title,
        intro=survey.intro,
        questions=list(survey.questions),
        scale=survey.scale.value,
        options=options(survey.scale),
        units=[(unit.position, unit.unit_name) for unit in units_of(session, survey.id)],
        access=survey.access.value,
        ticket=ticket,
    )


def submit(
    session: JixiaoSession,
    key: str,
    secret: str,
    answers: list[UnitAnswer],
    *,
    code: str | None = None,
    ticket: str | None = None,
) -> int:
    """Store one anonymous response; the number of units it rated."""
    survey = find_open(session, key)
    try:  # a closed scheme or period is read-only: its survey takes no more answers
        periods.require_open(session, survey.scheme_id, survey.period, what="提交答卷")
    except Conflict:
        raise Conflict(f"「{survey.title}」已截止，感谢您的关注", field="key") from None
    units = {unit.position: unit.unit_id for unit in units_of(session, survey.id)}
    _check(survey, units, answers)
    if survey.access is SurveyAccess.CODE:
        _redeem_code(session, survey, code or "")
    else:
        _redeem_ticket(session, survey, secret, ticket or "")
    response_id = uuid.uuid4()
    for answer in answers:
        for question, value in enumerate(answer.values):
            session.add(
                SurveyAnswer(
                    id=uuid.uuid4(),
                    survey_id=survey.id,
                    response_id=response_id,
                    unit_id=units[answer.unit],
                    question=question,
                    value=value,
                )
            )
    session.flush()
    return len(answers)


def _check(survey: Survey, units: dict[int, uuid.UUID], answers: list[UnitAnswer]) -> None:
    if not answers:
        raise InvalidInput("请至少评价一个单位", field="answers")
    seen: set[int] = set()
    count = len(survey.questions)
    for answer in answers:
        if answer.unit not in units or answer.unit in seen:
            raise InvalidInput("答卷中的单位有误，请刷新页面后重新作答", field="answers")
        seen.add(answer.unit)
        if len(answer.values) != count:
            raise InvalidInput(f"每个单位的 {count} 个问题都需要作答", field="answers")
        if not all(accepts(survey.scale, value) for value in answer.values):
            raise InvalidInput("答案不在评价等级之内，请重新选择", field="answers")


def _redeem_code(session: JixiaoSession, survey: Survey, code: str) -> None:
    if not tokens.normalise_code(code):
        raise InvalidInput("请输入邀请码", field="code")
    found = locked_code(session, survey.id, tokens.code_hash(survey.id, code))
    if found is None:
        raise NotFound("邀请码无效，请核对后重新输入", field="code")
    if found.used:
        raise Conflict("该邀请码已使用过，每个邀请码只能提交一次答卷", field="code")
    found.used = True
    session.add(found)


def _redeem_ticket(session: JixiaoSession, survey: Survey, secret: str, ticket: str) -> None:
    digest = tokens.ticket_nonce(secret, survey.id, ticket)
    if digest is None:
        raise InvalidInput("答卷凭证无效或已过期，请刷新页面后重新作答", field="ticket")
    try:
        with session.begin_nested():
            session.add(SurveyTicket(id=uuid.uuid4(), survey_id=survey.id, nonce_hash=digest))
            session.flush()
    except IntegrityError:
        raise Conflict("这份答卷已经提交过，请勿重复提交", field="ticket") from None
