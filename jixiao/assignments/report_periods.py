"""A progress report's period: open for its steps, and whether the report comes late.

Every step of a report (save, evidence, submit, approve, send up, return, verify) is refused
while its scheme or period is closed (`jixiao.schemes.periods.require_open`).

Late reports: a report saved or submitted after the end of its period's report deadline day
(填报截止日, in the tenant's time zone, as the supervision board counts 逾期) is late. The tenant
setting `late_reports` decides what happens to it:
- `mark` (the default): accepted and marked late (`ProgressReport.late`), shown everywhere the
  report shows;
- `refuse`: refused, with the deadline in the message.
Only the unit's first send counts: a version started after a return (the head's or the
monitoring department's) corrects a report the unit already sent, so it keeps the returned
version's mark and is never refused for the date.
"""

from __future__ import annotations

from enum import StrEnum

from jixiao.assignments.models import ProgressReport, ReportStatus
from jixiao.engine.model import period_name
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, NotFound
from jixiao.schemes import periods
from jixiao.schemes.models import Indicator, Scheme
from jixiao.supervision.queries import period_row
from jixiao.tenants.values import setting_choice

SETTING = "late_reports"


class LateReports(StrEnum):
    MARK = "mark"
    REFUSE = "refuse"

    @property
    def label(self) -> str:
        return "接收并标记逾期" if self is LateReports.MARK else "不予接收"


def mode(session: JixiaoSession) -> LateReports:
    """The session tenant's handling of late reports (its default when never set)."""
    return setting_choice(session, SETTING, LateReports)


def scheme_of(session: JixiaoSession, report: ProgressReport) -> Scheme:
    indicator = session.get(Indicator, (report.tenant_id, report.indicator_id))
    scheme = session.get(Scheme, (report.tenant_id, indicator.scheme_id)) if indicator else None
    if scheme is None:
        raise NotFound("没有这份填报所属的考评方案", field="reportId")
    return scheme


def require_open(session: JixiaoSession, report: ProgressReport, *, what: str) -> Scheme:
    """The report's scheme, if it and the report's period still take entries."""
    return periods.require_open(session, scheme_of(session, report), report.period, what=what)


def checked_lateness(
    session: JixiaoSession,
    scheme: Scheme,
    period: str,
    report: ProgressReport | None,
    *,
    what: str,
) -> bool:
    """Whether a report of `period` written now is late; a closed scheme or period, or a late
    first send under `refuse`, raise. `report` is the version written (or the latest one)."""
    periods.require_open(session, scheme, period, what=what)
    if report is not None and (report.version > 1 or report.status is ReportStatus.RETURNED):
        return report.late  # a correction after a return keeps the first send's mark
    deadline = period_row(session, scheme.id, period)
    due = deadline.report_due if deadline else None
    if due is None or periods.tenant_today(session) <= due:
        return False
    if mode(session) is LateReports.REFUSE:
        raise Conflict(
            f"「{scheme.name}」{period_name(period)} 的填报已于 {due:%Y-%m-%d} 截止，"
            f"按系统设置逾期填报不予接收，不能再{what}；如确需补报，请联系考评办调整截止日",
            field="period",
        )
    return True


def lateness_of(session: JixiaoSession, report: ProgressReport, *, what: str) -> bool:
    """`checked_lateness` for a stored report (its submission)."""
    return checked_lateness(session, scheme_of(session, report), report.period, report, what=what)
