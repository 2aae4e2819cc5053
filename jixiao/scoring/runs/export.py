"""A run's rankings as Excel (结果排名): a sheet per group and the overall ranking, with the
columns of the portal's page, for any run the viewer may read (a draft, the run in 公示, a
published or superseded one), within the units the viewer's scope shows. Audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from jixiao.audit.export import record_export
from jixiao.engine.table import FLAG_LABELS
from jixiao.notices.clock import tenant_zone
from jixiao.org.models import UNIT_KIND_LABELS, UnitKind
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.spreadsheet import (
    INTEGER,
    MONEY,
    TWO_PLACES,
    Column,
    ExportFile,
    Sheet,
    export_file,
)
from jixiao.scoring.runs.models import Period
from jixiao.scoring.runs.queries import Ranking, UnitFigures, rankings
from jixiao.scoring.runs.scope import ResultScope
from jixiao.scoring.runs.service import PERIOD_LABELS, STATUS_LABELS

CENT = Decimal("0.01")
NO_GRADE = "未评等次"


def _two(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)


def grade_text(row: UnitFigures) -> str:
    """The grade as the page shows it: 一等奖, 二等奖 → 无 when a penalty moved it."""
    if row.base_grade is None and row.grade is None:
        return NO_GRADE
    if row.base_grade == row.grade:
        return row.grade or NO_GRADE
    return f"{row.base_grade or NO_GRADE} → {row.grade or NO_GRADE}"


def _component(code: str) -> Callable[[UnitFigures], Decimal | None]:
    def value(row: UnitFigures) -> Decimal | None:
        found = row.components.get(code)
        return None if found is None else Decimal(found).quantize(CENT)

    return value


def group_columns(found: Ranking) -> list[Column]:
    """名次, 考评对象, 总分, each component with its weight, and for the year the rest."""
    columns = [
        Column("名次", lambda r: r.rank, 6, INTEGER),
        Column("考评对象", lambda r: r.unit_name, 22),
        Column("总分", lambda r: _two(r.total), 10, TWO_PLACES),
    ]
    for component in found.run.run.components:
        header = f"{component['name']}（{component['weight']}%）"
        columns.append(Column(header, _component(component["code"]), 14, TWO_PLACES))
    if found.run.run.period == Period.ANNUAL:
        columns += [
            Column("加分", lambda r: _two(r.bonus), 8, TWO_PLACES),
            Column("扣分", lambda r: _two(r.deductions), 8, TWO_PLACES),
            Column("等次", grade_text, 14),
            Column("奖惩标记", lambda r: "、".join(FLAG_LABELS.get(f, f) for f in r.flags), 20),
            Column("绩效奖（元）", lambda r: _two(r.bonus_amount), 14, MONEY),
        ]
    return columns


def _kind(row: UnitFigures) -> str:
    return UNIT_KIND_LABELS.get(UnitKind(row.unit_kind), row.unit_kind)


def overall_columns(found: Ranking) -> list[Column]:
    """The overall ranking (总分排序): departments, then towns and subdistricts."""
    columns = [
        Column("排序类别", lambda r: "部门" if r.unit_kind == UnitKind.DEPARTMENT else "镇街", 10),
        Column("总分排名", lambda r: r.overall_rank, 10, INTEGER),
        Column("考评对象", lambda r: r.unit_name, 22),
        Column("类型", _kind, 8),
        Column("考评分组", lambda r: r.group_name, 16),
        Column("组内名次", lambda r: r.rank, 10, INTEGER),
        Column("总分", lambda r: _two(r.total), 10, TWO_PLACES),
    ]
    if found.run.run.period == Period.ANNUAL:
        columns.append(Column("等次", grade_text, 14))
    return columns


def ranking_sheets(found: Ranking) -> list[Sheet]:
    """One sheet per group in scheme order, then 总排名."""
    groups: dict[str, list[UnitFigures]] = {}
    names: dict[str, str] = {}
    for row in found.units:
        groups.setdefault(row.group_code, []).append(row)
        names[row.group_code] = row.group_name
    by_group = group_columns(found)
    sheets = [Sheet(names[code], by_group, rows) for code, rows in groups.items()]
    overall = sorted(
        found.units,
        key=lambda u: (u.unit_kind != UnitKind.DEPARTMENT, u.overall_rank, u.unit_code),
    )
    return [*sheets, Sheet("总排名", overall_columns(found), overall)]


def _notes(found: Ranking, scope: ResultScope) -> list[str]:
    run = found.run.run
    zone_free = "%Y-%m-%d %H:%M UTC"
    lines = [
        f"考评方案：{run.scheme_name}（{run.scheme_code}）",
        f"考评期：{PERIOD_LABELS.get(run.period, run.period)}",
        f"结果状态：{STATUS_LABELS[run.status]}" + ("（暂定）" if run.provisional else ""),
        f"计算时间：{run.computed_at.strftime(zone_free)}；版本：{run.inputs_version[:12]}",
    ]
    if run.published_at is not None:
        lines.append(f"公布时间：{run.published_at.strftime(zone_free)}")
    if not scope.of_run(run).every_unit:
        lines.append("仅含您有权查看的考评对象。")
    return lines


def export_rankings(
    session: JixiaoSession,
    scope: ResultScope,
    actor: Subject,
    scheme_code: str,
    period: Period,
    run_id: uuid.UUID | None = None,
) -> ExportFile:
    """The rankings of the run the viewer reads (the one named, else the one shown by default)
    as an .xlsx file; recorded as `result.export`."""
    found = rankings(session, scope, scheme_code, period, run_id=run_id)
    label = PERIOD_LABELS.get(period, period)
    if found is None:
        raise NotFound(f"考评方案「{scheme_code}」的{label}没有您可以导出的结果", field="runId")
    run = found.run.run
    exported = export_file(
        f"{run.scheme_name}-{label}结果排名",
        ranking_sheets(found),
        tenant_zone(session),
        utcnow(),
        _notes(found, scope),
        rows=len(found.units),
    )
    record_export(
        session,
        actor,
        "result.export",
        target_type="result_run",
        target_id=str(run.id),
        details={"scheme": scheme_code, "period": run.period.value, "status": run.status.value},
        rows=len(found.units),
    )
    return exported
