"""The office's decision on an answered appeal (待裁定).

- Rejected (已维持原结果): the decision's reason goes back to the unit.
- Upheld (已更正): in the one transaction of the decision, the original entry is changed
  through its own audited correction path with the appeal as its reason: an indicator's score
  by `correct_score` (the corrected values are the decision's), an adjustment withdrawn by
  `remove_adjustment`, a rating re-entered beforehand by its rater (the handler) through
  `enterRatings`. The appeal's period is then recomputed and the new run reviewed, approved and
  published by the deciding office as a new revision (the appeal is the authority for skipping
  the leadership's separate approval; every step is in the audit log); the revision published
  before is superseded. During a 公示 the new run takes the place of the run in 公示 instead
  (`jixiao.scoring.runs.publicity.replace`). Every unit whose figures changed, and the
  appealing unit, is told. A correction that changes no figure is refused: such an appeal is
  rejected instead. Other periods the corrected entry feeds (a quarter's score feeds the year)
  recompute as drafts after the commit, as every correction does, for the office to publish.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jixiao.appeals import people
from jixiao.appeals.models import Appeal, AppealState, LineKind
from jixiao.appeals.service import _audit, _expect, _locked, _office, _text, name_of
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.storage import FileStore
from jixiao.scoring.entry import corrections, others
from jixiao.scoring.entry.rules import ScoreInput
from jixiao.scoring.runs import publicity
from jixiao.scoring.runs import service as runs
from jixiao.scoring.runs.lookup import pointer_of
from jixiao.scoring.runs.models import ResultRun, ResultUnit, RunStatus
from jixiao.scoring.runs.queries import run_units

S = AppealState
# What a unit reads of its result: a change in any of these is a change for that unit.
_SEEN = ("total", "rank", "overall_rank", "grade", "bonus", "deductions", "components")


@dataclass(frozen=True)
class Correction:
    """The corrected values of an indicator's score (the fields its method reads)."""

    entry: ScoreInput
    scorer: str | None = None


def decide_appeal(
    session: JixiaoSession,
    subject: Subject,
    appeal_id: uuid.UUID,
    *,
    upheld: bool,
    note: str,
    correction: Correction | None = None,
    store: FileStore | None = None,
) -> Appeal:
    """Reject or uphold an answered appeal (see the module's docstring)."""
    _office(subject)
    appeal = _locked(session, subject, appeal_id)
    _expect(appeal, "裁定", S.DECIDING)
    text = _text(note, "裁定意见", "note")
    before = appeal.state
    if upheld:
        _uphold(session, subject, appeal, text, correction, store)
    else:
        appeal.state = S.REJECTED
    appeal.decision_note = text
    appeal.decided_at, appeal.decided_by = utcnow(), name_of(subject)
    appeal.open_line = None
    session.add(appeal)
    session.flush()
    _audit(
        session, subject, appeal, "appeal.decide", before, reason=f"申诉 {appeal.id}：{text}"[:500]
    )
    if upheld:
        people.tell_unit(
            session,
            appeal,
            "upheld",
            f"申诉已更正：{appeal.line_label}",
            f"您对「{appeal.line_label}」的申诉经考评办裁定予以更正，结果已重新计算并公布。"
            f"裁定意见：{text}",
        )
    else:
        people.tell_unit(
            session,
            appeal,
            "rejected",
            f"申诉维持原结果：{appeal.line_label}",
            f"您对「{appeal.line_label}」的申诉经考评办裁定维持原结果。理由：{text}",
        )
    return appeal


def _uphold(
    session: JixiaoSession,
    subject: Subject,
    appeal: Appeal,
    text: str,
    correction: Correction | None,
    store: FileStore | None,
) -> None:
    reason = f"申诉 {appeal.id}：{text}"
    if appeal.line_kind is LineKind.INDICATOR:
        if correction is None:
            raise InvalidInput("更正指标得分须填写更正后的评分", field="correction")
        entry = correction.entry
        wanted = ScoreInput(
            unit=appeal.unit_code,
            indicator=appeal.line_key,
            value=entry.value,
            actual=entry.actual,
            met=entry.met,
            incidents=entry.incidents,
            rank=entry.rank,
            reason=entry.reason or text,
        )
        corrections.correct_score(
            session,
            subject,
            appeal.scheme_code,
            appeal.line_period,
            wanted,
            scorer=correction.scorer,
            reason=reason,
        )
    elif appeal.line_kind is LineKind.ADJUSTMENT:
        others.remove_adjustment(session, subject, uuid.UUID(appeal.line_key), store)
    published = _published(session, appeal)
    run = runs.compute_run(session, appeal.scheme_code, appeal.period, actor=subject).run
    if published is not None and run.id == published.id:
        raise Conflict(
            "更正后考评结果没有变化：如申诉不成立请裁定维持原结果"
            + ("；评价得分须先由评分人重新录入" if appeal.line_kind is LineKind.RATING else ""),
            field="correction",
        )
    _republish(session, subject, run)
    appeal.state, appeal.corrected_run_id = S.UPHELD, run.id
    _tell_affected(session, appeal, published, run)


def _published(session: JixiaoSession, appeal: Appeal) -> ResultRun | None:
    """The run units see now: the one in 公示, else the published one."""
    pointer = pointer_of(session, appeal.scheme_id, runs.parse_period(appeal.period))
    shown = None if pointer is None else pointer.publicity_run_id or pointer.published_run_id
    return None if shown is None else runs.get_run(session, shown)


def _republish(session: JixiaoSession, subject: Subject, run: ResultRun) -> None:
    """Take the recomputed run through the remaining steps to publication, or into the place
    of the run in 公示 for the rest of its 公示 (applied before the result is final)."""
    if run.status is RunStatus.DRAFT:
        runs.review_run(session, run.id, actor=subject)
    if run.status is RunStatus.REVIEWED:
        runs.approve_run(session, run.id, actor=subject)
    if publicity.in_publicity(session, run.scheme_id, run.period) is not None:
        publicity.replace(session, run, actor=subject)
    else:
        runs.publish_run(session, run.id, actor=subject)


def _tell_affected(
    session: JixiaoSession, appeal: Appeal, before: ResultRun | None, after: ResultRun
) -> None:
    """Tell every unit whose figures the republished revision changed."""
    old = _rows(session, before.id) if before else {}
    changed = {appeal.unit_id}
    for code, row in _rows(session, after.id).items():
        previous = old.get(code)
        if row.unit_id is not None and (
            previous is None or any(getattr(row, f) != getattr(previous, f) for f in _SEEN)
        ):
            changed.add(row.unit_id)
    label = runs.PERIOD_LABELS.get(appeal.period, appeal.period)
    people.tell_units(
        session,
        changed,
        f"appeal:{appeal.id}:republish",
        title=f"考评结果已更正：{after.scheme_name} {label}",
        body=f"因{appeal.unit_name}的申诉经裁定予以更正，{label}考评结果已重新计算并公布，"
        "本单位的得分或排名有变化，请登录查看。",
        target_id=after.id,
    )


def _rows(session: JixiaoSession, run_id: uuid.UUID) -> dict[str, ResultUnit]:
    return {row.unit_code: row for row in run_units(session, run_id)}
