"""What score entry reads of its own rows: a period's scores, self-assessments, ratings and the
leaders' form lines, the city items and last year's outcomes, the records (inspections, awards)
and their files, the adjustments, and last year's published annual run. The services decide;
the statements are here."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import TypeVar

from sqlalchemy import ColumnElement, or_
from sqlmodel import col, select

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page, keyset_page
from jixiao.scoring.form_models import RatingAssignment, SelfAssessment
from jixiao.scoring.models import Adjustment, CityItem, PreviousOutcome, Rating, Score
from jixiao.scoring.records import (
    AwardStatus,
    InnovationAward,
    Inspection,
    RecordFile,
    RecordOwner,
)
from jixiao.scoring.runs.models import Period, ResultPointer, ResultUnit

Row = TypeVar("Row", CityItem, PreviousOutcome)


def period_scores(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> Sequence[Score]:
    """A scheme's score rows of one period (every scorer's, of any state)."""
    return session.exec(
        select(Score).where(Score.scheme_id == scheme_id, Score.period == period)
    ).all()


def self_assessment(
    session: JixiaoSession, unit_id: uuid.UUID, indicator_id: uuid.UUID, period: str
) -> SelfAssessment | None:
    """A unit's self-assessment of a leaf and period, if given."""
    return session.exec(
        select(SelfAssessment).where(
            SelfAssessment.unit_id == unit_id,
            SelfAssessment.indicator_id == indicator_id,
            SelfAssessment.period == period,
        )
    ).first()


def self_assessments(
    session: JixiaoSession, scheme_id: uuid.UUID, period: str, unit_ids: list[uuid.UUID]
) -> Sequence[SelfAssessment]:
    """The self-assessments of a scheme's period given by these units."""
    return session.exec(
        select(SelfAssessment).where(
            SelfAssessment.scheme_id == scheme_id,
            SelfAssessment.period == period,
            col(SelfAssessment.unit_id).in_(unit_ids),
        )
    ).all()


def component_ratings(
    session: JixiaoSession, scheme_id: uuid.UUID, component_id: uuid.UUID
) -> Sequence[Rating]:
    """Every rating of a scheme's rating component."""
    return session.exec(
        select(Rating).where(Rating.scheme_id == scheme_id, Rating.component_id == component_id)
    ).all()


def ratings_with_units(
    session: JixiaoSession, scheme_id: uuid.UUID, component_id: uuid.UUID
) -> Sequence[tuple[Rating, Unit]]:
    """A rating component's ratings with their units, by unit code, rater and entry."""
    return session.exec(
        select(Rating, Unit)
        .join(Unit, col(Unit.id) == col(Rating.unit_id))
        .where(Rating.scheme_id == scheme_id, Rating.component_id == component_id)
        .order_by(col(Unit.code), col(Rating.rater), col(Rating.seq))
    ).all()


def rating_lines(
    session: JixiaoSession,
    scheme_id: uuid.UUID,
    component_id: uuid.UUID,
    rater_id: uuid.UUID | None = None,
) -> list[RatingAssignment]:
    """The leader rating form lines of a component (one leader's only when `rater_id`)."""
    query = select(RatingAssignment).where(
        RatingAssignment.scheme_id == scheme_id, RatingAssignment.component_id == component_id
    )
    if rater_id is not None:
        query = query.where(RatingAssignment.rater_id == rater_id)
    return list(session.exec(query).all())


def has_rating_lines(
    session: JixiaoSession, scheme_id: uuid.UUID, component_id: uuid.UUID, rater_id: uuid.UUID
) -> bool:
    """Whether a leader has a form line of a rating component."""
    found = session.exec(
        select(RatingAssignment.id).where(
            RatingAssignment.scheme_id == scheme_id,
            RatingAssignment.component_id == component_id,
            RatingAssignment.rater_id == rater_id,
        )
    ).first()
    return found is not None


def rows_with_units(
    session: JixiaoSession, model: type[Row], scheme_id: uuid.UUID
) -> list[tuple[Row, Unit]]:
    """A scheme's city items or last year's outcomes with their units, in entry order."""
    statement = (
        select(model, Unit)
        .join(Unit, col(Unit.id) == col(model.unit_id))
        .where(col(model.scheme_id) == scheme_id)
        .order_by(col(model.seq))
    )
    return [(row, unit) for row, unit in session.exec(statement).all()]


