"""Innovation awards (创新奖, DOMAIN.md 4.7): applications and the office's recognition.

- A unit applies for itself (its reporter, report:write, or its head, report:approve); the
  office (score:reopen) may apply for any unit.
- The office recognises an application (the city evaluation office's decision) with the
  points it brings: a `bonus` adjustment owned by the award (「创新奖（集体）：…」), within the
  scheme's bonus cap like every bonus; or rejects it with a note. Withdrawing a recognition
  removes the bonus and puts the application back to applied.
- A unit sees its own applications; whoever sees every unit sees all.

Every change is audited; recognition and its withdrawal schedule the annual recompute. The
caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.service import record
from jixiao.engine.model import AdjustmentKind
from jixiao.org.models import Unit
from jixiao.org.queries import unit_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page
from jixiao.platform.storage import FileStore
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.schemes.models import Scheme
from jixiao.scoring.entry import follow, owned
from jixiao.scoring.entry.queries import awards_page
from jixiao.scoring.records import AwardKind, AwardStatus, InnovationAward, RecordOwner

APPLICANTS = (p.REPORT_WRITE, p.REPORT_APPROVE, p.SCORE_REOPEN)
DECIDER = p.SCORE_REOPEN
READERS = (*APPLICANTS, p.SCORE_READ, p.RESULT_READ)
MAX_POINTS = Decimal(100)


@dataclass(frozen=True)
class AwardApplication:
    unit: str
    kind: AwardKind
    title: str
    applicant: str = ""
    description: str = ""


def can_apply(subject: Subject) -> bool:
    return any(subject.can(permission.code) for permission in APPLICANTS)


def can_read(subject: Subject) -> bool:
    return any(subject.can(permission.code) for permission in READERS)


def apply_award(
    session: JixiaoSession, subject: Subject, scheme_code: str, application: AwardApplication
) -> InnovationAward:
    """Apply for an innovation award for a unit (its own, or any for the office)."""
    if not can_apply(subject):
        raise Forbidden("只有单位填报员、单位负责人或考评办可以申报创新奖")
    scheme = owned.scheme_by_code(session, scheme_code)
    periods.require_open(session, scheme, periods.ANNUAL, what="申报创新奖")
    unit = unit_by_code(session, application.unit)
    if not subject.can(DECIDER.code) and subject.unit_id != unit.id:
        raise Forbidden(f"只能为本单位申报创新奖，不能为「{unit.name}」申报", field="unitCode")
    title = application.title.strip()
    if not title or len(title) > 200:
        raise InvalidInput("请填写创新项目名称（不超过 200 字）", field="title")
    applicant = application.applicant.strip()
    if application.kind == AwardKind.INDIVIDUAL and not applicant:
        raise InvalidInput("个人创新奖须填写申报人姓名", field="applicant")
    if len(applicant) > 100:
        raise InvalidInput("申报人姓名不能超过 100 字", field="applicant")
    row = InnovationAward(
        scheme_id=scheme.id,
        unit_id=unit.id,
        kind=application.kind,
        title=title,
        applicant=applicant,
        description=application.description.strip()[:5000],
        created_by=owned.who(subject),
        created_by_id=subject.user_id,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="award.apply",
        target_type="innovation_award",
        target_id=row.id,
        after=_state(row, scheme.code, unit.code),
    )
    return row


def recognise_award(
    session: JixiaoSession,
    subject: Subject,
    award_id: uuid.UUID,
    *,
    points: Decimal,
    note: str = "",
) -> InnovationAward:
    """Recognise an application with the bonus points it brings to its unit (the office)."""
    row = _decided_by_office(session, subject, award_id)
    if row.status != AwardStatus.APPLIED:
        raise Conflict("只有待认定的申报可以认定；已认定的请先撤销认定", field="id")
    if not points.is_finite() or not MAX_POINTS >= points > 0:
        raise InvalidInput(f"创新奖加分 {points} 须大于 0 且不超过 {MAX_POINTS}", field="points")
    scheme, unit = _names(session, row)
    before = _state(row, scheme, unit)
    row.status, row.points, row.note = AwardStatus.RECOGNISED, points, note.strip()[:1000]
    row.recognised_by, row.recognised_at = owned.who(subject), utcnow()
    row.adjustment_id = owned.set_adjustment(
        session,
        None,
        scheme_id=row.scheme_id,
        unit_id=row.unit_id,
        kind=AdjustmentKind.BONUS,
        points=points,
        reason=reason_of(row),
    )
    _audited(session, subject, row, "award.recognise", before, scheme, unit)
    follow.schedule(session, scheme, follow.ANNUAL)
    return row


def reject_award(
    session: JixiaoSession, subject: Subject, award_id: uuid.UUID, *, note: str
) -> InnovationAward:
    """Reject an application, saying why (the office)."""
    row = _decided_by_office(session, subject, award_id)
    if row.status != AwardStatus.APPLIED:
        raise Conflict("只有待认定的申报可以不予认定", field="id")
    if not note.strip():
        raise InvalidInput("不予认定须填写说明", field="note")
    scheme, unit = _names(session, row)
    before = _state(row, scheme, unit)
    row.status, row.note = AwardStatus.REJECTED, note.strip()[:1000]
    row.recognised_by, row.recognised_at = owned.who(subject), utcnow()
    _audited(session, subject, row, "award.reject", before, scheme, unit)
    return row


def withdraw_award(
    session: JixiaoSession, subject: Subject, award_id: uuid.UUID, *, note: str = ""
) -> InnovationAward:
    """Withdraw a recognition or a rejection: the bonus goes, the application is open again."""
    row = _decided_by_office(session, subject, award_id)
    if row.status == AwardStatus.APPLIED:
        raise Conflict("这项申报尚未认定，无需撤销", field="id")
    scheme, unit = _names(session, row)
    before = _state(row, scheme, unit)
    owned.release_adjustment(session, row, AdjustmentKind.BONUS)
    recognised = row.status == AwardStatus.RECOGNISED
    row.status, row.points, row.note = AwardStatus.APPLIED, None, note.strip()[:1000]
    row.recognised_by, row.recognised_at = None, None
    _audited(session, subject, row, "award.withdraw", before, scheme, unit)
    if recognised:
        follow.schedule(session, scheme, follow.ANNUAL)
    return row


def delete_award(
    session: JixiaoSession,
    subject: Subject,
    award_id: uuid.UUID,
    *,
    store: FileStore | None = None,
) -> None:
    """Delete an application not yet recognised (its unit or the office), with its files."""
    row = readable_award(session, subject, award_id)
    if not subject.can(DECIDER.code) and (subject.unit_id != row.unit_id or not can_apply(subject)):
        raise Forbidden("只能撤回本单位的创新奖申报", field="id")
    if row.status == AwardStatus.RECOGNISED:
        raise Conflict("已认定的创新奖不能删除：请先撤销认定", field="id")
    periods.require_open(session, row.scheme_id, periods.ANNUAL, what="撤回创新奖申报")
    scheme, unit = _names(session, row)
    files = owned.drop_files(session, store, RecordOwner.AWARD, row.id)
    before = {**_state(row, scheme, unit), "files": files}
    session.delete(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="award.delete",
        target_type="innovation_award",
        target_id=award_id,
        before=before,
    )


def list_awards(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_code: str,
    status: AwardStatus | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[InnovationAward]:
    """The applications of a scheme the subject may see, in the order they were made."""
    scheme = owned.scheme_by_code(session, scheme_code)
    unit_ids = None if subject.scope.every_unit else subject.scope.unit_ids
    return awards_page(
        session, scheme.id, unit_ids=unit_ids, status=status, first=first, after=after
    )


def readable_award(
    session: JixiaoSession, subject: Subject, award_id: uuid.UUID
) -> InnovationAward:
    """An application the subject may see (none is told apart from one it may not)."""
    row = session.get(InnovationAward, (session.require_tenant(), award_id))
    if row is None or not can_read(subject) or not subject.scope.sees_unit(row.unit_id):
        raise NotFound("没有这项创新奖申报", field="id")
    return row


def attachable_award(
    session: JixiaoSession, subject: Subject, award_id: uuid.UUID
) -> InnovationAward:
    """An application that may take evidence from the subject: its unit's while it waits for
    a decision, the office's at any time."""
    row = readable_award(session, subject, award_id)
    periods.require_open(session, row.scheme_id, periods.ANNUAL, what="上传创新奖材料")
    if subject.can(DECIDER.code):
        return row
    if not can_apply(subject) or subject.unit_id != row.unit_id:
        raise Forbidden("只能为本单位的创新奖申报上传材料", field="id")
    if row.status != AwardStatus.APPLIED:
        raise Conflict("已认定或不予认定的申报不能再上传材料", field="id")
    return row


