"""The supervision tables' reads that other domains make: a period's deadlines and closing.
Low in the layers, just above the tables: the schemes' guard of open periods (which every write
of an entry calls) and the progress reports' lateness read it below supervision's services."""

from __future__ import annotations

import uuid

from sqlmodel import select

from jixiao.platform.db import JixiaoSession
from jixiao.supervision.models import PeriodDeadline


def period_row(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> PeriodDeadline | None:
    """The period's deadlines and closing, if the office ever set any."""
    return session.exec(
        select(PeriodDeadline).where(
            PeriodDeadline.scheme_id == scheme_id, PeriodDeadline.period == period
        )
    ).first()
