"""Appeals (申诉): a unit objects to one line of its published result; the office routes the
appeal to the scorer or monitoring department, who answers; the office decides.

- Raising: a user of the unit (appeal:write) names the published run, the line (an indicator's
  score, an adjustment, a rating component) and the reason, within the appeal window: N working
  days (setting `appeal_window_days`, 0 = no appeals) after the period's result was first
  published (`jixiao.appeals.window`). Only the run published now takes appeals, or the run in
  公示 until its 公示 ends (objections, `jixiao.scoring.runs.publicity`); one open appeal per
  (scheme, period, unit, line).
- Routing (appeal:handle): to a scorer code, a scoring leader's username or a monitoring
  department's unit code; an indicator line goes to one of the indicator's scorers. It may be
  routed again while unanswered.
- Answering: the handler (its person, or the department's scoring staff).
- Deciding (`jixiao.appeals.decide`): rejected with the reason back to the unit, or upheld: the
  original entry corrected through the audited correction path with the appeal as its reason,
  the period recomputed and published as a new revision, every affected unit told.
- Withdrawing: the unit, any time before the decision.

Each step is audited and notifies the next person (`jixiao.appeals.people`). The caller
commits.
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from jixiao.appeals import people, window
from jixiao.appeals.lines import find_line, parse_kind
from jixiao.appeals.models import Appeal, AppealState, LineKind
from jixiao.appeals.repository import open_appeal_on
from jixiao.audit.service import record
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import scorers
from jixiao.schemes.inputs import engine_rules
from jixiao.scoring.runs.lookup import pointer_of, run_unit
from jixiao.scoring.runs.models import ResultRun, RunStatus
from jixiao.scoring.runs.service import get_run

MAX_TEXT = 2000
S = AppealState


def name_of(subject: Subject) -> str | None:
    return (subject.display_name or subject.username or "")[:100] or None


def _text(value: str, what: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"须填写{what}", field=field)
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"{what}不能超过 {MAX_TEXT} 字", field=field)
    return value


def own_units(subject: Subject) -> set[uuid.UUID]:
    """The units a unit user appeals for: its own and those it is linked to."""
    units = set(subject.scope.unit_ids)
    if subject.unit_id is not None:
        units.add(subject.unit_id)
    return units


def _published_run(session: JixiaoSession, run_id: uuid.UUID) -> ResultRun:
    try:
        run = get_run(session, run_id, lock=True)
    except NotFound:
        raise NotFound("没有这次考评结果", field="runId") from None
    pointer = pointer_of(session, run.scheme_id, run.period)
    if run.status is RunStatus.PUBLICITY and pointer and pointer.publicity_run_id == run.id:
        return run  # an objection during 公示 (jixiao.scoring.runs.publicity)
    if not run.status.was_published:
        raise NotFound("没有这次考评结果", field="runId")  # a unit never sees a draft
    if run.status is RunStatus.SUPERSEDED or pointer is None or pointer.published_run_id != run.id:
        raise Conflict("这次结果已被更新公布的结果取代：请对最新公布的结果申诉", field="runId")
    return run


def check_window(session: JixiaoSession, run: ResultRun) -> None:
    """Refuse when the tenant takes no appeals or the period's window has closed."""
    closes = window.deadline(session, run)
    if closes is None:
        raise Conflict("本级考评不受理申诉（申诉期为 0 个工作日）", field="runId")
    if utcnow() >= closes:
        local = closes.astimezone(tenant_zone(session))
        raise Conflict(
            f"申诉期已过：该结果的申诉期已于 {local:%Y-%m-%d %H:%M} 截止",
            field="runId",
        )


