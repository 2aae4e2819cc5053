"""Result runs: compute and store, review, approve, publish; the caller commits.

A run is keyed by (scheme, period, inputs' version): computing again with the same inputs
returns the same run. The pointer of a scheme and period names the newest run (switched with
every computation) and the published one (switched at publication, when the run published
before becomes `superseded`); both switch in the caller's one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from jixiao.audit.service import record
from jixiao.engine import PeriodError, compute
from jixiao.engine.collector import collector_paused
from jixiao.engine.model import PERIOD_NAMES
from jixiao.platform.auth import Subject
from jixiao.platform.bulk import write_rows
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.schemes import revision
from jixiao.scoring.runs import snapshot, sources
from jixiao.scoring.runs.lookup import pointer_of
from jixiao.scoring.runs.models import (
    Period,
    ResultLines,
    ResultPointer,
    ResultRun,
    ResultUnit,
    RunStatus,
)
from jixiao.scoring.runs.repository import newest_run_id_at_revision, run_of_inputs

STATUS_LABELS = {
    RunStatus.DRAFT: "待审核",
    RunStatus.REVIEWED: "已审核",
    RunStatus.APPROVED: "已审定",
    RunStatus.PUBLICITY: "公示中",
    RunStatus.PUBLISHED: "已公布",
    RunStatus.SUPERSEDED: "已被更新结果取代",
}
PERIOD_LABELS: Mapping[str, str] = PERIOD_NAMES  # a Period is its str value


@dataclass(frozen=True)
class Computed:
    """The run of these inputs, and whether this computation created it."""

    run: ResultRun
    created: bool


def parse_period(value: str | Period) -> Period:
    """`annual` or a quarter; anything else is an input error naming the choices."""
    try:
        return Period(value)
    except ValueError:
        choices = "、".join(p.value for p in Period)
        raise InvalidInput(f"考评周期「{value}」无效，可选：{choices}", field="period") from None


def compute_run(
    session: JixiaoSession, scheme_code: str, period: str | Period, *, actor: Subject
) -> Computed:
    """Compute a scheme's results for a period and make them the newest run (idempotent)."""
    wanted = parse_period(period)
    unchanged = _unchanged_run(session, scheme_code, wanted)
    if unchanged is not None:
        return Computed(unchanged, False)
    # Hundreds of thousands of entries, tallies and lines are built here and nothing forms a
    # cycle: the collector walking them again and again cost two thirds of building them.
    with collector_paused():
        inputs = sources.load_inputs(session, scheme_code)
        run = run_of_inputs(session, inputs.scheme_id, wanted, inputs.version)
        created = False
        if run is None:
            run, created = _store_run(session, inputs, wanted, actor)
    switched = _point_to(session, run, inputs.inputs_seq)
    if created or switched:
        record(
            session,
            actor=actor,
            action="result.compute",
            target_type="result_run",
            target_id=run.id,
            after={
                "scheme": run.scheme_code,
                "period": run.period,
                "version": run.inputs_version,
                "status": run.status,
                "created": created,
                "provisional": run.provisional,
            },
        )
    return Computed(run, created)


def _unchanged_run(session: JixiaoSession, scheme_code: str, period: Period) -> ResultRun | None:
    """The newest run when the scheme's inputs revision is the one it was computed at.

    One indexed read instead of loading and hashing the inputs. Changes not yet committed in
    this transaction have not moved the revision yet: then the inputs are read as usual.
    """
    if revision.pending(session):
        return None
    run_id = newest_run_id_at_revision(session, scheme_code, period)
    return None if run_id is None else get_run(session, run_id)


def recompute(
    session: JixiaoSession, scheme_code: str, period: str | Period, actor: Subject
) -> ResultRun:
    """The worker hook (`results.recompute`): idempotent, safe to repeat on redelivery."""
    with sources.turn(session.require_tenant(), scheme_code):
        return compute_run(session, scheme_code, period, actor=actor).run


