"""Progress reports (进度填报): draft → submitted → approved → reported → verified, or returned.

A returned version stays as it was; the next save starts a new version. Each transition appends
a `ReportEvent`. Verification writes the verified value into the `Score` rows as the actual, so
the engine input (`jixiao.schemes.inputs.engine_inputs`) carries it; the reported value stays
on the report.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.assignments import approval, report_periods
from jixiao.assignments.access import readable_assignment, readable_report
from jixiao.assignments.models import EvidenceFile, ProgressReport, ReportEvent, ReportStatus
from jixiao.assignments.queries import (
    latest_report,
    report_events,
    report_evidence,
    reports_by_ids_page,
    reports_page,
    verified_reports,
)
from jixiao.assignments.report_rules import ACTUAL_METHODS, cell_of
from jixiao.audit.service import record
from jixiao.notices.workflow import tell
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import holds_link, unit_people
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page
from jixiao.schemes.models import Indicator, Scheme
from jixiao.scoring.models import DataSource, Score, ScoreStatus
from jixiao.scoring.queries import next_seq, score_of

S = ReportStatus


@dataclass(frozen=True)
class ReportDraft:
    narrative: str = ""
    completion: Decimal | None = None
    actual: Decimal | None = None


def _who(actor: Subject) -> str | None:
    return actor.display_name or actor.username


def _move(
    session: JixiaoSession,
    report: ProgressReport,
    to: ReportStatus,
    action: str,
    actor: Subject,
    *,
    reason: str = "",
    value: Decimal | None = None,
) -> ProgressReport:
    before = report.status
    report.status = to
    report.updated_at = utcnow()
    session.add(report)
    session.add(
        ReportEvent(
            report_id=report.id,
            action=action,
            from_status=None if action == "create" else before.value,
            to_status=to.value,
            reason=reason,
            value=value,
            actor_id=actor.user_id,
            actor_name=_who(actor),
        )
    )
    session.flush()
    record(
        session,
        actor=actor,
        action=f"report.{action}",
        target_type="progress_report",
        target_id=report.id,
        before={"status": before.value},
        after={"status": to.value, "reason": reason or None},
    )
    _announce(session, report, action, actor, reason)
    return report


# Who hears of each step (unit roles), and how it reads: (title, body) templates.
_ANNOUNCED: dict[str, tuple[tuple[UnitLinkRole, ...], str, str]] = {
    "submit": ((UnitLinkRole.HEAD,), "待审核：{what}", "{who}提交了{what}，请审核后上报。"),
    "approve": ((UnitLinkRole.REPORTER,), "已审核：{what}", "{who}已审核{what}。"),
    "return": (
        (UnitLinkRole.REPORTER, UnitLinkRole.HEAD),
        "被退回：{what}",
        "{who}退回了{what}，原因：{reason}。请修改后重新提交。",
    ),
    "verify": (
        (UnitLinkRole.REPORTER, UnitLinkRole.HEAD),
        "已核实：{what}",
        "{who}已核实{what}。{reason}",
    ),
}


def _announce(
    session: JixiaoSession, report: ProgressReport, action: str, actor: Subject, reason: str
) -> None:
    """Notify the unit's people of a step that concerns them (once per report version)."""
    announced = _ANNOUNCED.get(action)
    if announced is None:
        return
    roles, title, body = announced
    indicator = session.get(Indicator, (report.tenant_id, report.indicator_id))
    what = f"「{indicator.name if indicator else '指标'}」{report.period} 进度填报"
    users = [u for u in unit_people(session, [report.unit_id], roles) if u != actor.user_id]
    tell(
        session,
        users,
        f"report:{report.id}:{action}",
        title=title.format(what=what),
        body=body.format(what=what, who=_who(actor) or "", reason=reason),
        target_type="progress_report",
        target_id=report.id,
    )


def _expect(report: ProgressReport, *allowed: ReportStatus) -> None:
    if report.status not in allowed:
        wanted = "、".join(s.label for s in allowed)
        raise Conflict(f"填报当前为「{report.status.label}」，只有「{wanted}」的可以这样做")


def _own_unit(subject: Subject, unit_id: uuid.UUID) -> None:
    if subject.unit_id != unit_id:
        raise Forbidden("只能填报本单位的进度", field="assignmentId")


