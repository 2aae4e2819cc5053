"""Score entry: the workbench, bulk entry (drafts), submission, and the office's reopening.

Entries are drafts (`draft`) until submitted; a submitted entry (`recorded`, as imported
entries are) is locked for the period until the office reopens it (score:reopen, audited).
Every change schedules the debounced recompute of the affected results after the commit.
The caller commits.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.assignments.models import ProgressReport
from jixiao.assignments.queries import cell_reports, evidence_counts
from jixiao.audit.service import record
from jixiao.engine.model import Leaf, Unit
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.schemes.lookup import indicators_by_code
from jixiao.scoring.entry import follow
from jixiao.scoring.entry.context import SchemePeriod, load
from jixiao.scoring.entry.rules import ScoreInput, check_entry, check_met, entry_points, kept
from jixiao.scoring.entry.scope import entry_scorer, sees_cell
from jixiao.scoring.entry.self_assessment import self_scores
from jixiao.scoring.models import DataSource, Score, ScoreStatus
from jixiao.scoring.queries import next_seq

STATUS_LABELS = {ScoreStatus.DRAFT: "草稿", ScoreStatus.RECORDED: "已提交"}


@dataclass(frozen=True)
class Cell:
    """A (unit, indicator) cell of a scorer's workbench for one period."""

    position: int
    unit: Unit
    unit_id: uuid.UUID
    leaf: Leaf
    available: Decimal
    scorer: str | None  # the scorer code this subject enters as (None: view only)
    score: Score | None
    # The unit's latest progress report of this indicator and period (verified or not) and
    # how many evidence files it has.
    progress: ProgressReport | None = None
    evidence_count: int = 0
    # The indicator's 评分标准 and 佐证材料要求, shown beside the cell.
    criteria: str = ""
    evidence: str = ""
    period: str = ""
    # The unit's own score (自评) given with its report: shown with the gap, never computed.
    self_score: Decimal | None = None

    @property
    def points(self) -> Decimal | None:
        """The points the stored entry gives in the period (None without one)."""
        row = self.score
        if row is None or not self.period:
            return None
        entry = ScoreInput(
            self.unit.code,
            self.leaf.code,
            value=row.value,
            actual=row.actual,
            met=row.met,
            incidents=row.incidents,
            rank=row.rank,
        )
        return entry_points(self.leaf, self.period, entry)


@dataclass
class Workbench:
    scheme_code: str
    period: str
    cells: list[Cell] = field(default_factory=list)


def workbench(session: JixiaoSession, subject: Subject, scheme_code: str, period: str) -> Workbench:
    """The units × indicators this subject may score this period, with current entries."""
    ctx = load(session, scheme_code, period)
    bench = Workbench(scheme_code, period)
    position = 0
    for unit in ctx.scheme.units:
        unit_id = ctx.unit_ids.get(unit.code)
        for leaf in ctx.scheme.leaves():
            position += 1
            available = leaf.available(period)
            if unit_id is None or not available or not leaf.applies_to.covers(unit):
                continue
            if not sees_cell(subject, unit_id, leaf):
                continue
            scorer = entry_scorer(subject, leaf) if subject.can(p.SCORE_WRITE.code) else None
            key = (unit_id, ctx.indicator_ids[leaf.code], scorer or "")
            bench.cells.append(
                Cell(position, unit, unit_id, leaf, available, scorer, ctx.scores.get(key))
            )
    bench = _with_texts(session, _with_progress(session, bench, ctx), ctx)
    return _with_self_scores(session, bench, ctx)


def _with_self_scores(session: JixiaoSession, bench: Workbench, ctx: SchemePeriod) -> Workbench:
    """Each cell with the unit's self-assessment of the indicator (one query)."""
    found = self_scores(session, ctx.scheme_id, ctx.period, (c.unit_id for c in bench.cells))
    for index, cell in enumerate(bench.cells):
        value = found.get((cell.unit_id, ctx.indicator_ids[cell.leaf.code]))
        if value is not None:
            bench.cells[index] = dataclasses.replace(cell, self_score=value)
    return bench