def raise_appeal(
    session: JixiaoSession,
    subject: Subject,
    run_id: uuid.UUID,
    unit_code: str,
    line_kind: str,
    line_key: str,
    reason: str,
    line_period: str | None = None,
) -> Appeal:
    """A unit's appeal on one line of its published result (待分派); the office is told."""
    if not subject.can(p.APPEAL_WRITE.code):
        raise Forbidden("只有考评对象可以提出申诉")
    kind = parse_kind(line_kind)
    run = _published_run(session, run_id)
    unit = run_unit(session, run.id, unit_code)
    if unit is None or unit.unit_id is None or unit.unit_id not in own_units(subject):
        raise NotFound(f"这次结果中没有本单位「{unit_code}」", field="unitCode")
    check_window(session, run)
    text = _text(reason, "申诉理由", "reason")
    line = find_line(session, run, unit, kind, line_key, line_period)
    open_line = f"{run.period}:{kind.value}:{line.key}:{line.period}"
    existing = open_appeal_on(session, run.scheme_id, unit.unit_id, open_line)
    if existing is not None:
        raise Conflict(
            f"「{line.label}」已有申诉在处理中（{existing.state.label}），"
            "一项结果同时只能有一个申诉",
            field="lineKey",
        )
    appeal = Appeal(
        scheme_id=run.scheme_id,
        scheme_code=run.scheme_code,
        period=run.period,
        run_id=run.id,
        unit_id=unit.unit_id,
        unit_code=unit.unit_code,
        unit_name=unit.unit_name,
        line_kind=kind,
        line_key=line.key,
        line_period=line.period,
        line_label=line.label,
        line_figure=line.figure,
        open_line=open_line,
        reason=text,
        raised_by=name_of(subject),
        raised_by_id=subject.user_id,
    )
    try:
        with session.begin_nested():
            session.add(appeal)
            session.flush()
    except IntegrityError:
        raise Conflict(
            f"「{line.label}」已有申诉在处理中，一项结果同时只能有一个申诉", field="lineKey"
        ) from None
    _audit(session, subject, appeal, "appeal.raise", None)
    people.tell_office(session, appeal, "raise", "待分派")
    return appeal


def readable_appeal(session: JixiaoSession, subject: Subject, appeal_id: uuid.UUID) -> Appeal:
    """An appeal the subject may read: the office any, a unit its own, a handler those routed
    to it (none is told apart from one it may not read)."""
    appeal = session.get(Appeal, (session.require_tenant(), appeal_id))
    if appeal is None or not can_read(subject, appeal):
        raise NotFound("没有这个申诉", field="id")
    return appeal


def can_read(subject: Subject, appeal: Appeal) -> bool:
    if subject.can(p.APPEAL_HANDLE.code):
        return True
    if subject.can(p.APPEAL_WRITE.code) and appeal.unit_id in own_units(subject):
        return True
    return is_handler(subject, appeal)


def is_handler(subject: Subject, appeal: Appeal) -> bool:
    """Whether the subject answers for the appeal's handler."""
    return (
        bool(appeal.handler)
        and subject.can(p.SCORE_WRITE.code)
        and appeal.handler in subject.scope.scorer_codes
    )


def route_appeal(
    session: JixiaoSession, subject: Subject, appeal_id: uuid.UUID, handler: str, note: str = ""
) -> Appeal:
    """The office routes the appeal to a scorer or monitoring department (待答复)."""
    _office(subject)
    appeal = _locked(session, subject, appeal_id)
    _expect(appeal, "分派", S.ROUTING, S.ANSWERING)
    code = handler.strip()
    found = scorers.named(session, [code]).get(code)
    if found is None or found.kind is scorers.ScorerKind.UNKNOWN:
        raise NotFound(f"没有评分人或实施监控职能部门「{code}」", field="handler")
    if appeal.line_kind is LineKind.INDICATOR:
        scheme, _ = engine_rules(session, appeal.scheme_code)
        leaf = next((x for x in scheme.leaves() if x.code == appeal.line_key), None)
        if leaf is not None and leaf.scorers and code not in leaf.scorers:
            named = "、".join(leaf.scorers)
            raise InvalidInput(
                f"「{found.name}」不是指标「{leaf.name}」的评分人（评分人：{named}）",
                field="handler",
            )
    before = appeal.state
    appeal.handler, appeal.handler_name = code, found.name[:200]
    appeal.route_note = note.strip()[:1000]
    appeal.routed_at, appeal.routed_by = utcnow(), name_of(subject)
    appeal.state = S.ANSWERING
    _save(session, subject, appeal, "appeal.route", before)
    people.tell_handler(session, appeal)
    people.tell_unit(
        session,
        appeal,
        f"route:{code}",
        f"申诉已转{found.name}答复",
        f"您对「{appeal.line_label}」的申诉已由考评办转{found.name}答复。",
    )
    return appeal


