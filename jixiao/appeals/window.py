"""The appeal window (申诉期): N working days after a result's first publication.

Working days are Monday to Friday in the tenant's time zone; the publication day itself does
not count, and the window closes when the Nth working day after it ends. The tenant's setting
`appeal_window_days` gives N; 0 closes appeals. No holiday calendar is kept: an office that
needs days added for a holiday raises the setting for that period.

Below the result runs, which ask here too how many appeals of a period are still open (a 公示
ends early only when none is).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jixiao.appeals.models import AppealState
from jixiao.appeals.repository import appeals_in_states
from jixiao.notices.clock import tenant_zone
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.queries import first_publication
from jixiao.scoring.runs.models import ResultRun, RunStatus
from jixiao.tenants.values import setting_number

SETTING = "appeal_window_days"


def working_days_after(start: date, days: int) -> date:
    """The date of the `days`-th working day (Mon–Fri) after `start` (`start` when 0)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def window_days(session: JixiaoSession) -> int:
    """The tenant's appeal window in working days (the catalogue's default when never set)."""
    return setting_number(session, SETTING)


def first_published(session: JixiaoSession, run: ResultRun) -> datetime | None:
    """When the scheme's result for the run's period was first published (a republished
    revision after a correction keeps the window of the first publication)."""
    return first_publication(session, run.scheme_id, run.period) or run.published_at


def closes_at(published: datetime, days: int, zone: ZoneInfo) -> datetime | None:
    """The moment the window closes (the end of its last working day); None when closed."""
    if days <= 0:
        return None
    last = working_days_after(published.astimezone(zone).date(), days)
    return datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)


def deadline(session: JixiaoSession, run: ResultRun) -> datetime | None:
    """When appeals on this run's result close; None when the tenant takes no appeals. A run
    in 公示 takes objections until its 公示 ends (then the window of its final publication)."""
    if run.status is RunStatus.PUBLICITY:
        return run.publicity_ends_at
    published = first_published(session, run)
    if published is None:
        return None
    return closes_at(published, window_days(session), tenant_zone(session))


_OPEN = (AppealState.ROUTING, AppealState.ANSWERING, AppealState.DECIDING)


def open_appeals(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> int:
    """How many appeals of a scheme's period are still open (待分派, 待答复 or 待裁定)."""
    return appeals_in_states(session, scheme_id, period, _OPEN)
