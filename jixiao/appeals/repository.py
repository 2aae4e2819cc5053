"""The appeals' reads that stand below their services: the open appeal on a line (raising one)
and how many of a period's appeals are open (the window, which the result runs ask). Placed with
`appeals.window` in the layers, beneath `appeals.queries`, which reads through the services."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlmodel import col, func, select

from jixiao.appeals.models import Appeal, AppealState
from jixiao.platform.db import JixiaoSession


def open_appeal_on(
    session: JixiaoSession, scheme_id: uuid.UUID, unit_id: uuid.UUID, open_line: str
) -> Appeal | None:
    """A unit's appeal of a scheme open on this line (`Appeal.open_line`), if any."""
    return session.exec(
        select(Appeal).where(
            Appeal.scheme_id == scheme_id,
            Appeal.unit_id == unit_id,
            Appeal.open_line == open_line,
        )
    ).first()


def appeals_in_states(
    session: JixiaoSession, scheme_id: uuid.UUID, period: str, states: Collection[AppealState]
) -> int:
    """How many appeals of a scheme's period stand in one of these states."""
    found = session.exec(
        select(func.count())
        .select_from(Appeal)
        .where(
            Appeal.scheme_id == scheme_id,
            Appeal.period == period,
            col(Appeal.state).in_(states),
        )
    ).one()
    return int(found)