def answer_appeal(
    session: JixiaoSession, subject: Subject, appeal_id: uuid.UUID, answer: str
) -> Appeal:
    """The handler answers (待裁定); the office is told to decide."""
    appeal = _locked(session, subject, appeal_id)
    if not is_handler(subject, appeal):
        raise Forbidden("只有考评办指定的评分人或职能部门可以答复该申诉", field="id")
    _expect(appeal, "答复", S.ANSWERING)
    before = appeal.state
    appeal.answer = _text(answer, "答复意见", "answer")
    appeal.answered_at, appeal.answered_by = utcnow(), name_of(subject)
    appeal.state = S.DECIDING
    _save(session, subject, appeal, "appeal.answer", before)
    people.tell_office(session, appeal, "answer", "已答复，待裁定")
    return appeal


def withdraw_appeal(session: JixiaoSession, subject: Subject, appeal_id: uuid.UUID) -> Appeal:
    """The unit takes its appeal back before the decision (已撤回)."""
    appeal = _locked(session, subject, appeal_id)
    if not subject.can(p.APPEAL_WRITE.code) or appeal.unit_id not in own_units(subject):
        raise Forbidden("只有提出申诉的单位可以撤回申诉", field="id")
    _expect(appeal, "撤回", S.ROUTING, S.ANSWERING, S.DECIDING)
    before = appeal.state
    appeal.state, appeal.withdrawn_at, appeal.open_line = S.WITHDRAWN, utcnow(), None
    _save(session, subject, appeal, "appeal.withdraw", before)
    people.tell_office(session, appeal, "withdraw", "已撤回")
    return appeal


def _office(subject: Subject) -> None:
    if not subject.can(p.APPEAL_HANDLE.code):
        raise Forbidden("只有考评办可以处理申诉")


def _locked(session: JixiaoSession, subject: Subject, appeal_id: uuid.UUID) -> Appeal:
    readable_appeal(session, subject, appeal_id)
    appeal = session.get(Appeal, (session.require_tenant(), appeal_id), with_for_update=True)
    assert appeal is not None
    return appeal


def _expect(appeal: Appeal, step: str, *states: AppealState) -> None:
    if appeal.state not in states:
        allowed = "、".join(s.label for s in states)
        raise Conflict(
            f"申诉当前{appeal.state.label}，不能{step}（{allowed}的申诉才可以{step}）",
            field="id",
        )


def _save(
    session: JixiaoSession, subject: Subject, appeal: Appeal, action: str, before: AppealState
) -> None:
    session.add(appeal)
    session.flush()
    _audit(session, subject, appeal, action, before)


def _audit(
    session: JixiaoSession,
    subject: Subject,
    appeal: Appeal,
    action: str,
    before: AppealState | None,
    reason: str | None = None,
) -> None:
    record(
        session,
        actor=subject,
        action=action,
        target_type="appeal",
        target_id=appeal.id,
        before=None if before is None else {"state": before.value},
        after={
            "state": appeal.state.value,
            "scheme": appeal.scheme_code,
            "period": appeal.period,
            "unit": appeal.unit_code,
            "line": f"{appeal.line_kind.value}:{appeal.line_key}",
            **({"handler": appeal.handler} if appeal.handler else {}),
            **({"corrected_run": appeal.corrected_run_id} if appeal.corrected_run_id else {}),
        },
        reason=reason,
    )


def attachable_appeal(session: JixiaoSession, subject: Subject, appeal_id: uuid.UUID) -> Appeal:
    """An open appeal of the subject's unit: the unit adds its evidence files (申诉材料)."""
    appeal = readable_appeal(session, subject, appeal_id)
    if not subject.can(p.APPEAL_WRITE.code) or appeal.unit_id not in own_units(subject):
        raise Forbidden("只有提出申诉的单位可以上传申诉材料", field="id")
    if not appeal.state.open:
        raise Conflict(f"申诉{appeal.state.label}，不能再上传材料", field="id")
    return appeal
