"""A scheme's periods as the office runs them: three deadlines each, closing and reopening.

Deadlines (the office, assignment:write): by when units send their progress reports up
(填报截止日), monitoring departments verify them (核实截止日) and scorers score (评分截止日).
Each is optional; when given they come in that order and fall within the scheme's year and the
next one (or up to the end of next year from today, for a scheme run late). Periods are the
scheme's quarters and `annual` (全年: ratings, adjustments and the other entries of the year).

Closing a period (the office, with a reason) makes it read-only: every write of an entry of that
period is refused by `jixiao.schemes.periods.require_open` until the office reopens it (again
with a reason). Both are audited with before and after; nobody is notified, the office's audit
log shows them. A closed scheme takes neither. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum

from jixiao.assignments.models import ReportStatus
from jixiao.assignments.queries import latest_reports, visible_assignment_ids
from jixiao.audit.service import record
from jixiao.engine.model import ANNUAL, period_name
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import periods as guard
from jixiao.schemes.lookup import get_scheme
from jixiao.schemes.models import Scheme
from jixiao.supervision.models import PeriodDeadline
from jixiao.supervision.queries import period_row, scheme_deadlines

SENT_UP = (ReportStatus.REPORTED, ReportStatus.VERIFIED)
# (column, GraphQL input field, name in words), in the order the deadlines fall.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("report_due", "reportDue", "填报截止日"),
    ("verify_due", "verifyDue", "核实截止日"),
    ("score_due", "scoreDue", "评分截止日"),
)


class Keep(Enum):
    """A deadline left as it is (not given)."""

    KEEP = "keep"


KEEP = Keep.KEEP
Due = date | None | Keep


class PeriodStateKind(StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return "进行中" if self is PeriodStateKind.OPEN else "已关闭"


def _who(subject: Subject) -> str | None:
    return subject.display_name or subject.username


def periods_of(scheme: Scheme) -> list[str]:
    """The scheme's periods in order, then 全年."""
    return [*scheme.periods, *([] if ANNUAL in scheme.periods else [ANNUAL])]


def _period(scheme: Scheme, period: str, field: str = "period") -> str:
    if period not in periods_of(scheme):
        names = "、".join(f"{period_name(x)}（{x}）" for x in periods_of(scheme))
        raise InvalidInput(
            f"方案「{scheme.name}」没有期间「{period}」（可选：{names}）", field=field
        )
    return period


def period_deadlines(session: JixiaoSession, scheme_code: str) -> list[PeriodDeadline]:
    """The stored periods of a scheme (deadlines, closing), in the scheme's order."""
    scheme = get_scheme(session, scheme_code)
    rows = scheme_deadlines(session, scheme.id)
    order = {period: i for i, period in enumerate(periods_of(scheme))}
    return sorted(rows, key=lambda row: order.get(row.period, len(order)))


@dataclass(frozen=True)
class DeadlineInput:
    """A period's deadlines: a date sets one, None clears it, KEEP leaves it as it is."""

    period: str
    report_due: Due = KEEP
    verify_due: Due = KEEP
    score_due: Due = KEEP


def _dues(row: PeriodDeadline | None) -> dict[str, date | None]:
    return {name: getattr(row, name) if row else None for name, _, _ in FIELDS}


def _shown(dues: dict[str, date | None]) -> dict[str, str | None]:
    return {name: day.isoformat() if day else None for name, day in dues.items()}


def _check(scheme: Scheme, index: int, dues: dict[str, date | None], today: date) -> None:
    """Each date within bounds; verification not before reporting, scoring not before either."""
    first, last = date(scheme.year, 1, 1), date(max(scheme.year, today.year) + 1, 12, 31)
    where = f"第 {index + 1} 项"
    earlier: tuple[str, date] | None = None
    for name, field, label in FIELDS:
        day = dues[name]
        if day is None:
            continue
        if not first <= day <= last:
            raise InvalidInput(
                f"{where}：{label} {day:%Y-%m-%d} 须在 {first:%Y-%m-%d} 到 {last:%Y-%m-%d} 之间"
                f"（{scheme.year} 年度方案）",
                field=f"deadlines[{index}].{field}",
            )
        if earlier is not None and day < earlier[1]:
            raise InvalidInput(
                f"{where}：{label} {day:%Y-%m-%d} 不能早于{earlier[0]} {earlier[1]:%Y-%m-%d}",
                field=f"deadlines[{index}].{field}",
            )
        earlier = (label, day)


def set_period_deadlines(
    session: JixiaoSession, subject: Subject, scheme_code: str, entries: list[DeadlineInput]
) -> list[PeriodDeadline]:
    """Set (or clear) the deadlines of periods; all or nothing, audited."""
    if not subject.can(p.ASSIGNMENT_WRITE.code):
        raise Forbidden("只有考评办可以设置截止日")
    scheme = guard.require_open(session, get_scheme(session, scheme_code), None, what="设置截止日")
    current = {row.period: row for row in period_deadlines(session, scheme_code)}
    today = guard.tenant_today(session)
    seen: set[str] = set()
    planned: list[tuple[str, dict[str, date | None]]] = []
    for index, entry in enumerate(entries):
        _period(scheme, entry.period, f"deadlines[{index}].period")
        if entry.period in seen:
            raise InvalidInput(
                f"第 {index + 1} 项：期间「{period_name(entry.period)}」重复",
                field=f"deadlines[{index}].period",
            )
        seen.add(entry.period)
        dues = _dues(current.get(entry.period))
        for name, _, _ in FIELDS:
            given: Due = getattr(entry, name)
            if not isinstance(given, Keep):
                dues[name] = given
        _check(scheme, index, dues, today)
        planned.append((entry.period, dues))
    changes = []
    for period, dues in planned:
        row = current.get(period)
        before = _dues(row)
        if before == dues:
            continue
        changes.append({"period": period, "before": _shown(before), "after": _shown(dues)})
        if row is None:
            row = PeriodDeadline(scheme_id=scheme.id, period=period)
        if row.closed_at is None and all(day is None for day in dues.values()):
            session.delete(row)
            continue
        for name, day in dues.items():
            setattr(row, name, day)
        row.updated_at, row.updated_by = utcnow(), _who(subject)
        session.add(row)
    session.flush()
    if changes:
        record(
            session,
            actor=subject,
            action="supervision.deadlines",
            target_type="scheme",
            target_id=scheme.id,
            after={"scheme": scheme_code, "changes": changes},
        )
    return period_deadlines(session, scheme_code)