def reason_of(row: InnovationAward) -> str:
    """The reason of the bonus adjustment a recognised award produces."""
    who = f"{row.applicant}：" if row.kind == AwardKind.INDIVIDUAL and row.applicant else ""
    return f"创新奖（{row.kind.label}）：{who}{row.title}"


def _decided_by_office(
    session: JixiaoSession, subject: Subject, award_id: uuid.UUID
) -> InnovationAward:
    if not subject.can(DECIDER.code):
        raise Forbidden("只有考评办可以认定创新奖")
    row = readable_award(session, subject, award_id)
    periods.require_open(session, row.scheme_id, periods.ANNUAL, what="认定创新奖")
    return row


def _audited(
    session: JixiaoSession,
    subject: Subject,
    row: InnovationAward,
    action: str,
    before: dict[str, object],
    scheme: str,
    unit: str,
) -> None:
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action=action,
        target_type="innovation_award",
        target_id=row.id,
        before=before,
        after=_state(row, scheme, unit),
        reason=row.note or None,
    )


def _names(session: JixiaoSession, row: InnovationAward) -> tuple[str, str]:
    tenant = session.require_tenant()
    scheme = session.get(Scheme, (tenant, row.scheme_id))
    unit = session.get(Unit, (tenant, row.unit_id))
    return (scheme.code if scheme else ""), (unit.code if unit else "")


def _state(row: InnovationAward, scheme: str, unit: str) -> dict[str, object]:
    return {
        "scheme": scheme,
        "unit": unit,
        "kind": row.kind.value,
        "title": row.title,
        "applicant": row.applicant,
        "status": row.status.value,
        "points": row.points,
        "adjustment_id": str(row.adjustment_id) if row.adjustment_id else None,
    }