def _with_texts(session: JixiaoSession, bench: Workbench, ctx: SchemePeriod) -> Workbench:
    """Each cell with its indicator's criteria and evidence requirements (one query)."""
    texts = {
        code: (indicator.criteria, indicator.evidence)
        for code, indicator in indicators_by_code(session, ctx.scheme_id).items()
    }
    for index, cell in enumerate(bench.cells):
        criteria, evidence = texts.get(cell.leaf.code, ("", ""))
        bench.cells[index] = dataclasses.replace(
            cell, criteria=criteria, evidence=evidence, period=ctx.period
        )
    return bench


def _with_progress(session: JixiaoSession, bench: Workbench, ctx: SchemePeriod) -> Workbench:
    """Each cell with its unit's latest progress report and its evidence count (two queries)."""
    if not bench.cells:
        return bench
    codes = {indicator_id: code for code, indicator_id in ctx.indicator_ids.items()}
    unit_ids = sorted({cell.unit_id for cell in bench.cells})
    reports = cell_reports(session, ctx.period, unit_ids, list(codes))
    latest = {(r.unit_id, codes.get(r.indicator_id)): r for r in reports}  # newest version wins
    counts = evidence_counts(session, [r.id for r in latest.values()])
    for index, cell in enumerate(bench.cells):
        report = latest.get((cell.unit_id, cell.leaf.code))
        if report is not None:
            bench.cells[index] = dataclasses.replace(
                cell, progress=report, evidence_count=int(counts.get(report.id, 0))
            )
    return bench


def enter_scores(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    period: str,
    entries: list[ScoreInput],
    *,
    submit: bool = False,
) -> list[Score]:
    """Enter a whole row or column at once; all or nothing. Drafts unless `submit`."""
    if not entries:
        raise InvalidInput("没有要保存的评分", field="entries")
    ctx = load(session, scheme_code, period)
    periods.require_open(session, ctx.scheme_id, period, what="评分")
    issues: list[str] = []
    planned: list[tuple[ScoreInput, uuid.UUID, uuid.UUID, Leaf, str]] = []
    for entry in entries:
        found = _cell(ctx, subject, entry)
        if isinstance(found, str):
            issues.append(found)
            continue
        unit, unit_id, leaf, scorer = found
        issues.extend(check_entry(unit, leaf, period, entry))
        issues.extend(check_met(unit, leaf, entry))
        planned.append((entry, unit_id, ctx.indicator_ids[leaf.code], leaf, scorer))
    if issues:
        raise InvalidInput("；".join(issues), field="entries")
    seq = next_seq(session, Score, ctx.scheme_id)
    saved: list[Score] = []
    changes: list[dict[str, object]] = []
    status = ScoreStatus.RECORDED if submit else ScoreStatus.DRAFT
    for entry, unit_id, indicator_id, leaf, scorer in planned:
        row = ctx.scores.get((unit_id, indicator_id, scorer))
        before = row.audited() if row else None
        if row is None:
            row = Score(
                scheme_id=ctx.scheme_id,
                unit_id=unit_id,
                indicator_id=indicator_id,
                period=period,
                scorer=scorer,
                seq=seq,
            )
            seq += 1
            ctx.scores[(unit_id, indicator_id, scorer)] = row
        elif row.status is ScoreStatus.RECORDED:
            raise Conflict(
                f"「{entry.unit}」的「{leaf.name}」{period} 评分已提交，须考评办退回后才能修改",
                field="entries",
            )
        _apply(row, leaf, entry)
        row.reason = (entry.reason or "").strip()[:500]
        row.status = status
        row.source = DataSource.ENTRY
        row.entered_at = utcnow()
        row.entered_by = (subject.display_name or subject.username or "")[:100] or None
        session.add(row)
        saved.append(row)
        change: dict[str, object] = {"unit": entry.unit, "indicator": leaf.code}
        change |= {"scorer": scorer, "before": before, "after": row.audited()}
        changes.append(change | {"reason": entry.reason})
    session.flush()
    record(
        session,
        actor=subject,
        action="score.submit" if submit else "score.enter",
        target_type="scheme",
        target_id=ctx.scheme_id,
        after={"scheme": scheme_code, "period": period, "entries": changes},
    )
    follow.schedule(session, scheme_code, period)
    return saved


