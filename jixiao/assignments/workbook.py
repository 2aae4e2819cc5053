"""Excel import of task decomposition: one row per (unit, leaf indicator).

Columns: 单位代码, 指标代码 (required), 目标值, 目标说明, 完成时限, and for each period of the
scheme `<period>节点` (text) and `<period>节点值` (value). Every row is checked first; one
wrong row refuses the whole workbook (nothing is kept), naming each row and column.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlmodel import select

from jixiao.assignments.models import Assignment
from jixiao.assignments.service import (
    AssignmentDraft,
    Milestone,
    applies,
    assign_one,
    membership,
)
from jixiao.org.models import Unit
from jixiao.org.sheets import WorkbookInvalid, number, read_rows, text
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.models import Indicator, Scheme

SHEET = "任务分解"
REQUIRED = ("单位代码", "指标代码")


def _deadline(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    return date.fromisoformat(raw) if raw else None


def import_assignments(
    session: JixiaoSession, scheme_id: uuid.UUID, content: bytes, *, actor: Subject
) -> list[Assignment]:
    """Create or change the assignments the workbook lists (all rows or none)."""
    scheme = session.get(Scheme, (session.require_tenant(), scheme_id))
    if scheme is None:
        raise NotFound("没有这个考评方案", field="schemeId")
    periods = list(scheme.periods)
    headers = [*REQUIRED, "目标值", "目标说明", "完成时限"]
    headers += [f"{p}{suffix}" for p in periods for suffix in ("节点", "节点值")]
    members = membership(session, scheme.id)
    units = {u.code: u.id for u in session.exec(select(Unit)).all()}
    leaves = {
        i.code: i
        for i in session.exec(select(Indicator).where(Indicator.scheme_id == scheme.id)).all()
    }
    problems: list[str] = []
    planned: list[tuple[Indicator, uuid.UUID, AssignmentDraft]] = []
    for row, values in read_rows(content, SHEET, headers, REQUIRED):
        before = len(problems)

        def bad(column: str, message: str, row: int = row) -> None:
            problems.append(f"第{row}行 {column}：{message}")

        unit_code, leaf_code = text(values.get("单位代码")), text(values.get("指标代码"))
        unit_id = units.get(unit_code)
        leaf = leaves.get(leaf_code)
        if unit_id is None or unit_id not in members or not actor.scope.sees_unit(unit_id):
            bad("单位代码", f"「{unit_code}」不是该方案的考评对象")
        if leaf is None or not leaf.is_leaf:
            bad("指标代码", f"「{leaf_code}」不是该方案的末级指标")
        elif unit_id in members and not applies(leaf, *members[unit_id]):
            bad("指标代码", f"指标「{leaf.name}」不适用于「{unit_code}」")
        try:
            target = number(values.get("目标值"))
        except ValueError:
            bad("目标值", "不是数字")
        try:
            deadline = _deadline(values.get("完成时限"))
        except ValueError:
            bad("完成时限", "应为日期，如 2025-12-20")
        milestones = []
        for period in periods:
            try:
                value = number(values.get(f"{period}节点值"))
            except ValueError:
                bad(f"{period}节点值", "不是数字")
                continue
            note = text(values.get(f"{period}节点"))
            if note or value is not None:
                milestones.append(Milestone(period, note[:500], value))
        if len(problems) == before and leaf is not None and unit_id is not None:
            draft = AssignmentDraft(
                target_value=target,
                target_text=text(values.get("目标说明"))[:1000],
                deadline=deadline,
                milestones=milestones,
            )
            planned.append((leaf, unit_id, draft))
    if problems:
        raise WorkbookInvalid(problems)
    if not planned:
        raise WorkbookInvalid(["工作簿中没有任务分解的行"])
    return [assign_one(session, leaf, unit, draft, actor) for leaf, unit, draft in planned]
