"""The supervision board (督查督办): every assignment of a period against its deadline and its
milestone, with the stages it has passed (reported, approved, verified, scored).

Lights, for one assignment and period, from its latest report version (progress counts once
the report is sent up, 上报):
- red: the period's report deadline has passed and the report was not sent up (逾期未报; the why
  names the stage it stopped at), or the progress reached is below the yellow threshold;
- yellow: progress between the thresholds; or, not yet due, a report waiting for someone:
  returned to the unit (待重新填报), submitted to the head (待审核), or approved and not sent up
  (two-step approval, 待上报); or due within the tenant's reminder window and not yet sent up;
- green: progress at or above the green threshold, or sent up on time with nothing to measure;
- none: not due yet and nothing to measure.
Progress is the verified value (else the reported actual) over the period's milestone value, or
the reported completion % when the milestone has no value. Thresholds are the tenant settings
`supervision_green_percent` and `supervision_yellow_percent` (percent of the milestone).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from jixiao.assignments.models import Assignment, ProgressReport, ReportStatus
from jixiao.assignments.queries import latest_reports, visible_assignments
from jixiao.notices.clock import tenant_zone
from jixiao.org.models import Unit
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.schemes.lookup import get_scheme
from jixiao.schemes.models import Indicator
from jixiao.schemes.models import Scheme as SchemeRow
from jixiao.scoring.queries import recorded_cells
from jixiao.supervision.queries import period_row
from jixiao.tenants.values import setting_values

HUNDRED = Decimal(100)
DEFAULT_GREEN = Decimal(90)
DEFAULT_YELLOW = Decimal(60)
DEFAULT_WINDOW = 3
SENT_UP = (ReportStatus.REPORTED, ReportStatus.VERIFIED)
APPROVED = (ReportStatus.APPROVED, *SENT_UP)


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"green": "正常", "yellow": "预警", "red": "滞后", "none": "未到期"}[self.value]


@dataclass(frozen=True)
class Thresholds:
    green: Decimal
    yellow: Decimal
    window_days: int


@dataclass(frozen=True)
class BoardRow:
    """One assignment in one period, as the supervision group follows it."""

    assignment: Assignment
    unit: Unit
    indicator: Indicator
    period: str
    due: date | None
    milestone_text: str
    milestone_value: Decimal | None
    report: ProgressReport | None  # the latest version, if any
    progress: Decimal | None  # percent of the milestone reached
    light: Light
    why: str
    overdue: bool  # past the deadline and not sent up
    missing: bool  # no report at all, or only a draft
    submitted: bool
    approved: bool
    reported: bool
    verified: bool
    scored: bool  # a submitted (recorded) score exists for the unit, indicator and period


@dataclass(frozen=True)
class Board:
    scheme: SchemeRow
    period: str
    today: date
    thresholds: Thresholds
    rows: list[BoardRow]

    def counts(self) -> dict[str, int]:
        counted: Counter[str] = Counter(row.light.value for row in self.rows)
        for flag in ("overdue", "missing", "submitted", "approved", "reported", "verified"):
            counted[flag] = sum(1 for row in self.rows if getattr(row, flag))
        counted["scored"] = sum(1 for row in self.rows if row.scored)
        counted["total"] = len(self.rows)
        return dict(counted)


def thresholds(session: JixiaoSession) -> Thresholds:
    """The tenant's thresholds; a yellow line above the green one is held at the green one."""
    values = setting_values(
        session, ("supervision_green_percent", "supervision_yellow_percent", "reminder_days_before")
    )
    green = _number(values.get("supervision_green_percent"), DEFAULT_GREEN)
    yellow = min(_number(values.get("supervision_yellow_percent"), DEFAULT_YELLOW), green)
    window = values.get("reminder_days_before")
    return Thresholds(green, yellow, int(window) if window and window.isdigit() else DEFAULT_WINDOW)


def _number(text: str | None, default: Decimal) -> Decimal:
    try:
        return Decimal(text) if text else default
    except InvalidOperation:
        return default


def scheme_period(session: JixiaoSession, scheme_code: str, period: str) -> SchemeRow:
    scheme = get_scheme(session, scheme_code)
    if period not in scheme.periods:
        raise InvalidInput(
            f"方案「{scheme.name}」没有期间「{period}」（可选：{'、'.join(scheme.periods)}）",
            field="period",
        )
    return scheme


