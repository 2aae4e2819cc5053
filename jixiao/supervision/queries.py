"""The supervision tables' reads that other domains make: a period's deadlines and closing, and
whether tasks have supervision notices. Low in the layers, just above the tables: the schemes'
guard of open periods (which every write of an entry calls), the units leaving a scheme and the
progress reports' lateness read them below supervision's services."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.platform.db import JixiaoSession
from jixiao.supervision.models import PeriodDeadline, SupervisionNotice


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