def adjustments_page(
    session: JixiaoSession,
    scheme_id: uuid.UUID,
    *,
    unit_ids: Collection[uuid.UUID] | None,
    unit_id: uuid.UUID | None,
    first: int | None,
    after: str | None,
) -> Page[Adjustment]:
    """A scheme's adjustments (of `unit_ids` only unless None; of one unit when `unit_id`), in
    entry order."""
    statement = select(Adjustment).where(Adjustment.scheme_id == scheme_id)
    if unit_ids is not None:
        statement = statement.where(col(Adjustment.unit_id).in_(unit_ids))
    if unit_id is not None:
        statement = statement.where(Adjustment.unit_id == unit_id)
    return keyset_page(session, statement, col(Adjustment.id), first=first, after=after)  # type: ignore[arg-type]


def inspections_page(
    session: JixiaoSession,
    scheme_id: uuid.UUID,
    *,
    unit_ids: Collection[uuid.UUID] | None,
    author_id: uuid.UUID | None,
    unit_id: uuid.UUID | None,
    first: int | None,
    after: str | None,
) -> Page[Inspection]:
    """A scheme's inspections (unless `unit_ids` is None: of those units or by `author_id`; of
    one unit when `unit_id`), in the order they were recorded."""
    statement = select(Inspection).where(Inspection.scheme_id == scheme_id)
    if unit_ids is not None:
        conditions: list[ColumnElement[bool]] = [col(Inspection.unit_id).in_(unit_ids)]
        if author_id is not None:
            conditions.append(col(Inspection.created_by_id) == author_id)
        statement = statement.where(or_(*conditions))
    if unit_id is not None:
        statement = statement.where(Inspection.unit_id == unit_id)
    return keyset_page(session, statement, col(Inspection.id), first=first, after=after)  # type: ignore[arg-type]


def awards_page(
    session: JixiaoSession,
    scheme_id: uuid.UUID,
    *,
    unit_ids: Collection[uuid.UUID] | None,
    status: AwardStatus | None,
    first: int | None,
    after: str | None,
) -> Page[InnovationAward]:
    """A scheme's award applications (of `unit_ids` only unless None; in one status when
    given), in the order they were made."""
    statement = select(InnovationAward).where(InnovationAward.scheme_id == scheme_id)
    if unit_ids is not None:
        statement = statement.where(col(InnovationAward.unit_id).in_(unit_ids))
    if status is not None:
        statement = statement.where(InnovationAward.status == status)
    return keyset_page(session, statement, col(InnovationAward.id), first=first, after=after)  # type: ignore[arg-type]


def owning_record_id(
    session: JixiaoSession,
    model: type[Inspection] | type[InnovationAward],
    adjustment_id: uuid.UUID,
) -> uuid.UUID | None:
    """The id of the inspection or award that owns an adjustment, if one does."""
    return session.exec(select(model.id).where(model.adjustment_id == adjustment_id)).first()


def owning_record(
    session: JixiaoSession,
    model: type[Inspection] | type[InnovationAward],
    adjustment_id: uuid.UUID,
) -> Inspection | InnovationAward | None:
    """The inspection or award that owns an adjustment, if one does."""
    statement = select(model).where(model.adjustment_id == adjustment_id)
    return session.exec(statement).first()  # type: ignore[return-value]


def record_files(
    session: JixiaoSession, owner: RecordOwner, owner_id: uuid.UUID
) -> Sequence[RecordFile]:
    """The files of one record."""
    return session.exec(
        select(RecordFile).where(RecordFile.owner_type == owner, RecordFile.owner_id == owner_id)
    ).all()


def files_of_records(
    session: JixiaoSession, owner: RecordOwner, owner_ids: list[uuid.UUID]
) -> Sequence[RecordFile]:
    """The files of some records of one kind, in upload order."""
    return session.exec(
        select(RecordFile)
        .where(RecordFile.owner_type == owner, col(RecordFile.owner_id).in_(owner_ids))
        .order_by(col(RecordFile.id))
    ).all()


def published_annual_run_id(session: JixiaoSession, scheme_id: uuid.UUID) -> uuid.UUID | None:
    """The id of a scheme's published annual run (None: not published)."""
    return session.exec(
        select(ResultPointer.published_run_id).where(
            ResultPointer.scheme_id == scheme_id, ResultPointer.period == Period.ANNUAL
        )
    ).first()


def run_places(
    session: JixiaoSession, run_id: uuid.UUID
) -> Sequence[tuple[uuid.UUID | None, str, str, int]]:
    """A run's units as (unit id, unit code, group code, rank), in publication order."""
    return session.exec(
        select(ResultUnit.unit_id, ResultUnit.unit_code, ResultUnit.group_code, ResultUnit.rank)
        .where(ResultUnit.run_id == run_id)
        .order_by(col(ResultUnit.position))
    ).all()
