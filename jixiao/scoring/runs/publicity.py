"""公示: an approved run shown to every unit of the tenant for N working days before it is final.

- Starting (考评办, result:publish): an approved run, the newest of its scheme and period, with no
  other run of that period in 公示, becomes `publicity` (公示中) for `publicity_days` working
  days (tenant setting; 0 = no 公示: publish directly). The 公示 ends when its last working day
  ends in the tenant's time zone (`jixiao.appeals.window.closes_at`, the appeal window's count).
  Every unit's reporters and heads are told.
- Seeing: while a run is in 公示, every user of the tenant who may read results sees its whole
  ranking, not only their own units (`jixiao.scoring.runs.queries`): the widening is tied to the
  run's status, so it ends with the 公示 and covers no other run; nothing crosses tenants.
- Objections (异议) are appeals on the run in 公示 (`jixiao.appeals`), taken until the 公示 ends.
  An appeal upheld during the 公示 is applied before the result is final: the period is
  recomputed and the corrected run takes the place of the one in 公示 for the rest of the same
  period (`replace`); the 公示 does not start again, and the units whose figures changed are
  told. An office expects the end date it announced to hold.
- Ending: when the 公示 has ended, the scheduler's daily job (`results.end_publicity`) makes the
  run the final published result; appeals still open then carry on against that same run, as
  appeals on a published result. The office may end a 公示 early only while no appeal of the
  period is open. Either way the usual publication notice goes to the scheme's units, and every
  other unit that was told of the 公示 hears that it ended. After it, the appeal window works as
  for any publication (N working days from the final publication).

A run in 公示 is read-only: it cannot be reviewed, approved or published by the other steps,
and no other run of its period can be published while it lasts. Every step is audited. The
caller commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from jixiao.appeals.window import closes_at, open_appeals
from jixiao.notices.clock import tenant_zone
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import active_unit_ids, unit_people
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict
from jixiao.platform.orm import utcnow
from jixiao.scoring.runs import service
from jixiao.scoring.runs.lookup import pointer_of
from jixiao.scoring.runs.models import ResultPointer, ResultRun, RunStatus
from jixiao.scoring.runs.repository import publicity_over
from jixiao.tenants.values import setting_number

SETTING = "publicity_days"
_ROLES = (UnitLinkRole.REPORTER, UnitLinkRole.HEAD)


def publicity_days(session: JixiaoSession) -> int:
    """The tenant's 公示 period in working days (0: results are published without 公示)."""
    return setting_number(session, SETTING)


def local(moment: datetime, session: JixiaoSession) -> str:
    """A moment as the tenant reads it (date and minute)."""
    return f"{moment.astimezone(tenant_zone(session)):%Y-%m-%d %H:%M}"


def start_publicity(session: JixiaoSession, run_id: uuid.UUID, *, actor: Subject) -> ResultRun:
    """Put an approved run in 公示 for the tenant's period; every unit is told."""
    days = publicity_days(session)
    if days <= 0:
        raise Conflict("本级未设公示期（公示期为 0 个工作日），请直接公布考评结果", field="runId")
    run = service.get_run(session, run_id, lock=True)
    _startable(session, run)
    pointer = _pointer(session, run)
    if pointer.run_id != run.id:
        raise Conflict("这次结果已有更新的计算，不能公示；请对最新的计算结果操作", field="runId")
    if pointer.publicity_run_id is not None:
        raise Conflict("本期已有考评结果在公示中，请待其公示结束后再操作", field="runId")
    now = utcnow()
    ends = closes_at(now, days, tenant_zone(session))
    assert ends is not None  # days > 0
    run.status = RunStatus.PUBLICITY
    run.publicity_started_at, run.publicity_ends_at = now, ends
    run.publicity_started_by = service._name(actor)
    pointer.publicity_run_id, pointer.updated_at = run.id, now
    session.add(pointer)
    service._save(
        session, run, RunStatus.APPROVED, "result.publicity", actor, f"公示 {days} 个工作日"
    )
    label = service.PERIOD_LABELS.get(run.period, run.period)
    _tell_all_units(
        session,
        run,
        "publicity",
        title=f"考评结果公示：{run.scheme_name} {label}",
        body=f"{run.scheme_name}{label}考评结果现予公示，公示期至 {local(ends, session)} 止"
        f"（{days} 个工作日）。公示期内可登录查看全部单位的得分和排名；"
        "对本单位结果如有异议，请在公示期内提出申诉。",
    )
    return run