def _store_run(
    session: JixiaoSession, inputs: sources.EngineInputs, period: Period, actor: Subject
) -> tuple[ResultRun, bool]:
    try:
        tally = sources.TALLIES.tally(session.require_tenant(), inputs, period.value)
        results = compute(inputs.scheme, inputs.data, period.value, tally=tally)
    except PeriodError as error:
        raise InvalidInput(str(error), field="period") from None
    run = ResultRun(
        scheme_id=inputs.scheme_id,
        scheme_code=inputs.scheme.code,
        scheme_name=inputs.scheme.name,
        period=period,
        inputs_version=inputs.version,
        provisional=results.provisional,
        components=[
            {"code": c.code, "name": c.name, "weight": str(c.weight)}
            for c in inputs.scheme.components
        ],
        computed_by_id=actor.user_id,
        computed_by=_name(actor),
    )
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
    except IntegrityError:
        # A concurrent computation of the same inputs stored it first: that run is ours too.
        existing = run_of_inputs(session, inputs.scheme_id, period, inputs.version)
        if existing is None:
            raise
        return existing, False
    newest = pointer_of(session, inputs.scheme_id, period)
    shared = sources.shared_lines(session, newest.run_id if newest else None, inputs.lines_keys)
    unit_table, lines_table = ResultUnit.__table__, ResultLines.__table__  # type: ignore[attr-defined]
    of_run = {"tenant_id": run.tenant_id, "run_id": run.id}
    rows = snapshot.unit_rows(inputs.scheme, results, inputs.unit_ids, inputs.lines_keys, shared)
    write_rows(session, unit_table, of_run, snapshot.UNIT_COLUMNS, rows)
    lines = snapshot.lines_rows(results, skip=shared.keys())
    write_rows(session, lines_table, of_run, snapshot.LINES_COLUMNS, lines)
    return run, True


def _point_to(session: JixiaoSession, run: ResultRun, inputs_seq: int = -1) -> bool:
    """Make `run` the newest of its scheme and period, computed from the inputs at revision
    `inputs_seq` (-1: unknown); whether the pointer moved to another run."""
    if revision.pending(session):
        inputs_seq = -1  # this transaction's own changes move the revision at its commit
    pointer = pointer_of(session, run.scheme_id, run.period, lock=True)
    if pointer is None:
        pointer = ResultPointer(
            scheme_id=run.scheme_id,
            scheme_code=run.scheme_code,
            period=run.period,
            run_id=run.id,
            inputs_seq=inputs_seq,
        )
        try:
            with session.begin_nested():
                session.add(pointer)
                session.flush()
            return True
        except IntegrityError:
            pointer = pointer_of(session, run.scheme_id, run.period, lock=True)
            if pointer is None:
                raise
    if pointer.run_id == run.id:
        if pointer.inputs_seq != inputs_seq:
            pointer.inputs_seq = inputs_seq
            session.add(pointer)
            session.flush()
        return False
    pointer.run_id = run.id
    pointer.inputs_seq = inputs_seq
    pointer.updated_at = utcnow()
    session.add(pointer)
    session.flush()
    return True


def get_run(session: JixiaoSession, run_id: uuid.UUID, *, lock: bool = False) -> ResultRun:
    """One run of the session's tenant."""
    run = session.get(
        ResultRun, (session.require_tenant(), run_id), with_for_update=True if lock else None
    )
    if run is None:
        raise NotFound("没有这次考评结果", field="runId")
    return run


def review_run(session: JixiaoSession, run_id: uuid.UUID, *, actor: Subject) -> ResultRun:
    """The office has checked a draft run (考评办审核)."""
    run = _movable(session, run_id, RunStatus.REVIEWED)
    before = run.status
    run.status, run.reviewed_at, run.reviewed_by = RunStatus.REVIEWED, utcnow(), _name(actor)
    return _save(session, run, before, "result.review", actor)


def approve_run(session: JixiaoSession, run_id: uuid.UUID, *, actor: Subject) -> ResultRun:
    """The leadership group approves a reviewed run (领导小组审定)."""
    run = _movable(session, run_id, RunStatus.APPROVED)
    before = run.status
    run.status, run.approved_at, run.approved_by = RunStatus.APPROVED, utcnow(), _name(actor)
    return _save(session, run, before, "result.approve", actor)


def publish_run(session: JixiaoSession, run_id: uuid.UUID, *, actor: Subject) -> ResultRun:
    """Publish an approved run to the units; the run published before is superseded."""
    run = _movable(session, run_id, RunStatus.PUBLISHED)
    pointer = pointer_of(session, run.scheme_id, run.period, lock=True)
    assert pointer is not None  # `_movable` checked that the run is the newest
    if pointer.publicity_run_id is not None and pointer.publicity_run_id != run.id:
        raise Conflict(
            "本期有考评结果正在公示中，不能另行公布；请待公示期满或结束公示后再操作",
            field="runId",
        )
    return make_final(session, run, pointer, actor=actor)


