"""One unit's result as Excel (单位考评结果): its figures, each indicator line of the run and the
score entries behind each line with the scorer by name, as the unit's result page shows them,
for any run the viewer may read and only for a unit its scope shows. Audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jixiao.audit.export import record_export
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.spreadsheet import (
    FOUR_PLACES,
    INTEGER,
    TWO_PLACES,
    Column,
    ExportFile,
    Sheet,
    export_file,
)
from jixiao.schemes.scorers import named
from jixiao.scoring.models import Score
from jixiao.scoring.runs.export import CENT, grade_text
from jixiao.scoring.runs.models import Period, ResultLine
from jixiao.scoring.runs.queries import lines_of, rankings
from jixiao.scoring.runs.scope import ResultScope
from jixiao.scoring.runs.service import PERIOD_LABELS, STATUS_LABELS
from jixiao.scoring.runs.sources import score_entries

LINE_STATUS = {"scored": "已评分", "missing": "缺少得分", "binding_failed": "约束性指标未完成"}


def _period(value: str) -> str:
    return PERIOD_LABELS.get(value, PERIOD_LABELS.get(value.upper(), value))


@dataclass(frozen=True)
class Entry:
    """A score entry with its line and the scorer's name."""

    line: ResultLine
    score: Score
    scorer: str | None


LINE_COLUMNS = (
    Column("指标代码", lambda r: r.indicator_code, 10),
    Column("指标", lambda r: r.indicator_name, 30),
    Column("考评期", lambda r: _period(r.period), 10),
    Column("可得分", lambda r: r.available, 10, FOUR_PLACES),
    Column("得分", lambda r: r.score, 10, FOUR_PLACES),
    Column("原始得分", lambda r: r.raw_score, 10, FOUR_PLACES),
    Column("状态", lambda r: LINE_STATUS.get(r.status, r.status), 16),
)
ENTRY_COLUMNS = (
    Column("指标代码", lambda e: e.line.indicator_code, 10),
    Column("指标", lambda e: e.line.indicator_name, 30),
    Column("考评期", lambda e: _period(e.line.period), 10),
    Column("评分人", lambda e: e.scorer, 16),
    Column("分值", lambda e: e.score.value, 10, TWO_PLACES),
    Column("扣分原因", lambda e: e.score.reason or None, 30),
    Column("实际值", lambda e: e.score.actual, 12),
    Column("是否完成", lambda e: e.score.met, 8),
    Column("事件数", lambda e: e.score.incidents, 8, INTEGER),
    Column("来源名次", lambda e: e.score.rank, 8, INTEGER),
    Column("录入人", lambda e: e.score.entered_by, 14),
    Column("录入时间", lambda e: e.score.entered_at, 20),
)


def export_unit_result(
    session: JixiaoSession,
    scope: ResultScope,
    actor: Subject,
    scheme_code: str,
    unit_code: str,
    period: Period,
    run_id: uuid.UUID | None = None,
) -> ExportFile:
    """The unit's result in the run the viewer reads (the one named, else the one shown) as
    an .xlsx file; recorded as `result.export`."""
    found = rankings(session, scope, scheme_code, period, run_id=run_id)
    row = next((u for u in found.units if u.unit_code == unit_code), None) if found else None
    if found is None or row is None:
        raise NotFound(f"没有您可以导出的考评对象「{unit_code}」的结果", field="unitCode")
    run = found.run.run
    lines = lines_of(session, [(run.id, unit_code)])[0]
    keys = [(run.scheme_id, unit_code, line.indicator_code, line.period) for line in lines]
    scores = score_entries(session, keys)
    names = named(session, (s.scorer for found_scores in scores.values() for s in found_scores))
    entries = [
        Entry(line, score, names[score.scorer].name if score.scorer else None)
        for line, key in zip(lines, keys, strict=True)
        for score in scores[key]
    ]
    notes = [
        f"考评对象：{row.unit_name}（{row.group_name}）",
        f"考评方案：{run.scheme_name}；考评期：{_period(run.period)}；"
        f"结果状态：{STATUS_LABELS[run.status]}",
        f"总分：{row.total.quantize(CENT)}；组内名次：{row.rank}；总分排名：{row.overall_rank}"
        + (f"；等次：{grade_text(row)}" if run.period == Period.ANNUAL else ""),
        *row.explain,
    ]
    exported = export_file(
        f"{row.unit_name}-{_period(run.period)}考评结果",
        [Sheet("指标得分", LINE_COLUMNS, lines), Sheet("评分明细", ENTRY_COLUMNS, entries)],
        tenant_zone(session),
        utcnow(),
        notes,
        rows=len(lines),
    )
    record_export(
        session,
        actor,
        "result.export",
        target_type="result_run",
        target_id=str(run.id),
        details={"scheme": scheme_code, "period": run.period.value, "unit": unit_code},
        rows=len(lines),
    )
    return exported
