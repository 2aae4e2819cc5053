"""The scoring tables' reads that other domains make: a cell's score row, which leaves and cells
are scored, a scheme's score rows for the engine, a unit's ratings by one rater (a survey's
among them), the next entry number of a scheme's rows, and when a period's result was first
published. Low in the layers, just above the tables: the schemes (below score entry) and the
appeal window (below result runs) read here, and so do the progress reports, the supervision
board and surveys."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, type_coerce
from sqlmodel import col, func, select

from jixiao.platform.db import JixiaoSession
from jixiao.scoring.models import (
    DATA_MODELS,
    Adjustment,
    PreviousOutcome,
    Rating,
    Score,
    ScoreStatus,
)
from jixiao.scoring.runs.models import ResultRun, RunStatus


def next_seq(
    session: JixiaoSession,
    model: type[Score] | type[Rating] | type[Adjustment],
    scheme_id: uuid.UUID,
) -> int:
    """The entry number a new row of a scheme's scores, ratings or adjustments takes: one more
    than the highest (1 for the first)."""
    top = session.exec(
        select(func.max(col(model.seq))).where(col(model.scheme_id) == scheme_id)
    ).one()
    return int(top or 0) + 1


def score_of(
    session: JixiaoSession, unit_id: uuid.UUID, indicator_id: uuid.UUID, period: str
) -> Score | None:
    """The score row of a cell (unit, leaf, period), if any."""
    return session.exec(
        select(Score).where(
            Score.unit_id == unit_id, Score.indicator_id == indicator_id, Score.period == period
        )
    ).first()


def scored_indicator_ids(session: JixiaoSession, scheme_id: uuid.UUID) -> set[uuid.UUID]:
    """The leaves of a scheme that have a score row (of any period or state)."""
    return set(session.exec(select(Score.indicator_id).where(Score.scheme_id == scheme_id)).all())


def has_scores(session: JixiaoSession, indicator_ids: Collection[uuid.UUID]) -> bool:
    """Whether any of these indicators has a score row (of any scheme, period or state)."""
    count = session.exec(
        select(func.count())
        .select_from(Score)
        .where(col(Score.indicator_id).in_(list(indicator_ids)))
    ).one()
    return bool(count)


def has_unit_data(
    session: JixiaoSession, scheme_id: uuid.UUID, unit_ids: Sequence[uuid.UUID]
) -> bool:
    """Whether any data row of the scheme (a score, rating, adjustment or city item) belongs to
    one of these units; last year's outcomes are not counted (they are about last year)."""
    models = [model for model in DATA_MODELS if model is not PreviousOutcome]
    return any(
        session.exec(
            select(func.count())
            .select_from(model)
            .where(
                col(model.scheme_id) == scheme_id,  # type: ignore[attr-defined]
                col(model.unit_id).in_(unit_ids),  # type: ignore[attr-defined]
            )
        ).one()
        for model in models
    )


def component_has_ratings(session: JixiaoSession, component_id: uuid.UUID) -> bool:
    """Whether a rating component has any rating."""
    count = session.exec(
        select(func.count()).select_from(Rating).where(Rating.component_id == component_id)
    ).one()
    return bool(count)


def recorded_cells(
    session: JixiaoSession, scheme_id: uuid.UUID, period: str
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """(unit id, leaf id) of a scheme's scores of a period that are recorded (录入完成)."""
    rows = session.exec(
        select(Score.unit_id, Score.indicator_id).where(
            Score.scheme_id == scheme_id,
            Score.period == period,
            Score.status == ScoreStatus.RECORDED,
        )
    ).all()
    return {(unit_id, indicator_id) for unit_id, indicator_id in rows}


def score_rows_statement(scheme_id: uuid.UUID, unit_ids: Collection[uuid.UUID] | None) -> Any:
    """The statement of a scheme's score rows (of these units only, when given) in entry order,
    as plain columns for a raw fetch: unit id and leaf id as text, period, scorer, value and
    actual as their text, met, incidents, rank."""
    statement: Any = (
        select(  # type: ignore[call-overload]
            cast(Score.unit_id, String),
            cast(Score.indicator_id, String),
            Score.period,
            Score.scorer,
            type_coerce(Score.value, String),
            type_coerce(Score.actual, String),
            Score.met,
            Score.incidents,
            Score.rank,
        )
        .where(col(Score.scheme_id) == scheme_id)
        .order_by(col(Score.seq))
    )
    if unit_ids is not None:
        statement = statement.where(col(Score.unit_id).in_(list(unit_ids)))
    return statement


def unit_ratings(
    session: JixiaoSession,
    scheme_id: uuid.UUID,
    unit_id: uuid.UUID,
    component_id: uuid.UUID,
    rater: str,
) -> list[Rating]:
    """A unit's ratings in a rating component given by one rater ("": by none)."""
    rows = session.exec(
        select(Rating).where(
            Rating.scheme_id == scheme_id,
            Rating.unit_id == unit_id,
            Rating.component_id == component_id,
            Rating.rater == rater,
        )
    ).all()
    return list(rows)


def survey_ratings(
    session: JixiaoSession, scheme_id: uuid.UUID, unit_id: uuid.UUID, component_id: uuid.UUID
) -> list[Rating]:
    """A unit's ratings in a rating component that no rater gave (a survey's applied result)."""
    return unit_ratings(session, scheme_id, unit_id, component_id, "")


def first_publication(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> datetime | None:
    """When a result of a scheme's period was first published: the earliest publication of its
    published or superseded runs (None: none)."""
    return session.exec(
        select(func.min(col(ResultRun.published_at))).where(
            ResultRun.scheme_id == scheme_id,
            ResultRun.period == period,
            col(ResultRun.status).in_([RunStatus.PUBLISHED, RunStatus.SUPERSEDED]),
        )
    ).first()