def make_final(
    session: JixiaoSession,
    run: ResultRun,
    pointer: ResultPointer,
    *,
    actor: Subject,
    reason: str | None = None,
) -> ResultRun:
    """Make a run (approved, or at the end of its 公示) the published result of its period and
    tell its units; the run published before is superseded. The caller checked the step."""
    previous_id = pointer.published_run_id
    if previous_id is not None and previous_id != run.id:
        previous = get_run(session, previous_id, lock=True)
        if previous.status is RunStatus.PUBLISHED:
            previous.status = RunStatus.SUPERSEDED
            previous.superseded_at = utcnow()
            previous.superseded_by_run_id = run.id
            _save(session, previous, RunStatus.PUBLISHED, "result.supersede", actor)
    before = run.status
    run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, utcnow(), _name(actor)
    run.superseded_at, run.superseded_by_run_id = None, None
    pointer.published_run_id = run.id
    if pointer.publicity_run_id == run.id:
        pointer.publicity_run_id = None
    pointer.updated_at = utcnow()
    session.add(pointer)
    saved = _save(session, run, before, "result.publish", actor, reason)
    _announce_publication(session, run)
    return saved


def _announce_publication(session: JixiaoSession, run: ResultRun) -> None:
    """Tell the reporters and heads of the scheme's units that their result is out."""
    from jixiao.notices.workflow import tell
    from jixiao.org.models import UnitLinkRole
    from jixiao.org.queries import unit_people
    from jixiao.schemes.lookup import membership
    from jixiao.schemes.models import Scheme

    scheme = session.get(Scheme, (run.tenant_id, run.scheme_id))
    label = PERIOD_LABELS.get(run.period, run.period)
    name = scheme.name if scheme else ""
    roles = (UnitLinkRole.REPORTER, UnitLinkRole.HEAD)
    users = unit_people(session, membership(session, run.scheme_id), roles)
    tell(
        session,
        users,
        f"result:{run.id}:publish",
        title=f"考评结果已公布：{name} {label}",
        body=f"{name}{label}考评结果已公布，请登录查看本单位的得分、排名和扣分原因；"
        "如有异议，请在申诉期内提出。",
        target_type="result_run",
        target_id=run.id,
    )


# Each step and the states it starts from. A superseded run may be published again when a
# computation returned to its exact inputs (it was approved and published before).
_STARTS = {
    RunStatus.REVIEWED: (RunStatus.DRAFT,),
    RunStatus.APPROVED: (RunStatus.REVIEWED,),
    RunStatus.PUBLISHED: (RunStatus.APPROVED, RunStatus.SUPERSEDED),
}
_STEP_NAMES = {
    RunStatus.REVIEWED: "审核",
    RunStatus.APPROVED: "审定",
    RunStatus.PUBLISHED: "公布",
}


def _movable(session: JixiaoSession, run_id: uuid.UUID, target: RunStatus) -> ResultRun:
    run = get_run(session, run_id, lock=True)
    step = _STEP_NAMES[target]
    if run.status is RunStatus.PUBLISHED:
        raise Conflict("考评结果已公布，不能再修改；如需更正，请重新计算后按流程审核公布")
    if run.status is RunStatus.PUBLICITY:
        raise Conflict(
            "考评结果正在公示中，不能修改；公示期满后自动转为正式公布，考评办也可提前结束公示"
        )
    if run.status not in _STARTS[target]:
        allowed = STATUS_LABELS[_STARTS[target][0]]
        raise Conflict(
            f"考评结果当前{STATUS_LABELS[run.status]}，不能{step}（只有{allowed}的结果可以{step}）"
        )
    pointer = pointer_of(session, run.scheme_id, run.period, lock=True)
    if pointer is None or pointer.run_id != run.id:
        raise Conflict(f"这次结果已有更新的计算，不能{step}；请对最新的计算结果操作")
    return run


def _save(
    session: JixiaoSession,
    run: ResultRun,
    before: RunStatus,
    action: str,
    actor: Subject,
    reason: str | None = None,
) -> ResultRun:
    session.add(run)
    session.flush()
    record(
        session,
        actor=actor,
        action=action,
        target_type="result_run",
        target_id=run.id,
        before={"status": before},
        after={
            "status": run.status,
            "scheme": run.scheme_code,
            "period": run.period,
            "version": run.inputs_version,
            **({"superseded_by": run.superseded_by_run_id} if run.superseded_by_run_id else {}),
            **(
                {"publicity_ends": run.publicity_ends_at.isoformat()}
                if run.publicity_ends_at
                else {}
            ),
        },
        reason=reason,
    )
    return run


def _name(actor: Subject) -> str | None:
    return actor.display_name or actor.username
