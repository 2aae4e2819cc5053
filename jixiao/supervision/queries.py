"""The supervision tables' reads: a period's deadlines and closing, and whether tasks have
supervision notices, which other domains make; the schemes' stored periods, the open notices and
the notices' list, which supervision's services make. Low in the layers, just above the tables:
the schemes' guard of open periods (which every write of an entry calls), the units leaving a
scheme and the progress reports' lateness read them below supervision's services."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page, keyset_page
from jixiao.schemes.models import Scheme, SchemeStatus
from jixiao.supervision.models import NoticeState, PeriodDeadline, SupervisionNotice


def period_row(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> PeriodDeadline | None:
    """The period's deadlines and closing, if the office ever set any."""
    return session.exec(
        select(PeriodDeadline).where(
            PeriodDeadline.scheme_id == scheme_id, PeriodDeadline.period == period
        )
    ).first()


def tasks_with_notices(session: JixiaoSession, task_ids: SelectOfScalar[uuid.UUID]) -> bool:
    """Whether any of these tasks (a statement of their ids) has a supervision notice."""
    found = session.exec(
        select(SupervisionNotice.id).where(col(SupervisionNotice.assignment_id).in_(task_ids))
    ).first()
    return found is not None


def scheme_deadlines(session: JixiaoSession, scheme_id: uuid.UUID) -> list[PeriodDeadline]:
    """The stored periods (deadlines, closing) of a scheme, in no order."""
    return list(
        session.exec(select(PeriodDeadline).where(PeriodDeadline.scheme_id == scheme_id)).all()
    )


def running_deadlines(session: JixiaoSession) -> list[tuple[PeriodDeadline, Scheme]]:
    """Every stored period of the schemes not closed, with its scheme."""
    rows = session.exec(
        select(PeriodDeadline, Scheme)
        .join(Scheme, col(Scheme.id) == col(PeriodDeadline.scheme_id))
        .where(col(Scheme.status) != SchemeStatus.CLOSED)
    ).all()
    return [(deadline, scheme) for deadline, scheme in rows]


def open_notices(session: JixiaoSession) -> list[SupervisionNotice]:
    """The supervision notices still open."""
    return list(
        session.exec(
            select(SupervisionNotice).where(SupervisionNotice.state == NoticeState.OPEN)
        ).all()
    )


def notices_page(
    session: JixiaoSession,
    *,
    unit_id: uuid.UUID | None,
    scheme_id: uuid.UUID | None,
    state: NoticeState | None,
    first: int | None,
    after: str | None,
) -> Page[SupervisionNotice]:
    """Supervision notices, of a unit, a scheme and in a state if given, in id order."""
    statement = select(SupervisionNotice)
    if unit_id is not None:
        statement = statement.where(SupervisionNotice.unit_id == unit_id)
    if scheme_id is not None:
        statement = statement.where(SupervisionNotice.scheme_id == scheme_id)
    if state is not None:
        statement = statement.where(SupervisionNotice.state == state)
    return keyset_page(session, statement, col(SupervisionNotice.id), first=first, after=after)  # type: ignore[arg-type]
