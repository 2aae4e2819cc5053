"""Taking a progress report back and correcting it: the reporter withdraws (撤回) a submitted
report before the head has approved it (back to draft), and the office corrects a verified value
with a reason (更正: the engine's actual follows). Each appends a `ReportEvent` and is audited.
The caller commits.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from jixiao.assignments.access import readable_report
from jixiao.assignments.models import ProgressReport, ReportEvent, ReportStatus
from jixiao.assignments.report_rules import cell_of
from jixiao.assignments.reports import _expect, _move, _own_unit, write_actual
from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes.models import Indicator, Scheme
from jixiao.scoring.entry import follow

S = ReportStatus


def withdraw(session: JixiaoSession, subject: Subject, report_id: uuid.UUID) -> ProgressReport:
    """撤回: the unit's reporter takes a submitted report back to draft before the head acts."""
    report = readable_report(session, subject, report_id)
    _own_unit(subject, report.unit_id)
    _expect(report, S.SUBMITTED)
    return _move(session, report, S.DRAFT, "withdraw", subject)


def correct_verified(
    session: JixiaoSession,
    subject: Subject,
    report_id: uuid.UUID,
    value: Decimal,
    reason: str,
) -> ProgressReport:
    """更正: the office replaces a verified value, with a reason; where the engine takes the
    value as the actual, the score follows (checked with the engine's rules, as at verify)."""
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以更正核实值")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("更正核实值须填写原因", field="reason")
    report = readable_report(session, subject, report_id)
    _expect(report, S.VERIFIED)
    cell = cell_of(session, report.indicator_id, report.unit_id, report.period)
    cell.check(value, field="value")
    tenant = session.require_tenant()
    indicator = session.get(Indicator, (tenant, report.indicator_id))
    scheme = session.get(Scheme, (tenant, indicator.scheme_id)) if indicator else None
    if indicator is None or scheme is None:
        raise NotFound("没有找到该填报的指标")
    before = report.verified_value
    report.verified_value = value
    if cell.scored:
        write_actual(session, subject, report, indicator, value)
    report.updated_at = utcnow()
    session.add(report)
    session.add(  # the report's history shows the correction (status unchanged)
        ReportEvent(
            report_id=report.id,
            action="correct",
            from_status=S.VERIFIED.value,
            to_status=S.VERIFIED.value,
            reason=reason[:1000],
            value=value,
            actor_id=subject.user_id,
            actor_name=subject.display_name or subject.username,
        )
    )
    session.flush()
    record(
        session,
        actor=subject,
        action="report.correct",
        target_type="progress_report",
        target_id=report.id,
        before={"verified_value": None if before is None else str(before)},
        after={"verified_value": str(value), "period": report.period},
        reason=reason[:500],
    )
    if cell.scored:
        follow.schedule(session, scheme.code, report.period)
    return report
