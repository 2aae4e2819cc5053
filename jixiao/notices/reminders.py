"""Deadline reminders: a registry of deadline sources, and the job that turns them into
notifications, once each.

A source is a function `(session, now, horizon) -> Iterable[Deadline]`: who must do what by
when. The reminder job (daily, per tenant) asks every source for deadlines up to the tenant's
`reminder_days_before` ahead and notifies each (user, deadline) once, overdue ones included: the
deduplication key holds the source, the deadline's key, the user and the due moment, so a job
that runs twice (or daily) reminds once, and a moved deadline reminds again.

Sources here: `notice_expiry` (unread notices that expire soon). The quarterly cycle (period
deadlines, missing progress reports) registers its own with `@deadline_source(...)` and uses
`unit_deadlines` to escalate: the unit's reporters before the deadline, its head once it has
passed, the office (考评办) after `ESCALATE_TO_OFFICE`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from jixiao.identity.queries import active_users_with_role
from jixiao.notices.clock import tenant_zone
from jixiao.notices.models import NotificationKind
from jixiao.notices.notifications import Message, notify
from jixiao.notices.queries import expiring_notices
from jixiao.notices.reading import unread_members
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import linked_user_ids
from jixiao.platform.db import JixiaoSession
from jixiao.tenants.values import setting_number

ESCALATE_TO_OFFICE = timedelta(days=3)
OFFICE_ROLE = "office"


@dataclass(frozen=True)
class Deadline:
    """Something a user must do by a moment: `key` names the thing (and stage) stably."""

    user_id: uuid.UUID
    key: str
    due: datetime
    text: str  # what is due, e.g. 阅读通知「…」 or 2026年第一季度进度填报（良田镇）
    target_type: str | None = None
    target_id: str | None = None


DeadlineSource = Callable[[JixiaoSession, datetime, datetime], Iterable[Deadline]]
SOURCES: dict[str, DeadlineSource] = {}


def deadline_source(name: str) -> Callable[[DeadlineSource], DeadlineSource]:
    """Register a deadline source under a stable name (part of every deduplication key)."""

    def register(source: DeadlineSource) -> DeadlineSource:
        if name in SOURCES and SOURCES[name] is not source:
            raise ValueError(f"deadline source {name} registered twice")
        SOURCES[name] = source
        return source

    return register


class Stage(StrEnum):
    """Who is reminded of a unit's deadline, as it comes and goes (reporter → head → office)."""

    REPORTER = "reporter"
    UNIT_HEAD = "unit_head"
    OFFICE = "office"


def stage_at(due: datetime, now: datetime) -> Stage:
    if now < due:
        return Stage.REPORTER
    if now < due + ESCALATE_TO_OFFICE:
        return Stage.UNIT_HEAD
    return Stage.OFFICE


def unit_deadlines(
    session: JixiaoSession,
    *,
    unit_id: uuid.UUID,
    key: str,
    due: datetime,
    text: str,
    now: datetime,
    target_type: str | None = None,
    target_id: str | None = None,
) -> list[Deadline]:
    """A unit's deadline as reminders to whoever its stage names (the hook for the cycle)."""
    stage = stage_at(due, now)
    if stage is Stage.OFFICE:
        users = role_holders(session, OFFICE_ROLE)
    else:
        link = UnitLinkRole.REPORTER if stage is Stage.REPORTER else UnitLinkRole.HEAD
        users = linked_user_ids(session, unit_id, link)
    return [
        Deadline(user, f"{key}:{stage.value}", due, text, target_type, target_id)
        for user in sorted(set(users))
    ]


def role_holders(session: JixiaoSession, role_code: str) -> list[uuid.UUID]:
    """The active users holding a role."""
    return sorted({user.id for user in active_users_with_role(session, role_code)})


@deadline_source("notice_expiry")
def notice_expiry(session: JixiaoSession, now: datetime, horizon: datetime) -> Iterable[Deadline]:
    """Published notices expiring before the horizon, for those who have not read them."""
    for notice in expiring_notices(session, now, horizon):
        assert notice.expires_at is not None
        for user in unread_members(session, notice):
            yield Deadline(
                user.id,
                f"notice:{notice.id}",
                notice.expires_at,
                f"阅读通知「{notice.title}」",
                "notice",
                str(notice.id),
            )


def send_reminders(session: JixiaoSession, *, now: datetime, mail: bool) -> int:
    """Notify every deadline of every source up to the tenant's horizon; returns how many
    notifications were new."""
    horizon = now + timedelta(days=setting_number(session, "reminder_days_before"))
    zone = tenant_zone(session)
    sent = 0
    for name, source in sorted(SOURCES.items()):
        for deadline in source(session, now, horizon):
            if deadline.due > horizon:
                continue
            key = f"deadline:{name}:{deadline.key}:{deadline.user_id}:{deadline.due:%Y%m%d%H%M}"
            if notify(session, deadline.user_id, key, _message(deadline, now, zone), mail=mail):
                sent += 1
    return sent


def _message(deadline: Deadline, now: datetime, zone: ZoneInfo) -> Message:
    due = deadline.due.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    if deadline.due <= now:
        title = f"已逾期：{deadline.text}"
        body = f"{deadline.text}已于 {due} 截止，尚未完成，请尽快办理。"
    else:
        title = f"即将截止：{deadline.text}"
        body = f"{deadline.text}将于 {due} 截止，请及时办理。"
    return Message(
        kind=NotificationKind.REMINDER,
        title=title,
        body=body,
        target_type=deadline.target_type,
        target_id=deadline.target_id,
    )