def save_report(
    session: JixiaoSession,
    subject: Subject,
    assignment_id: uuid.UUID,
    period: str,
    draft: ReportDraft,
) -> ProgressReport:
    """Write the unit's draft for a period; after a return this starts the next version."""
    assignment = readable_assignment(session, subject, assignment_id)
    _own_unit(subject, assignment.unit_id)
    scheme = session.get(Scheme, (session.require_tenant(), assignment.scheme_id))
    if scheme is None or period not in scheme.periods:
        raise InvalidInput(f"考评周期「{period}」不在方案中", field="period")
    if draft.completion is not None and not Decimal(0) <= draft.completion <= Decimal(100):
        raise InvalidInput("完成进度须在 0 到 100 之间", field="completion")
    cell_of(session, assignment.indicator_id, assignment.unit_id, period).check(
        draft.actual, field="actual"
    )
    current = latest_report(session, assignment.id, period)
    if current is not None and current.status not in (S.DRAFT, S.RETURNED):
        raise Conflict(f"本期填报已「{current.status.label}」，不能再修改")
    late = report_periods.checked_lateness(session, scheme, period, current, what="填报进度")
    if current is not None and current.status == S.DRAFT:
        report = current
    else:
        report = ProgressReport(
            assignment_id=assignment.id,
            unit_id=assignment.unit_id,
            indicator_id=assignment.indicator_id,
            period=period,
            version=1 if current is None else current.version + 1,
            created_by=_who(subject),
        )
    report.narrative, report.completion, report.actual, report.late = (
        draft.narrative,
        draft.completion,
        draft.actual,
        late,
    )
    if report is not current:
        session.add(report)
        session.flush()
        if current is not None:  # the returned version's evidence carries over
            for old in report_evidence(session, current.id):
                data = old.model_dump(exclude={"id", "report_id", "created_at"})
                session.add(EvidenceFile(**data, report_id=report.id))
        return _move(session, report, S.DRAFT, "create", subject)
    report.updated_at = utcnow()
    session.add(report)
    session.flush()
    record(
        session,
        actor=subject,
        action="report.update",
        target_type="progress_report",
        target_id=report.id,
        after={"completion": str(draft.completion), "actual": str(draft.actual)},
    )
    return report


def submit(session: JixiaoSession, subject: Subject, report_id: uuid.UUID) -> ProgressReport:
    report = readable_report(session, subject, report_id)
    _own_unit(subject, report.unit_id)
    _expect(report, S.DRAFT)
    report.late = report_periods.lateness_of(session, report, what="提交填报")
    return _move(session, report, S.SUBMITTED, "submit", subject)


def _head(session: JixiaoSession, subject: Subject, unit_id: uuid.UUID) -> None:
    if subject.user_id is None or not holds_link(
        session, subject.user_id, unit_id, UnitLinkRole.HEAD
    ):
        raise Forbidden("只有本单位负责人可以审核、上报本单位的填报")


def approve(session: JixiaoSession, subject: Subject, report_id: uuid.UUID) -> ProgressReport:
    report = readable_report(session, subject, report_id)
    _head(session, subject, report.unit_id)
    _expect(report, S.SUBMITTED)
    report_periods.require_open(session, report, what="审核填报")
    report = _move(session, report, S.APPROVED, "approve", subject)
    if approval.one_step(session):  # 审核通过即上报: both steps recorded
        report = _move(session, report, S.REPORTED, "report", subject)
        approval.tell_monitors(session, report, subject)
    return report


def send_up(session: JixiaoSession, subject: Subject, report_id: uuid.UUID) -> ProgressReport:
    """上报: the head sends an approved report to the monitoring department."""
    report = readable_report(session, subject, report_id)
    _head(session, subject, report.unit_id)
    _expect(report, S.APPROVED)
    report_periods.require_open(session, report, what="上报填报")
    report = _move(session, report, S.REPORTED, "report", subject)
    approval.tell_monitors(session, report, subject)
    return report


def _monitor(session: JixiaoSession, subject: Subject, report: ProgressReport) -> Indicator:
    indicator = session.get(Indicator, (session.require_tenant(), report.indicator_id))
    if indicator is None or not subject.scope.scores(indicator.scorers):
        raise Forbidden("只有监控该指标的职能部门可以核实")
    return indicator


