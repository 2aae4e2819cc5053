"""The surveys' reads: the office's list, a survey's units, by public key, its invitation codes
and answers."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlmodel import col, func, select

from jixiao.platform.db import JixiaoSession
from jixiao.surveys.models import Survey, SurveyAnswer, SurveyCode, SurveyUnit


def surveys_newest_first(session: JixiaoSession, scheme_code: str | None) -> list[Survey]:
    """The surveys, of one scheme if given, newest first."""
    query = select(Survey).order_by(col(Survey.created_at).desc(), col(Survey.id))
    if scheme_code:
        query = query.where(Survey.scheme_code == scheme_code)
    return list(session.exec(query).all())


def survey_units(session: JixiaoSession, survey_id: uuid.UUID) -> list[SurveyUnit]:
    """A survey's units, in their order."""
    return list(
        session.exec(
            select(SurveyUnit)
            .where(SurveyUnit.survey_id == survey_id)
            .order_by(col(SurveyUnit.position))
        ).all()
    )


def survey_by_key(session: JixiaoSession, key: str) -> Survey | None:
    """The survey of a public key, if any."""
    return session.exec(select(Survey).where(Survey.public_key == key)).first()


def locked_code(session: JixiaoSession, survey_id: uuid.UUID, code_hash: str) -> SurveyCode | None:
    """A survey's invitation code by its hash, locked for redeeming."""
    return session.exec(
        select(SurveyCode)
        .where(SurveyCode.survey_id == survey_id, SurveyCode.code_hash == code_hash)
        .with_for_update()
    ).first()


def response_count(session: JixiaoSession, survey_id: uuid.UUID) -> int:
    """How many distinct responses answered the survey."""
    found = session.exec(
        select(func.count(func.distinct(col(SurveyAnswer.response_id)))).where(
            SurveyAnswer.survey_id == survey_id
        )
    ).one()
    return int(found or 0)


def answers_of(
    session: JixiaoSession, survey_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID, Decimal]]:
    """(unit id, response id, value) of every answer of a survey."""
    rows = session.execute(
        select(
            col(SurveyAnswer.unit_id), col(SurveyAnswer.response_id), col(SurveyAnswer.value)
        ).where(col(SurveyAnswer.survey_id) == survey_id)
    ).all()
    return [(unit_id, response_id, value) for unit_id, response_id, value in rows]