def tenant_today(session: JixiaoSession, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(tenant_zone(session)).date()


def board(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    period: str,
    *,
    now: datetime | None = None,
) -> Board:
    """Every assignment of the period the subject may see, with its light and stages."""
    scheme = scheme_period(session, scheme_code, period)
    today = tenant_today(session, now)
    limits = thresholds(session)
    found_deadline = period_row(session, scheme.id, period)
    deadline = found_deadline.report_due if found_deadline else None
    found = visible_assignments(session, subject, scheme.id)
    latest = latest_reports(session, [a.id for a, _, _ in found], period)
    reports = {task: report for (task, _), report in latest.items()}
    scored = _scored(session, scheme.id, period)
    rows = [
        _row(assignment, unit, indicator, period, deadline, reports.get(assignment.id), today)
        for assignment, unit, indicator in found
    ]
    rows = [_judge(row, limits, today, (row.unit.id, row.indicator.id) in scored) for row in rows]
    return Board(scheme, period, today, limits, rows)


def _scored(
    session: JixiaoSession, scheme_id: uuid.UUID, period: str
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    return recorded_cells(session, scheme_id, period)


def _row(
    assignment: Assignment,
    unit: Unit,
    indicator: Indicator,
    period: str,
    due: date | None,
    report: ProgressReport | None,
    today: date,
) -> BoardRow:
    milestone = assignment.milestones.get(period) or {}
    value = milestone.get("value")
    status = report.status if report else None
    return BoardRow(
        assignment=assignment,
        unit=unit,
        indicator=indicator,
        period=period,
        due=due,
        milestone_text=str(milestone.get("text") or ""),
        milestone_value=Decimal(str(value)) if value not in (None, "") else None,
        report=report,
        progress=None,
        light=Light.NONE,
        why="",
        overdue=False,
        missing=status in (None, ReportStatus.DRAFT),
        submitted=status is not None and status not in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        approved=status in APPROVED,
        reported=status in SENT_UP,
        verified=status is ReportStatus.VERIFIED,
        scored=False,
    )


def progress_of(row: BoardRow) -> Decimal | None:
    """Percent of the milestone reached by the latest (not returned) report."""
    report = row.report
    if report is None or report.status is ReportStatus.RETURNED:
        return None
    value = report.verified_value if report.verified_value is not None else report.actual
    if row.milestone_value is not None and row.milestone_value > 0 and value is not None:
        return (value / row.milestone_value * HUNDRED).quantize(Decimal("0.1"))
    return report.completion


# A report begun but not sent up, and whom it waits for (as the homes say): before the
# deadline, and past it (逾期 names the stage it stopped at).
_WAITING = {
    ReportStatus.RETURNED: ("已退回，待重新填报", "已退回尚未重新填报"),
    ReportStatus.SUBMITTED: ("已提交，待单位负责人审核", "单位负责人尚未审核"),
    ReportStatus.APPROVED: ("已审核，待上报", "已审核尚未上报"),
}


def _judge(row: BoardRow, limits: Thresholds, today: date, scored: bool) -> BoardRow:
    progress = progress_of(row)
    overdue = row.due is not None and today > row.due and not row.reported
    light, why = Light.NONE, "未到截止日"
    waiting = _WAITING.get(row.report.status) if row.report else None
    if overdue:
        stage = waiting[1] if waiting else "尚未上报"
        light, why = Light.RED, f"已过填报截止日 {row.due:%Y-%m-%d}，{stage}"
    elif progress is not None and row.reported:
        if progress >= limits.green:
            light, why = Light.GREEN, f"完成进度 {progress}%"
        elif progress >= limits.yellow:
            light, why = Light.YELLOW, f"完成进度 {progress}%，低于 {limits.green}%"
        else:
            light, why = Light.RED, f"完成进度 {progress}%，低于 {limits.yellow}%"
    elif waiting:
        light, why = Light.YELLOW, waiting[0]
    elif row.reported:
        light, why = Light.GREEN, "已按时上报"
    elif row.due is not None and today + timedelta(days=limits.window_days) >= row.due:
        light, why = Light.YELLOW, f"填报将于 {row.due:%Y-%m-%d} 截止，尚未上报"
    return replace(row, progress=progress, light=light, why=why, overdue=overdue, scored=scored)