def submit_scores(
    session: JixiaoSession, subject: Subject, scheme_code: str, period: str
) -> list[Score]:
    """Submit every draft this subject may score in the period: they lock until reopened."""
    periods.require_open_by_code(session, scheme_code, period, what="提交评分")
    bench = workbench(session, subject, scheme_code, period)
    drafts = [
        c.score
        for c in bench.cells
        if c.score is not None and c.scorer is not None and c.score.status is ScoreStatus.DRAFT
    ]
    if not drafts:
        raise InvalidInput("本周期没有待提交的评分草稿", field="period")
    for row in drafts:
        row.status = ScoreStatus.RECORDED
        session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="score.submit",
        target_type="scheme",
        target_id=drafts[0].scheme_id,
        after={"scheme": scheme_code, "period": period, "submitted": len(drafts)},
    )
    # The status is not an input of the results: nothing to recompute.
    return drafts


def reopen_scores(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    period: str,
    *,
    units: list[str],
    indicators: list[str],
    reason: str,
) -> list[Score]:
    """The office returns submitted entries to draft (退回), for some units and/or indicators."""
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以退回已提交的评分")
    if not reason.strip():
        raise InvalidInput("退回评分须填写原因", field="reason")
    ctx = load(session, scheme_code, period)
    periods.require_open(session, ctx.scheme_id, period, what="退回评分")
    unit_ids = {ctx.unit_ids[c] for c in units if c in ctx.unit_ids}
    indicator_ids = {ctx.indicator_ids[c] for c in indicators if c in ctx.indicator_ids}
    rows = [
        row
        for (unit_id, indicator_id, _), row in sorted(ctx.scores.items(), key=lambda i: i[1].seq)
        if row.status is ScoreStatus.RECORDED
        and (not units or unit_id in unit_ids)
        and (not indicators or indicator_id in indicator_ids)
    ]
    if not rows:
        raise InvalidInput("没有符合条件的已提交评分", field="units")
    for row in rows:
        row.status = ScoreStatus.DRAFT
        session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="score.reopen",
        target_type="scheme",
        target_id=ctx.scheme_id,
        after={
            "scheme": scheme_code,
            "period": period,
            "units": units,
            "indicators": indicators,
            "reopened": len(rows),
        },
        reason=reason,
    )
    return rows


def _cell(
    ctx: SchemePeriod, subject: Subject, entry: ScoreInput
) -> tuple[Unit, uuid.UUID, Leaf, str] | str:
    unit, leaf = ctx.unit(entry.unit), ctx.leaf(entry.indicator)
    unit_id = ctx.unit_ids.get(entry.unit)
    if unit is None or unit_id is None:
        return f"方案中没有考评对象「{entry.unit}」"
    if leaf is None:
        return f"方案中没有末级指标「{entry.indicator}」"
    if not leaf.applies_to.covers(unit) or not leaf.available(ctx.period):
        return f"指标「{leaf.name}」在 {ctx.period} 不适用于「{unit.name}」"
    scorer = entry_scorer(subject, leaf)
    if scorer is None or not sees_cell(subject, unit_id, leaf):
        raise Forbidden(f"您无权为「{unit.name}」的「{leaf.name}」赋分", field="entries")
    return unit, unit_id, leaf, scorer


def _apply(row: Score, leaf: Leaf, entry: ScoreInput) -> None:
    for name, value in kept(leaf, entry).items():
        setattr(row, name, value)