def _reason(reason: str, what: str) -> str:
    clean = reason.strip()
    if not clean:
        raise InvalidInput(f"{what}须说明原因", field="reason")
    if len(clean) > 500:
        raise InvalidInput(f"{what}的原因不能超过 500 字", field="reason")
    return clean


def close_period(
    session: JixiaoSession, subject: Subject, scheme_code: str, period: str, reason: str
) -> PeriodDeadline:
    """Close a period: no entry of it is written until it is reopened (the office, audited)."""
    if not subject.can(p.ASSIGNMENT_WRITE.code):
        raise Forbidden("只有考评办可以关闭考评期间")
    scheme = guard.require_open(session, get_scheme(session, scheme_code), None, what="关闭期间")
    _period(scheme, period)
    clean = _reason(reason, "关闭期间")
    row = period_row(session, scheme.id, period)
    if row is not None and row.closed_at is not None:
        raise Conflict(
            f"「{scheme.name}」{period_name(period)} 已于 "
            f"{guard.local_day(session, row.closed_at):%Y-%m-%d} 由 {row.closed_by or '—'} 关闭",
            field="period",
        )
    row = row or PeriodDeadline(scheme_id=scheme.id, period=period)
    row.closed_at, row.closed_by, row.close_reason = utcnow(), _who(subject), clean
    row.updated_at, row.updated_by = row.closed_at, _who(subject)
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="period.close",
        target_type="scheme",
        target_id=scheme.id,
        before={"scheme": scheme.code, "period": period, "state": "open"},
        after={"scheme": scheme.code, "period": period, "state": "closed", "reason": clean},
        reason=clean,
    )
    return row


def reopen_period(
    session: JixiaoSession, subject: Subject, scheme_code: str, period: str, reason: str
) -> PeriodDeadline | None:
    """Reopen a closed period (the office, with a reason, audited); its deadlines stay."""
    if not subject.can(p.ASSIGNMENT_WRITE.code):
        raise Forbidden("只有考评办可以重新开放考评期间")
    named = get_scheme(session, scheme_code)
    scheme = guard.require_open(session, named, None, what="重新开放期间")
    _period(scheme, period)
    clean = _reason(reason, "重新开放期间")
    row = period_row(session, scheme.id, period)
    if row is None or row.closed_at is None:
        raise Conflict(
            f"「{scheme.name}」{period_name(period)} 没有关闭，无需重新开放", field="period"
        )
    before = {
        "scheme": scheme.code,
        "period": period,
        "state": "closed",
        "closedAt": row.closed_at.isoformat(),
        "closedBy": row.closed_by,
        "reason": row.close_reason,
    }
    row.closed_at, row.closed_by, row.close_reason = None, None, ""
    row.updated_at, row.updated_by = utcnow(), _who(subject)
    kept: PeriodDeadline | None = row
    if all(day is None for day in _dues(row).values()):
        session.delete(row)
        kept = None
    else:
        session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="period.reopen",
        target_type="scheme",
        target_id=scheme.id,
        before=before,
        after={"scheme": scheme.code, "period": period, "state": "open", "reason": clean},
        reason=clean,
    )
    return kept


@dataclass(frozen=True)
class PeriodState:
    """One period of a scheme as the office sees it: state, deadlines, reports so far."""

    scheme_code: str
    period: str
    row: PeriodDeadline | None
    expected: int  # assignments the subject may see that report in this period
    sent_up: int  # of which the latest report was sent up (上报 or verified)
    late: int  # of which the latest report is marked late

    @property
    def name(self) -> str:
        return period_name(self.period)

    @property
    def state(self) -> PeriodStateKind:
        closed = self.row is not None and self.row.closed_at is not None
        return PeriodStateKind.CLOSED if closed else PeriodStateKind.OPEN

    def value(self, name: str) -> date | datetime | str | None:
        return getattr(self.row, name) if self.row is not None else None


def scheme_periods(session: JixiaoSession, subject: Subject, scheme_code: str) -> list[PeriodState]:
    """Every period of a scheme (then 全年) with its state, deadlines and report counts over
    the assignments the subject may see."""
    scheme = get_scheme(session, scheme_code)
    rows = {row.period: row for row in period_deadlines(session, scheme_code)}
    assignment_ids = visible_assignment_ids(session, subject, scheme.id)
    latest = latest_reports(session, assignment_ids)
    found = []
    for period in periods_of(scheme):
        reports = [r for (_, p_), r in latest.items() if p_ == period]
        found.append(
            PeriodState(
                scheme_code=scheme.code,
                period=period,
                row=rows.get(period),
                expected=len(assignment_ids) if period in scheme.periods else 0,
                sent_up=sum(1 for r in reports if r.status in SENT_UP),
                late=sum(1 for r in reports if r.late),
            )
        )
    return found
