"""Deadline sources of the quarterly cycle, for the reminder job (`jixiao.notices.reminders`).

- `period_reports`: a unit that has not sent up every progress report of a period: its reporters
  are reminded before the period's report deadline, its head once it has passed, the office
  (考评办) after the escalation delay. One reminder per unit, period and stage.
- `supervision_replies`: an open supervision notice, likewise, up to its reply deadline.
Deadlines fall at the end of their day in the tenant's time zone. Past deadlines are followed
for `FOLLOW_FOR` and then left to the supervision board.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from jixiao.assignments.queries import sent_up, task_units
from jixiao.notices.clock import tenant_zone
from jixiao.notices.reminders import Deadline, deadline_source, unit_deadlines
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Scheme
from jixiao.supervision.board import SENT_UP
from jixiao.supervision.models import PeriodDeadline
from jixiao.supervision.queries import open_notices, running_deadlines

FOLLOW_FOR = timedelta(days=30)


def end_of_day(session: JixiaoSession, day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=tenant_zone(session))


@deadline_source("period_reports")
def period_reports(session: JixiaoSession, now: datetime, horizon: datetime) -> Iterable[Deadline]:
    """Units with reports of a period not yet sent up, as their deadline comes and goes."""
    for deadline, scheme in running_deadlines(session):
        if deadline.report_due is None or deadline.closed_at is not None:
            continue
        due = end_of_day(session, deadline.report_due)
        if due > horizon or due + FOLLOW_FOR < now:
            continue
        for unit_id, (unit_name, missing) in _units_missing(session, scheme, deadline).items():
            yield from unit_deadlines(
                session,
                unit_id=unit_id,
                key=f"{scheme.id}:{deadline.period}:{unit_id}",
                due=due,
                text=f"{scheme.name} {deadline.period} 进度填报（{unit_name}，{missing} 项未上报）",
                now=now,
                target_type="scheme",
                target_id=scheme.code,
            )


def _units_missing(
    session: JixiaoSession, scheme: Scheme, deadline: PeriodDeadline
) -> dict[uuid.UUID, tuple[str, int]]:
    """unit id → (name, number of its assignments whose report of the period is not sent up)."""
    assignments = task_units(session, scheme.id)
    sent = sent_up(session, [a for a, _, _ in assignments], deadline.period, SENT_UP)
    missing: dict[uuid.UUID, tuple[str, int]] = {}
    for assignment_id, unit_id, unit_name in assignments:
        if assignment_id not in sent:
            _, count = missing.get(unit_id, (unit_name, 0))
            missing[unit_id] = (unit_name, count + 1)
    return missing


@deadline_source("supervision_replies")
def supervision_replies(
    session: JixiaoSession, now: datetime, horizon: datetime
) -> Iterable[Deadline]:
    """Open supervision notices not yet replied to."""
    for notice in open_notices(session):
        due = end_of_day(session, notice.reply_due)
        if due > horizon or due + FOLLOW_FOR < now:
            continue
        yield from unit_deadlines(
            session,
            unit_id=notice.unit_id,
            key=f"supervision:{notice.id}",
            due=due,
            text=f"回复督办通知「{notice.title}」",
            now=now,
            target_type="supervision_notice",
            target_id=str(notice.id),
        )
