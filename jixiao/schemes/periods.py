"""Whether a scheme's period still takes entries: the one guard every write of an entry calls.

- A closed scheme (SchemeStatus.CLOSED, the end of its year) takes nothing.
- A closed period (its `period_deadline` row has `closed_at`, set by the office's
  `closePeriod`) takes no entry of that period until the office reopens it. Entries of the
  whole year (ratings, adjustments, inspections, awards, city items) belong to the period
  `annual` (全年), which the office can close like a quarter.

A refusal is a `Conflict` (the entry itself may be right; the state of the scheme or period
forbids it now), with `field="schemeCode"` for a closed scheme and `field="period"` for a closed
period, and a message saying which, since when, by whom and why. Reading and computing stay
allowed: a closed period is read-only, not hidden.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from jixiao.engine.model import ANNUAL, Data, period_name
from jixiao.notices.clock import tenant_zone
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, NotFound
from jixiao.platform.orm import utcnow
from jixiao.schemes.lookup import get_scheme
from jixiao.schemes.models import Scheme, SchemeStatus
from jixiao.supervision.queries import period_row

__all__ = [
    "ANNUAL",
    "local_day",
    "require_data_open",
    "require_open",
    "require_open_by_code",
    "tenant_today",
]


def local_day(session: JixiaoSession, moment: datetime) -> date:
    """The tenant's calendar day of a moment (its time zone, setting `timezone`)."""
    return moment.astimezone(tenant_zone(session)).date()


def tenant_today(session: JixiaoSession, now: datetime | None = None) -> date:
    return local_day(session, now or utcnow())


def require_open(
    session: JixiaoSession, scheme: Scheme | uuid.UUID, period: str | None, *, what: str
) -> Scheme:
    """The scheme, if it and the period (None: the scheme alone) still take entries.

    `what` is the refused action as a verb phrase (「填报进度」「评分」…): the message ends
    「不能再{what}」.
    """
    row = scheme if isinstance(scheme, Scheme) else _scheme(session, scheme)
    if row.status is SchemeStatus.CLOSED:
        when = f"{local_day(session, row.closed_at):%Y-%m-%d} " if row.closed_at else ""
        who = f"由 {row.closed_by} " if row.closed_by else ""
        raise Conflict(
            f"方案「{row.name}」已关闭（{when}{who}关闭），不能再{what}", field="schemeCode"
        )
    if period is None:
        return row
    found = period_row(session, row.id, period)
    if found is not None and found.closed_at is not None:
        who = f"由 {found.closed_by} " if found.closed_by else ""
        why = f"：{found.close_reason}" if found.close_reason else ""
        raise Conflict(
            f"「{row.name}」{period_name(period)} 已于 "
            f"{local_day(session, found.closed_at):%Y-%m-%d} {who}关闭{why}，不能再{what}"
            "（如需更正，请考评办重新开放该期间）",
            field="period",
        )
    return row


def require_open_by_code(
    session: JixiaoSession, scheme_code: str, period: str | None, *, what: str
) -> Scheme:
    """`require_open` for a scheme named by its code (NotFound for an unknown code)."""
    row = get_scheme(session, scheme_code)
    return require_open(session, row, period, what=what)


def require_data_open(session: JixiaoSession, scheme: Scheme, data: Data, *, what: str) -> Scheme:
    """The scheme, if it and every period a data document has entries for take entries (its
    scores' quarters; `annual` for ratings, adjustments, city items and last year's outcomes)."""
    require_open(session, scheme, None, what=what)
    found = {entry.period for entry in data.scores}
    if data.ratings or data.adjustments or data.city_items or data.previous:
        found.add(ANNUAL)
    order = [*scheme.periods, ANNUAL]
    for period in sorted(found, key=lambda p: order.index(p) if p in order else len(order)):
        require_open(session, scheme, period, what=what)
    return scheme


def _scheme(session: JixiaoSession, scheme_id: uuid.UUID) -> Scheme:
    row = session.get(Scheme, (session.require_tenant(), scheme_id))
    if row is None:
        raise NotFound("没有这个考评方案", field="schemeCode")
    return row
