"""The office's side of a survey (群众满意度测评), permission survey:manage.

A survey belongs to a scheme's period. While a draft the office edits it: title, questions,
answer scale, access (invitation codes or an open link), minimum sample and units (by default
every appraised unit of the scheme). Opening it lets respondents answer (`jixiao.surveys.public`),
closing it ends that for good. Invitation codes are issued while it is a draft or open; each is
shown once and kept only as its hash. A closed survey, and any survey of a closed scheme or
period, is read-only. Every change is audited; the caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.schemes.lookup import find_component, member_units
from jixiao.schemes.models import Scheme
from jixiao.surveys import tokens
from jixiao.surveys.models import (
    Survey,
    SurveyAccess,
    SurveyCode,
    SurveyScale,
    SurveyState,
    SurveyUnit,
)
from jixiao.surveys.queries import survey_units, surveys_newest_first

MAX_QUESTIONS = 20
MAX_QUESTION = 200
MAX_CODES = 1000  # codes issued at once (one printed sheet run)
INDICATORS = "indicators"


@dataclass(frozen=True)
class SurveyDraft:
    """What the office sets of a survey while it is a draft."""

    title: str
    questions: list[str]
    scale: SurveyScale = SurveyScale.FIVE_POINT
    access: SurveyAccess = SurveyAccess.CODE
    min_sample: int = 30
    intro: str = ""
    component_code: str = "public"
    units: list[str] | None = field(default=None)  # unit codes; None: all appraised units


def name_of(subject: Subject) -> str | None:
    return (subject.display_name or subject.username or "")[:100] or None


def require_manager(subject: Subject) -> None:
    if not subject.can(p.SURVEY_MANAGE.code):
        raise Forbidden("只有考评办可以管理群众满意度测评")


def get_survey(session: JixiaoSession, survey_id: uuid.UUID, *, lock: bool = False) -> Survey:
    survey = session.get(Survey, (session.require_tenant(), survey_id), with_for_update=lock)
    if survey is None:
        raise NotFound("没有这个满意度测评", field="id")
    return survey


def list_surveys(session: JixiaoSession, scheme_code: str | None = None) -> list[Survey]:
    return surveys_newest_first(session, scheme_code)


def units_of(session: JixiaoSession, survey_id: uuid.UUID) -> list[SurveyUnit]:
    return survey_units(session, survey_id)


def create_survey(
    session: JixiaoSession, subject: Subject, scheme_code: str, period: str, draft: SurveyDraft
) -> Survey:
    """A draft survey of a scheme's period."""
    require_manager(subject)
    scheme = periods.require_open_by_code(session, scheme_code, None, what="创建满意度测评")
    if period not in (*scheme.periods, periods.ANNUAL):
        allowed = "、".join([*scheme.periods, periods.ANNUAL])
        raise InvalidInput(
            f"方案「{scheme.name}」没有周期「{period}」（可选：{allowed}）", field="period"
        )
    periods.require_open(session, scheme, period, what="创建满意度测评")
    survey = Survey(
        scheme_id=scheme.id,
        scheme_code=scheme.code,
        period=period,
        title="",
        public_key=tokens.new_public_key(session.require_tenant()),
        created_by=name_of(subject),
    )
    _fill(session, scheme, survey, draft)
    session.add(survey)
    session.flush()
    _set_units(session, scheme, survey, draft.units)
    _audit(session, subject, survey, "survey.create", None)
    return survey


def edit_survey(
    session: JixiaoSession, subject: Subject, survey_id: uuid.UUID, draft: SurveyDraft
) -> Survey:
    """Change a draft survey."""
    survey, scheme = _writable(session, subject, survey_id, "修改")
    if survey.state is not SurveyState.DRAFT:
        raise Conflict(f"测评「{survey.title}」{survey.state.label}，只有草稿可以修改", field="id")
    _fill(session, scheme, survey, draft)
    session.add(survey)
    _set_units(session, scheme, survey, draft.units)
    _audit(session, subject, survey, "survey.edit", survey.state)
    return survey


def open_survey(session: JixiaoSession, subject: Subject, survey_id: uuid.UUID) -> Survey:
    """Respondents may answer from now on (草稿 → 进行中)."""
    survey, _ = _writable(session, subject, survey_id, "开始")
    if survey.state is not SurveyState.DRAFT:
        raise Conflict(f"测评「{survey.title}」{survey.state.label}，只有草稿可以开始", field="id")
    if not units_of(session, survey.id):
        raise InvalidInput("测评中没有考评对象", field="units")
    survey.state, survey.opened_at, survey.opened_by = SurveyState.OPEN, utcnow(), name_of(subject)
    _save(session, subject, survey, "survey.open", SurveyState.DRAFT)
    return survey


