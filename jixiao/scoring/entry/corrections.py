"""Taking scores back and correcting them: a scorer withdraws (撤回) their own drafts, and the
office corrects (更正) a submitted score with a reason, checked with the engine's rules as at
entry. Reopening a submitted score (退回) stays `service.reopen_scores`. Audited; every change
recomputes the affected results after the commit. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.audit.service import record
from jixiao.engine.model import Leaf, Method, Unit
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.scoring.entry import follow
from jixiao.scoring.entry.context import SchemePeriod, load
from jixiao.scoring.entry.rules import ScoreInput, check_entry, kept
from jixiao.scoring.entry.scope import entry_scorer, sees_cell
from jixiao.scoring.models import DataSource, Score, ScoreStatus


@dataclass(frozen=True)
class CellRef:
    """One (unit, indicator) cell of a period, by code."""

    unit: str
    indicator: str


def _where(ctx: SchemePeriod, unit_code: str, indicator_code: str) -> tuple[Unit, Leaf]:
    unit, leaf = ctx.unit(unit_code), ctx.leaf(indicator_code)
    if unit is None or unit_code not in ctx.unit_ids:
        raise NotFound(f"方案中没有考评对象「{unit_code}」", field="unitCode")
    if leaf is None:
        raise NotFound(f"方案中没有末级指标「{indicator_code}」", field="indicatorCode")
    return unit, leaf


def withdraw_scores(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    period: str,
    cells: list[CellRef],
) -> int:
    """撤回: remove this scorer's own drafts of the cells; all or nothing. A submitted score
    is the office's to reopen first."""
    if not cells:
        raise InvalidInput("没有要撤回的评分", field="cells")
    ctx = load(session, scheme_code, period)
    rows: list[tuple[Score, str, Leaf]] = []
    for cell in cells:
        unit, leaf = _where(ctx, cell.unit, cell.indicator)
        unit_id = ctx.unit_ids[cell.unit]
        scorer = entry_scorer(subject, leaf)
        if scorer is None or not sees_cell(subject, unit_id, leaf):
            raise Forbidden(f"您无权撤回「{unit.name}」的「{leaf.name}」的评分", field="cells")
        row = ctx.scores.get((unit_id, ctx.indicator_ids[leaf.code], scorer))
        where = f"「{unit.name}」的「{leaf.name}」{period}"
        if row is None:
            raise InvalidInput(f"{where}没有您的评分草稿", field="cells")
        if row.status is ScoreStatus.RECORDED:
            raise Conflict(f"{where}评分已提交，须考评办退回后才能撤回", field="cells")
        rows.append((row, unit.code, leaf))
    for row, _, _ in rows:
        session.delete(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="score.withdraw",
        target_type="scheme",
        target_id=ctx.scheme_id,
        before={
            "scheme": scheme_code,
            "period": period,
            "entries": [
                {"unit": code, "indicator": leaf.code, "scorer": row.scorer, **row.audited()}
                for row, code, leaf in rows
            ],
        },
    )
    follow.schedule(session, scheme_code, period)
    return len(rows)


def correct_score(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    period: str,
    entry: ScoreInput,
    *,
    scorer: str | None,
    reason: str,
) -> Score:
    """更正: the office replaces a submitted score's values, with a reason (audited, kept
    submitted). `scorer` names whose entry of a manual indicator (the others have none)."""
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以更正已提交的评分")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("更正评分须填写原因", field="reason")
    ctx = load(session, scheme_code, period)
    unit, leaf = _where(ctx, entry.unit, entry.indicator)
    who = (scorer or "").strip() if leaf.method is Method.MANUAL else ""
    if leaf.method is Method.MANUAL and not who:
        raise InvalidInput(f"「{leaf.name}」由多人赋分：请指明更正哪位评分人的评分", field="scorer")
    row = ctx.scores.get((ctx.unit_ids[entry.unit], ctx.indicator_ids[leaf.code], who))
    where = f"「{unit.name}」的「{leaf.name}」{period}"
    if row is None:
        raise NotFound(f"{where}没有{'评分人 ' + who + ' 的' if who else ''}评分", field="entry")
    if row.status is not ScoreStatus.RECORDED:
        raise Conflict(f"{where}的评分还是草稿：由评分人修改后提交", field="entry")
    problems = check_entry(unit, leaf, period, entry)
    if problems:
        raise InvalidInput("；".join(problems), field="entry")
    before = row.audited()
    for name, value in kept(leaf, entry).items():
        setattr(row, name, value)
    row.reason = (entry.reason or "").strip()[:500]
    row.source = DataSource.ENTRY
    row.entered_at = utcnow()
    row.entered_by = (subject.display_name or subject.username or "")[:100] or None
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="score.correct",
        target_type="score",
        target_id=row.id,
        before={"scheme": scheme_code, "unit": unit.code, "indicator": leaf.code, **before},
        after={"period": period, "scorer": who, **row.audited()},
        reason=reason[:500],
    )
    follow.schedule(session, scheme_code, period)
    return row
