"""Supervision notices (督办通知): the supervision group asks a unit to act, with a reply
deadline; the unit's reporter or head replies; the group closes it. Each step is audited and
notifies those it concerns. The caller commits. (A period's deadlines and closing are in
`jixiao.supervision.periods`.)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from jixiao.assignments.access import readable_assignment
from jixiao.audit.service import record
from jixiao.identity.models import User
from jixiao.notices.workflow import tell
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import unit_by_code, unit_people
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.schemes.lookup import get_scheme
from jixiao.supervision.board import scheme_period, tenant_today
from jixiao.supervision.models import NoticeState, SupervisionNotice
from jixiao.supervision.queries import notices_page

UNIT_ROLES = (UnitLinkRole.REPORTER, UnitLinkRole.HEAD)


def _who(subject: Subject) -> str | None:
    return subject.display_name or subject.username


# --- supervision notices -----------------------------------------------------------------


@dataclass(frozen=True)
class NoticeDraft:
    scheme_code: str
    unit_code: str
    title: str
    body: str
    reply_due: date
    assignment_id: uuid.UUID | None = None
    period: str | None = None


def send_notice(session: JixiaoSession, subject: Subject, draft: NoticeDraft) -> SupervisionNotice:
    """A supervision notice to a unit (the supervision group); the unit's people are told."""
    if not subject.can(p.SUPERVISION_WRITE.code):
        raise Forbidden("只有督查小组可以发出督办通知")
    scheme = get_scheme(session, draft.scheme_code)
    unit = unit_by_code(session, draft.unit_code)
    title, body = draft.title.strip(), draft.body.strip()
    if not title:
        raise InvalidInput("请填写督办事项标题", field="title")
    if len(title) > 200:
        raise InvalidInput("督办事项标题不能超过 200 字", field="title")
    if draft.reply_due < tenant_today(session):
        raise InvalidInput("回复期限不能早于今天", field="replyDue")
    if draft.period is not None:
        scheme_period(session, draft.scheme_code, draft.period)
    if draft.assignment_id is not None:
        assignment = readable_assignment(session, subject, draft.assignment_id)
        if assignment.unit_id != unit.id or assignment.scheme_id != scheme.id:
            raise InvalidInput("这项任务不属于该单位或该方案", field="assignmentId")
    notice = SupervisionNotice(
        scheme_id=scheme.id,
        unit_id=unit.id,
        assignment_id=draft.assignment_id,
        period=draft.period,
        title=title,
        body=body,
        reply_due=draft.reply_due,
        created_by=_who(subject),
        created_by_id=subject.user_id,
    )
    session.add(notice)
    session.flush()
    record(
        session,
        actor=subject,
        action="supervision.send",
        target_type="supervision_notice",
        target_id=notice.id,
        after={"unit": unit.code, "title": title, "replyDue": draft.reply_due.isoformat()},
    )
    tell(
        session,
        unit_people(session, [unit.id], UNIT_ROLES),
        f"supervision:{notice.id}:send",
        title=f"督办通知：{title}",
        body=f"{body}\n请于 {draft.reply_due:%Y-%m-%d} 前回复办理情况。".strip(),
        target_type="supervision_notice",
        target_id=notice.id,
    )
    return notice


def readable_notice(
    session: JixiaoSession, subject: Subject, notice_id: uuid.UUID
) -> SupervisionNotice:
    """A notice the subject may read: the supervision readers all, a unit its own."""
    notice = session.get(SupervisionNotice, (session.require_tenant(), notice_id))
    if notice is None or not (
        subject.can(p.SUPERVISION_READ.code) or subject.unit_id == notice.unit_id
    ):
        raise NotFound("没有这份督办通知", field="id")
    return notice


def reply_notice(
    session: JixiaoSession, subject: Subject, notice_id: uuid.UUID, text: str
) -> SupervisionNotice:
    """The unit's reply (its reporter or head); a later reply replaces an earlier one until
    the notice is closed."""
    notice = readable_notice(session, subject, notice_id)
    if subject.unit_id != notice.unit_id or not (
        subject.can(p.REPORT_WRITE.code) or subject.can(p.REPORT_APPROVE.code)
    ):
        raise Forbidden("只有被督办单位的填报员或负责人可以回复", field="id")
    if notice.state is NoticeState.CLOSED:
        raise Conflict("督办事项已办结，不能再回复", field="id")
    text = text.strip()
    if not text:
        raise InvalidInput("请填写办理情况", field="reply")
    before = {"state": notice.state.value, "reply": notice.reply or None}
    notice.reply, notice.state = text[:5000], NoticeState.REPLIED
    notice.replied_at, notice.replied_by = utcnow(), _who(subject)
    session.add(notice)
    session.flush()
    record(
        session,
        actor=subject,
        action="supervision.reply",
        target_type="supervision_notice",
        target_id=notice.id,
        before=before,
        after={"state": notice.state.value, "reply": notice.reply},
    )
    if notice.created_by_id is not None:
        tell(
            session,
            [notice.created_by_id],
            f"supervision:{notice.id}:reply:{notice.replied_at:%Y%m%d%H%M%S}",
            title=f"督办回复：{notice.title}",
            body=f"{_who(subject) or ''}回复：{notice.reply}",
            target_type="supervision_notice",
            target_id=notice.id,
        )
    return notice


def close_notice(
    session: JixiaoSession, subject: Subject, notice_id: uuid.UUID, note: str = ""
) -> SupervisionNotice:
    """The supervision group closes a notice (办结), replied or not, with a note."""
    if not subject.can(p.SUPERVISION_WRITE.code):
        raise Forbidden("只有督查小组可以办结督办事项")
    notice = readable_notice(session, subject, notice_id)
    if notice.state is NoticeState.CLOSED:
        raise Conflict("督办事项已办结", field="id")
    before = notice.state.value
    notice.state, notice.closed_at, notice.closed_by = NoticeState.CLOSED, utcnow(), _who(subject)
    notice.close_note = note.strip()[:1000]
    session.add(notice)
    session.flush()
    record(
        session,
        actor=subject,
        action="supervision.close",
        target_type="supervision_notice",
        target_id=notice.id,
        before={"state": before},
        after={"state": notice.state.value, "note": notice.close_note or None},
    )
    return notice


def list_notices(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_code: str | None = None,
    state: NoticeState | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[SupervisionNotice]:
    """Notices the subject may read, oldest first (ids are time-ordered)."""
    unit_id = None
    if not subject.can(p.SUPERVISION_READ.code):
        if subject.unit_id is None:
            return Page([], [], False)
        unit_id = subject.unit_id
    scheme_id = None if scheme_code is None else get_scheme(session, scheme_code).id
    return notices_page(
        session, unit_id=unit_id, scheme_id=scheme_id, state=state, first=first, after=after
    )


def sender_name(session: JixiaoSession, notice: SupervisionNotice) -> str | None:
    if notice.created_by_id is None:
        return notice.created_by
    user = session.get(User, (notice.tenant_id, notice.created_by_id))
    return user.display_name if user else notice.created_by