def _startable(session: JixiaoSession, run: ResultRun) -> None:
    if run.status is RunStatus.PUBLICITY:
        assert run.publicity_ends_at is not None
        raise Conflict(
            f"这次结果已在公示中（{local(run.publicity_ends_at, session)} 截止）", field="runId"
        )
    if run.status.was_published:
        raise Conflict("考评结果已正式公布，不能再公示", field="runId")
    if run.status is not RunStatus.APPROVED:
        raise Conflict(
            f"考评结果当前{service.STATUS_LABELS[run.status]}，不能公示（只有已审定的结果可以公示）",
            field="runId",
        )


def _pointer(session: JixiaoSession, run: ResultRun) -> ResultPointer:
    pointer = pointer_of(session, run.scheme_id, run.period, lock=True)
    assert pointer is not None  # every stored run was pointed to when computed
    return pointer


def end_publicity(
    session: JixiaoSession, run_id: uuid.UUID, *, actor: Subject, now: datetime | None = None
) -> ResultRun:
    """Make a run in 公示 the final published result: by the office early (only with no appeal
    open) or when its 公示 has ended (the scheduler, or the office)."""
    run = service.get_run(session, run_id, lock=True)
    if run.status.was_published:
        raise Conflict("考评结果已正式公布，公示已结束", field="runId")
    if run.status is not RunStatus.PUBLICITY:
        raise Conflict("这次结果不在公示中", field="runId")
    assert run.publicity_ends_at is not None
    moment = now or utcnow()
    early = moment < run.publicity_ends_at
    if early:
        pending = open_appeals(session, run.scheme_id, run.period.value)
        if pending:
            raise Conflict(
                f"公示期内还有 {pending} 件申诉未办结，不能提前结束公示；"
                f"请办结后再结束，或待公示期满（{local(run.publicity_ends_at, session)}）"
                "自动转为正式公布",
                field="runId",
            )
    pointer = _pointer(session, run)
    how = "提前结束公示" if early else "公示期满"
    service.make_final(session, run, pointer, actor=actor, reason=f"{how}，转为正式公布")
    label = service.PERIOD_LABELS.get(run.period, run.period)
    _tell_all_units(
        session,
        run,
        "final",
        title=f"公示结束：{run.scheme_name} {label}",
        body=f"{run.scheme_name}{label}考评结果{how}，已转为正式公布。",
        skip_members=True,
    )
    return run


def end_due(session: JixiaoSession, *, actor: Subject, now: datetime | None = None) -> int:
    """End every 公示 of the tenant whose period is over (the scheduler's job; idempotent)."""
    moment = now or utcnow()
    due = publicity_over(session, moment)
    for run_id in due:
        end_publicity(session, run_id, actor=actor, now=moment)
    return len(due)


def replace(session: JixiaoSession, corrected: ResultRun, *, actor: Subject) -> ResultRun:
    """An upheld appeal's corrected (approved) run takes the place of the run in 公示, for the
    rest of the same 公示; the replaced run is superseded."""
    pointer = _pointer(session, corrected)
    assert pointer.publicity_run_id is not None
    shown = service.get_run(session, pointer.publicity_run_id, lock=True)
    now = utcnow()
    shown.status, shown.superseded_at, shown.superseded_by_run_id = (
        RunStatus.SUPERSEDED,
        now,
        corrected.id,
    )
    service._save(session, shown, RunStatus.PUBLICITY, "result.supersede", actor)
    before = corrected.status
    corrected.status = RunStatus.PUBLICITY
    corrected.publicity_started_at = shown.publicity_started_at
    corrected.publicity_started_by = shown.publicity_started_by
    corrected.publicity_ends_at = shown.publicity_ends_at
    pointer.publicity_run_id, pointer.updated_at = corrected.id, now
    session.add(pointer)
    return service._save(
        session, corrected, before, "result.publicity", actor, "申诉更正后继续公示"
    )


def in_publicity(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> ResultRun | None:
    """The run of a scheme's period in 公示 now, if any."""
    pointer = pointer_of(session, scheme_id, service.parse_period(period))
    if pointer is None or pointer.publicity_run_id is None:
        return None
    return service.get_run(session, pointer.publicity_run_id)


def _tell_all_units(
    session: JixiaoSession,
    run: ResultRun,
    step: str,
    *,
    title: str,
    body: str,
    skip_members: bool = False,
) -> None:
    """Tell the reporters and heads of every active unit of the tenant (without the scheme's
    own units when they get the publication notice instead)."""
    from jixiao.notices.workflow import tell
    from jixiao.schemes.lookup import membership

    units = active_unit_ids(session)
    if skip_members:
        units -= set(membership(session, run.scheme_id))
    tell(
        session,
        unit_people(session, units, _ROLES),
        f"result:{run.id}:{step}",
        title=title,
        body=body,
        target_type="result_run",
        target_id=run.id,
    )