def return_report(
    session: JixiaoSession,
    subject: Subject,
    report_id: uuid.UUID,
    reason: str,
    *,
    monitor: bool,
) -> ProgressReport:
    """Return with a reason: the head before sending up, the monitoring department (`monitor`)
    a reported one."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请填写退回原因", field="reason")
    report = readable_report(session, subject, report_id)
    if monitor:
        _monitor(session, subject, report)
        _expect(report, S.REPORTED)
    else:
        _head(session, subject, report.unit_id)
        _expect(report, S.SUBMITTED, S.APPROVED)
    report_periods.require_open(session, report, what="退回填报")
    report.return_reason = reason[:1000]
    return _move(session, report, S.RETURNED, "return", subject, reason=reason[:1000])


def verify(
    session: JixiaoSession,
    subject: Subject,
    report_id: uuid.UUID,
    value: Decimal,
    note: str = "",
    *,
    met: bool | None = None,
) -> ProgressReport:
    """Record the verified value; it becomes the engine's actual for this unit and period (with
    `met` for a binding indicator: the engine takes no binding entry without it)."""
    report = readable_report(session, subject, report_id)
    indicator = _monitor(session, subject, report)
    _expect(report, S.REPORTED)
    report_periods.require_open(session, report, what="核实填报")
    cell = cell_of(session, report.indicator_id, report.unit_id, report.period)
    cell.check(value, field="value")
    report.verified_value, report.verify_note = value, note.strip()[:1000]
    if cell.scored:  # elsewhere the value stays on the report: the engine takes no actual
        write_actual(session, subject, report, indicator, value, met=met)
    return _move(session, report, S.VERIFIED, "verify", subject, reason=note[:1000], value=value)


def write_actual(
    session: JixiaoSession,
    subject: Subject,
    report: ProgressReport,
    indicator: Indicator,
    value: Decimal,
    *,
    met: bool | None = None,
) -> bool:
    """Put a verified value into the score row of (unit, indicator, period) as the actual.

    Only methods scored from an actual value (ratio, linear) take it; for the others the
    verified value stays on the report for the scorer. A new row is the department's draft,
    which it submits with its other scores of the period. Returns whether a score was written.
    """
    if indicator.method not in ACTUAL_METHODS:
        return False
    row = score_of(session, report.unit_id, indicator.id, report.period)
    if row is None:
        row = Score(
            scheme_id=indicator.scheme_id,
            unit_id=report.unit_id,
            indicator_id=indicator.id,
            period=report.period,
            seq=next_seq(session, Score, indicator.scheme_id),
            source=DataSource.ENTRY,
            status=ScoreStatus.DRAFT,
        )
    if indicator.binding:
        if met is None and row.met is None:
            raise InvalidInput(
                f"「{indicator.name}」是约束性指标：核实时须选择是否达标", field="met"
            )
        row.met = row.met if met is None else met
    row.actual = value
    row.entered_at = utcnow()
    row.entered_by = _who(subject)
    session.add(row)
    session.flush()
    return True


def list_reports(
    session: JixiaoSession,
    subject: Subject,
    *,
    assignment_id: uuid.UUID | None = None,
    scheme_id: uuid.UUID | None = None,
    period: str | None = None,
    status: ReportStatus | None = None,
    statuses: Sequence[ReportStatus] | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[ProgressReport]:
    return reports_page(
        session,
        subject,
        assignment_id=assignment_id,
        scheme_id=scheme_id,
        period=period,
        status=status,
        statuses=statuses,
        first=first,
        after=after,
    )


def large_gaps(
    session: JixiaoSession,
    subject: Subject,
    threshold: Decimal,
    *,
    first: int | None = None,
    after: str | None = None,
) -> Page[ProgressReport]:
    """Verified reports whose verified value differs from the reported one by ≥ threshold.

    Values are stored as exact text, so the gap is computed here over the verified reports
    the subject may see; the page is cut in id order like every list.
    """
    if threshold < 0:
        raise InvalidInput("差异阈值不能为负数", field="threshold")
    gap_ids = [
        row.id
        for row in verified_reports(session, subject)
        if row.verified_value is not None
        and abs(row.verified_value - (row.actual or Decimal(0))) >= threshold
    ]
    return reports_by_ids_page(session, gap_ids, first=first, after=after)


def history(
    session: JixiaoSession, report_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ReportEvent]]:
    found: dict[uuid.UUID, list[ReportEvent]] = {i: [] for i in report_ids}
    if report_ids:
        for event in report_events(session, report_ids):
            found[event.report_id].append(event)
    return found
