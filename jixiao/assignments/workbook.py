"""Excel import of task decomposition: one row per (unit, leaf indicator).

Columns: 单位代码, 指标代码 (required), 目标值, 目标说明, 完成时限, and for each period of the
scheme `<period>节点` (text) and `<period>节点值` (value). Every row is checked first; one
wrong row refuses the whole workbook (nothing is kept), naming each row and column.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jixiao.assignments.models import Assignment
from jixiao.assignments.queries import tasks_with_codes
from jixiao.assignments.service import (
    AssignmentDraft,
    Milestone,
    applies,
    assign_one,
)
from jixiao.org.queries import unit_ids_by_code
from jixiao.org.sheets import (
    WorkbookInvalid,
    add_notes,
    cell_number,
    new_sheet,
    number,
    read_rows,
    text,
    to_base64,
)
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.lookup import indicators_by_code, membership
from jixiao.schemes.models import Indicator, Scheme

SHEET = "任务分解"
REQUIRED = ("单位代码", "指标代码")
NOTES = (
    "每行一项任务：一个考评对象的一个末级指标。",
    "单位代码、指标代码必填；目标值、节点值为数字；完成时限为日期，如 2025-12-20。",
    "每个考评期间两列：<期间>节点（进度要求）和 <期间>节点值（进度数值，督查红黄绿灯按此衡量）。",
    "已有的任务按单位代码 + 指标代码更新；任一行有错，整个工作簿不导入。",
)


def headers_of(periods: list[str]) -> list[str]:
    headers = [*REQUIRED, "目标值", "目标说明", "完成时限"]
    return headers + [f"{p}{suffix}" for p in periods for suffix in ("节点", "节点值")]


def export_assignments(session: JixiaoSession, scheme_id: uuid.UUID, *, template: bool) -> str:
    """The scheme's assignments as the import reads them (base64 .xlsx), or the empty
    template with the scheme's period columns; what it writes imports unchanged."""
    scheme = session.get(Scheme, (session.require_tenant(), scheme_id))
    if scheme is None:
        raise NotFound("没有这个考评方案", field="schemeId")
    periods = list(scheme.periods)
    headers = headers_of(periods)
    workbook, sheet = new_sheet(SHEET, headers, [12, 10, 10, 30, 12] + [16, 10] * len(periods))
    add_notes(workbook, NOTES)
    if template:
        return to_base64(workbook)
    for assignment, unit_code, indicator_code in tasks_with_codes(session, scheme.id):
        line: list[Any] = [
            unit_code,
            indicator_code,
            cell_number(assignment.target_value),
            assignment.target_text,
            assignment.deadline,
        ]
        for period in periods:
            milestone = assignment.milestones.get(period) or {}
            value = milestone.get("value")
            line += [
                milestone.get("text") or None,
                cell_number(Decimal(str(value))) if value not in (None, "") else None,
            ]
        sheet.append(line)
    return to_base64(workbook)


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
    headers = headers_of(periods)
    members = membership(session, scheme.id)
    units = unit_ids_by_code(session)
    leaves = indicators_by_code(session, scheme.id)
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
