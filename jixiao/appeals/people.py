"""Who hears of each step of an appeal: the office, the handler, the unit.

Each step notifies the next person (in-app, mailed when the tenant mails) with a key naming
the appeal and the step, so a replayed step notifies once. In the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from jixiao.appeals.models import Appeal
from jixiao.identity.models import AccountStatus
from jixiao.identity.queries import active_staff_ids, users_by_username
from jixiao.notices.workflow import tell
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import find_unit, unit_people
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.queries import active_holder_ids


def holders(session: JixiaoSession, permission: p.Permission) -> set[uuid.UUID]:
    """The active users holding a role that grants `permission`."""
    return active_holder_ids(session, [permission.code])


def handler_people(session: JixiaoSession, code: str) -> set[uuid.UUID]:
    """Who answers for a scorer code: the person of that username, or the scoring staff of
    the monitoring department of that unit code."""
    unit = find_unit(session, code)
    if unit is None:
        named = users_by_username(session, [code]).values()
        return {user.id for user in named if user.status == AccountStatus.ACTIVE}
    return active_staff_ids(session, unit.id) & holders(session, p.SCORE_WRITE)


def unit_users(session: JixiaoSession, unit_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """The reporters and heads of units."""
    return unit_people(session, unit_ids, (UnitLinkRole.REPORTER, UnitLinkRole.HEAD))


def _where(appeal: Appeal) -> str:
    return f"{appeal.unit_name}对「{appeal.line_label}」的申诉"


def tell_office(session: JixiaoSession, appeal: Appeal, step: str, text: str) -> None:
    """The office (holders of appeal:handle) hears of a step it must act on."""
    tell(
        session,
        holders(session, p.APPEAL_HANDLE),
        f"appeal:{appeal.id}:{step}",
        title=f"申诉{text}：{appeal.unit_name}",
        body=f"{_where(appeal)}{text}，请登录“申诉”处理。",
        target_type="appeal",
        target_id=appeal.id,
    )


def tell_handler(session: JixiaoSession, appeal: Appeal) -> None:
    """The scorer or monitoring department it was routed to is asked to answer."""
    tell(
        session,
        handler_people(session, appeal.handler),
        f"appeal:{appeal.id}:route:{appeal.handler}",
        title=f"请答复申诉：{appeal.unit_name}",
        body=f"考评办将{_where(appeal)}转给您答复，请登录“申诉”查看申诉理由并答复。",
        target_type="appeal",
        target_id=appeal.id,
    )


def tell_unit(session: JixiaoSession, appeal: Appeal, step: str, title: str, body: str) -> None:
    """The appealing unit's reporters and heads hear where their appeal stands."""
    tell(
        session,
        unit_users(session, [appeal.unit_id]),
        f"appeal:{appeal.id}:{step}",
        title=title,
        body=body,
        target_type="appeal",
        target_id=appeal.id,
    )


def tell_units(
    session: JixiaoSession,
    unit_ids: Iterable[uuid.UUID],
    key: str,
    *,
    title: str,
    body: str,
    target_id: uuid.UUID,
) -> None:
    """Several units' reporters and heads hear of a republished result."""
    tell(
        session,
        unit_users(session, unit_ids),
        key,
        title=title,
        body=body,
        target_type="result_run",
        target_id=target_id,
    )