def close_survey(session: JixiaoSession, subject: Subject, survey_id: uuid.UUID) -> Survey:
    """No more answers (进行中 → 已结束); the results stay readable."""
    require_manager(subject)
    survey = get_survey(session, survey_id, lock=True)
    if survey.state is not SurveyState.OPEN:
        raise Conflict(
            f"测评「{survey.title}」{survey.state.label}，只有进行中的测评可以结束", field="id"
        )
    survey.state, survey.closed_at, survey.closed_by = (
        SurveyState.CLOSED,
        utcnow(),
        name_of(subject),
    )
    _save(session, subject, survey, "survey.close", SurveyState.OPEN)
    return survey


def issue_codes(
    session: JixiaoSession, subject: Subject, survey_id: uuid.UUID, count: int
) -> tuple[Survey, list[str]]:
    """`count` new invitation codes, shown this once (only their hashes are kept)."""
    survey, _ = _writable(session, subject, survey_id, "生成邀请码")
    if survey.access is not SurveyAccess.CODE:
        raise Conflict(f"测评「{survey.title}」使用公开链接，不需要邀请码", field="id")
    if not 1 <= count <= MAX_CODES:
        raise InvalidInput(f"一次可生成 1～{MAX_CODES} 个邀请码", field="count")
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        code = tokens.new_code()
        digest = tokens.code_hash(survey.id, code)
        if digest in seen:
            continue
        seen.add(digest)
        codes.append(code)
        session.add(SurveyCode(id=uuid.uuid4(), survey_id=survey.id, code_hash=digest))
    before = survey.state
    survey.codes_issued += count
    _save(session, subject, survey, "survey.codes", before, extra={"count": count})
    return survey, codes


def _writable(
    session: JixiaoSession, subject: Subject, survey_id: uuid.UUID, what: str
) -> tuple[Survey, Scheme]:
    require_manager(subject)
    survey = get_survey(session, survey_id, lock=True)
    if survey.state is SurveyState.CLOSED:
        raise Conflict(f"测评「{survey.title}」已结束，不能再{what}", field="id")
    scheme = periods.require_open(
        session, survey.scheme_id, survey.period, what=f"{what}满意度测评"
    )
    return survey, scheme


def _fill(session: JixiaoSession, scheme: Scheme, survey: Survey, draft: SurveyDraft) -> None:
    title = draft.title.strip()
    if not title or len(title) > 200:
        raise InvalidInput("测评名称须填写，且不超过 200 字", field="title")
    questions = [q.strip() for q in draft.questions if q.strip()]
    if not questions:
        raise InvalidInput("至少需要一个测评问题", field="questions")
    if len(questions) > MAX_QUESTIONS or any(len(q) > MAX_QUESTION for q in questions):
        raise InvalidInput(
            f"测评问题最多 {MAX_QUESTIONS} 个，每个不超过 {MAX_QUESTION} 字", field="questions"
        )
    if not 1 <= draft.min_sample <= 100_000:
        raise InvalidInput("最低有效样本数须在 1～100000 之间", field="minSample")
    component = find_component(session, scheme.id, draft.component_code)
    if component is None or component.code == INDICATORS:
        raise InvalidInput(
            f"方案「{scheme.name}」中没有评价类组成部分「{draft.component_code}」",
            field="componentCode",
        )
    survey.title, survey.intro, survey.questions = title, draft.intro.strip()[:2000], questions
    survey.scale, survey.access, survey.min_sample = draft.scale, draft.access, draft.min_sample
    survey.component_code = component.code


def _set_units(
    session: JixiaoSession, scheme: Scheme, survey: Survey, codes: list[str] | None
) -> None:
    members = member_units(session, scheme.id, scheme_order=True)
    if codes is not None:
        by_code = {unit.code: unit for unit in members}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            raise InvalidInput(
                f"考评对象不在方案「{scheme.name}」中：{'、'.join(unknown)}", field="units"
            )
        members = [by_code[code] for code in dict.fromkeys(codes)]
    if not members:
        raise InvalidInput("至少需要一个考评对象", field="units")
    for old in units_of(session, survey.id):
        session.delete(old)
    session.flush()
    for position, unit in enumerate(members):
        session.add(
            SurveyUnit(
                survey_id=survey.id,
                unit_id=unit.id,
                position=position,
                unit_code=unit.code,
                unit_name=unit.name,
            )
        )
    session.flush()


def _save(
    session: JixiaoSession,
    subject: Subject,
    survey: Survey,
    action: str,
    before: SurveyState | None,
    extra: dict[str, object] | None = None,
) -> None:
    session.add(survey)
    session.flush()
    _audit(session, subject, survey, action, before, extra)


def _audit(
    session: JixiaoSession,
    subject: Subject,
    survey: Survey,
    action: str,
    before: SurveyState | None,
    extra: dict[str, object] | None = None,
) -> None:
    record(
        session,
        actor=subject,
        action=action,
        target_type="survey",
        target_id=survey.id,
        before=None if before is None else {"state": before.value},
        after={
            "state": survey.state.value,
            "scheme": survey.scheme_code,
            "period": survey.period,
            "title": survey.title,
            "component": survey.component_code,
            "scale": survey.scale.value,
            "access": survey.access.value,
            "min_sample": survey.min_sample,
            "questions": len(survey.questions),
            **(extra or {}),
        },
    )
