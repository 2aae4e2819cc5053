"""Self-assessment (自评): with its progress report a unit may give its own score of the
indicator for the period, in points within what the indicator makes available then (the range
rule of manual scores, `rules.check_points`).

It is kept per unit, indicator and period (so it survives a returned report's next version),
shown to scorers beside the report with the gap (their points − the self score), and never read
by the engine: `SelfAssessment` is not an input of the results. The unit changes it while its
report may still be changed (草稿 or 已退回) and the period is open; audited. The caller commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal

from jixiao.assignments.access import readable_report
from jixiao.assignments.models import ProgressReport, ReportStatus
from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.schemes.inputs import engine_rules
from jixiao.schemes.models import Indicator, Scheme
from jixiao.scoring.entry.queries import self_assessment, self_assessments
from jixiao.scoring.entry.rules import check_points
from jixiao.scoring.form_models import SelfAssessment

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def of_report(
    session: JixiaoSession, subject: Subject, report_id: uuid.UUID
) -> SelfAssessment | None:
    """The self-assessment given with a report the subject may read."""
    report = readable_report(session, subject, report_id)
    return _stored(session, report)


def _stored(session: JixiaoSession, report: ProgressReport) -> SelfAssessment | None:
    return self_assessment(session, report.unit_id, report.indicator_id, report.period)


def set_self_score(
    session: JixiaoSession,
    subject: Subject,
    report_id: uuid.UUID,
    value: Decimal | None,
    note: str = "",
) -> SelfAssessment | None:
    """Give (or, with None, withdraw) the unit's own score with its report."""
    if not subject.can(p.REPORT_WRITE.code):
        raise Forbidden("只有本单位填报员可以填写自评分")
    report = readable_report(session, subject, report_id)
    if subject.unit_id != report.unit_id:
        raise Forbidden("只能为本单位的填报填写自评分", field="reportId")
    indicator = session.get(Indicator, (session.require_tenant(), report.indicator_id))
    if indicator is None:
        raise NotFound("没有这项指标", field="reportId")
    scheme = periods.require_open(session, indicator.scheme_id, report.period, what="填写自评分")
    if report.status not in EDITABLE:
        raise Conflict(f"本期填报已「{report.status.label}」，不能再修改自评分", field="reportId")
    stored = _stored(session, report)
    before = {"value": stored.value, "note": stored.note} if stored else None
    if value is None:
        if stored is None:
            return None
        session.delete(stored)
        after = None
    else:
        _check(session, scheme, indicator, report, value)
        stored = stored or SelfAssessment(
            scheme_id=scheme.id,
            unit_id=report.unit_id,
            indicator_id=report.indicator_id,
            period=report.period,
            value=value,
        )
        stored.value, stored.note = value, note.strip()[:500]
        stored.entered_at = utcnow()
        stored.entered_by = (subject.display_name or subject.username or "")[:100] or None
        session.add(stored)
        after = {"value": value, "note": stored.note}
    session.flush()
    record(
        session,
        actor=subject,
        action="self_assessment.set",
        target_type="progress_report",
        target_id=report.id,
        before=before,
        after={"indicator": indicator.code, "period": report.period, "self": after},
    )
    return None if value is None else stored


def _check(
    session: JixiaoSession,
    scheme: Scheme,
    indicator: Indicator,
    report: ProgressReport,
    value: Decimal,
) -> None:
    rules, _ = engine_rules(session, scheme.code)
    leaf = next((leaf for leaf in rules.leaves() if leaf.code == indicator.code), None)
    if leaf is None:
        raise InvalidInput(f"「{indicator.name}」不是末级指标，不能自评", field="value")
    available = leaf.available(report.period)
    issues = check_points(f"「{leaf.name}」{report.period} 的自评分", available, value)
    if issues:
        raise InvalidInput("；".join(issues), field="value")


def self_scores(
    session: JixiaoSession, scheme_id: uuid.UUID, period: str, unit_ids: Iterable[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], Decimal]:
    """(unit id, indicator id) → the unit's self score of the period (one query)."""
    wanted = sorted(set(unit_ids))
    if not wanted:
        return {}
    rows = self_assessments(session, scheme_id, period, wanted)
    return {(row.unit_id, row.indicator_id): row.value for row in rows}
