"""What the result runs' own services read: the run of a set of inputs, the newest run still at
its scheme's inputs revision, the runs whose 公示 is over, the lines a run shares, the score
entries behind drill-down lines, the scorers' values the fairness report compares, and the rows
of a unit across years and of an indicator across units. The services decide; the statements
are here."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, func
from sqlalchemy import select as select_rows
from sqlmodel import col, or_, select

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Indicator, Scheme
from jixiao.scoring.models import Rating, Score, ScoreStatus
from jixiao.scoring.runs.models import (
    Period,
    ResultLines,
    ResultPointer,
    ResultRun,
    ResultUnit,
    RunStatus,
)


def newest_run_id_at_revision(
    session: JixiaoSession, scheme_code: str, period: Period
) -> uuid.UUID | None:
    """The newest run of a scheme (by code) and period when its pointer was computed at the
    scheme's current inputs revision."""
    return session.exec(
        select(ResultPointer.run_id)
        .join(
            Scheme,
            (col(Scheme.id) == col(ResultPointer.scheme_id))
            & (col(Scheme.inputs_seq) == col(ResultPointer.inputs_seq)),
        )
        .where(Scheme.code == scheme_code, ResultPointer.period == period)
    ).first()


def run_of_inputs(
    session: JixiaoSession, scheme_id: uuid.UUID, period: Period, version: str
) -> ResultRun | None:
    """The run of a scheme's period computed from the inputs of this version, if any."""
    return session.exec(
        select(ResultRun).where(
            ResultRun.scheme_id == scheme_id,
            ResultRun.period == period,
            ResultRun.inputs_version == version,
        )
    ).first()


def publicity_over(session: JixiaoSession, moment: datetime) -> Sequence[uuid.UUID]:
    """The ids of the runs in 公示 whose period has ended by `moment`."""
    return session.exec(
        select(ResultRun.id).where(
            ResultRun.status == RunStatus.PUBLICITY,
            col(ResultRun.publicity_ends_at) <= moment,
        )
    ).all()


def lines_keys(
    session: JixiaoSession, run_id: uuid.UUID
) -> Sequence[tuple[str, str | None, uuid.UUID | None]]:
    """A run's units as (unit code, lines key, run holding its lines)."""
    return session.exec(
        select(ResultUnit.unit_code, ResultUnit.lines_key, ResultUnit.lines_run_id).where(
            ResultUnit.run_id == run_id
        )
    ).all()


def score_entry_rows(
    session: JixiaoSession,
    scheme_ids: Collection[uuid.UUID],
    unit_codes: Collection[str],
    indicator_codes: Collection[str],
) -> Sequence[tuple[Score, str, str]]:
    """The score rows of these schemes, units (by code) and leaves (by code), with the unit's
    and the leaf's code, in entry order."""
    return session.exec(
        select(Score, Unit.code, Indicator.code)
        .join(Unit, col(Unit.id) == col(Score.unit_id))
        .join(Indicator, col(Indicator.id) == col(Score.indicator_id))
        .where(
            col(Score.scheme_id).in_(scheme_ids),
            col(Unit.code).in_(unit_codes),
            col(Indicator.code).in_(indicator_codes),
        )
        .order_by(col(Score.seq))
    ).all()


def scorer_values(
    session: JixiaoSession, scheme_id: uuid.UUID, period: str | None
) -> Sequence[Row[uuid.UUID, uuid.UUID, str, str, Decimal | None]]:
    """A scheme's recorded scores that a scorer gave with a value, as (leaf id, unit id,
    period, scorer, value): of one period, or of every period when None."""
    statement = select_rows(
        col(Score.indicator_id),
        col(Score.unit_id),
        col(Score.period),
        col(Score.scorer),
        col(Score.value),
    ).where(
        col(Score.scheme_id) == scheme_id,
        col(Score.status) == ScoreStatus.RECORDED,
        col(Score.scorer) != "",
        col(Score.value).is_not(None),
    )
    if period is not None:
        statement = statement.where(col(Score.period) == period)
    return session.execute(statement).all()


def rater_values(
    session: JixiaoSession, scheme_id: uuid.UUID
) -> Sequence[tuple[uuid.UUID, uuid.UUID, str, Decimal]]:
    """A scheme's ratings that a rater gave, as (component id, unit id, rater, value)."""
    statement = select(
        col(Rating.component_id), col(Rating.unit_id), col(Rating.rater), col(Rating.value)
    ).where(Rating.scheme_id == scheme_id, Rating.rater != "")
    return session.exec(statement).all()


def pointers_of(
    session: JixiaoSession, scheme_ids: list[uuid.UUID], period: Period
) -> Sequence[ResultPointer]:
    """The pointers of these schemes for one period."""
    return session.exec(
        select(ResultPointer).where(
            col(ResultPointer.scheme_id).in_(scheme_ids),
            ResultPointer.period == period,
        )
    ).all()


def unit_in_runs(
    session: JixiaoSession, run_ids: list[uuid.UUID], unit_id: uuid.UUID, unit_code: str
) -> Sequence[ResultUnit]:
    """The rows of a unit (by id or by code) in these runs."""
    statement = select(ResultUnit).where(
        col(ResultUnit.run_id).in_(run_ids),
        or_(col(ResultUnit.unit_id) == unit_id, col(ResultUnit.unit_code) == unit_code),
    )
    return session.exec(statement).all()


def units_with_lines(
    session: JixiaoSession, run_id: uuid.UUID, unit_ids: Collection[uuid.UUID] | None
) -> Sequence[tuple[ResultUnit, Any]]:
    """A run's unit rows (of `unit_ids` only unless None) with their drill-down lines, in
    publication order."""
    statement = select(ResultUnit, ResultLines.lines).join(
        ResultLines,
        (col(ResultLines.run_id) == func.coalesce(col(ResultUnit.lines_run_id), ResultUnit.run_id))
        & (col(ResultLines.unit_code) == col(ResultUnit.unit_code)),
    )
    statement = statement.where(ResultUnit.run_id == run_id)
    if unit_ids is not None:
        statement = statement.where(col(ResultUnit.unit_id).in_(unit_ids))
    return session.exec(statement.order_by(col(ResultUnit.position))).all()
