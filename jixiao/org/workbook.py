"""The units sheet (考评对象名录): template, export and import, links included."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.audit.service import record
from jixiao.identity.queries import user_ids_by_username
from jixiao.org import queries as org_queries
from jixiao.org import service
from jixiao.org.models import UNIT_KIND_LABELS, Unit, UnitKind, UnitLinkRole
from jixiao.org.sheets import (
    WorkbookInvalid,
    add_notes,
    flag,
    new_sheet,
    read_rows,
    split_list,
    text,
    to_base64,
    yes_no,
)
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError

SHEET = "考评对象"
LINK_COLUMNS = {
    UnitLinkRole.REPORTER: "填报员",
    UnitLinkRole.HEAD: "单位负责人",
    UnitLinkRole.LEADER: "分管领导",
    UnitLinkRole.CONTACT: "联系领导",
}
HEADERS = ("代码", "名称", "类型", "人数", "实施监控职能部门", "状态", *LINK_COLUMNS.values())
REQUIRED = ("代码", "名称", "类型")
WIDTHS = (18, 28, 10, 8, 18, 8, 24, 24, 24, 24)
_KINDS = {label: kind for kind, label in UNIT_KIND_LABELS.items()} | {k.value: k for k in UnitKind}
NOTES = (
    "每行一个考评对象；代码在本单位内唯一，导入时按代码新增或更新。",
    "类型：部门、镇、街道。实施监控职能部门：是/否（只有部门可以为“是”）。",
    "状态：启用/停用（留空为启用）。人数用于计算绩效奖金。",
    "填报员、单位负责人、分管领导、联系领导：填用户名，多个用“、”分隔；留空表示不关联。",
    "导入全部成功或全部不生效：任一行有错误时不做任何修改，并列出每处错误的行和列。",
)


def units_template() -> str:
    """The empty units sheet with its instructions, as base64 .xlsx."""
    workbook, _sheet = new_sheet(SHEET, HEADERS, WIDTHS)
    add_notes(workbook, NOTES)
    return to_base64(workbook)


def export_units(session: JixiaoSession) -> str:
    """Every unit of the tenant with its links, as base64 .xlsx."""
    workbook, sheet = new_sheet(SHEET, HEADERS, WIDTHS)
    units = org_queries.all_units(session)
    links = org_queries.links_of(session, [unit.id for unit in units])
    for unit in units:
        by_role: dict[UnitLinkRole, list[str]] = {role: [] for role in LINK_COLUMNS}
        for link, user in links[unit.id]:
            by_role[link.role].append(user.username)
        sheet.append(
            [
                unit.code,
                unit.name,
                UNIT_KIND_LABELS[unit.kind],
                unit.headcount,
                yes_no(unit.monitoring),
                "启用" if unit.active else "停用",
                *("、".join(by_role[role]) for role in LINK_COLUMNS),
            ]
        )
    add_notes(workbook, NOTES)
    return to_base64(workbook)


@dataclass(frozen=True)
class UnitsImported:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class _Row:
    number: int
    fields: service.UnitFields
    active: bool
    links: dict[UnitLinkRole, list[str]]


def import_units(session: JixiaoSession, content: bytes, *, actor: Subject) -> UnitsImported:
    """Add or update the units of a sheet and set their links; all rows or none."""
    rows, problems = _read(session, content)
    if problems:
        raise WorkbookInvalid(problems)
    existing = {unit.code: unit for unit in org_queries.all_units(session)}
    created = updated = unchanged = 0
    for row in rows:
        unit = existing.get(row.fields.code)
        try:
            if unit is None:
                unit = service.create_unit(session, row.fields, actor=actor)
                service.set_active(session, unit, row.active, actor=actor)
                created += 1
            else:
                before = service.unit_snapshot(unit)
                service.update_unit(session, unit, row.fields, actor=actor)
                service.set_active(session, unit, row.active, actor=actor)
                changed = service.unit_snapshot(unit) != before
                updated, unchanged = updated + changed, unchanged + (not changed)
            _links(session, unit, row, actor)
        except DomainError as error:
            raise WorkbookInvalid([f"第{row.number}行：{error.message}"]) from None
    record(
        session,
        actor=actor,
        action="unit.import",
        target_type="unit",
        after={"created": created, "updated": updated, "unchanged": unchanged},
    )
    return UnitsImported(created, updated, unchanged)


def _links(session: JixiaoSession, unit: Unit, row: _Row, actor: Subject) -> None:
    ids = user_ids_by_username(session, [name for names in row.links.values() for name in names])
    for role, names in row.links.items():
        service.set_links(session, unit, role, [ids[name] for name in names], actor=actor)


def _read(session: JixiaoSession, content: bytes) -> tuple[list[_Row], list[str]]:
    problems: list[str] = []
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    raw_rows = read_rows(content, SHEET, HEADERS, REQUIRED)
    usernames = {
        name
        for _n, values in raw_rows
        for col in LINK_COLUMNS.values()
        for name in split_list(values.get(col))
    }
    known = user_ids_by_username(session, usernames)
    for number, values in raw_rows:
        before = len(problems)

        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(f"第{number}行 {column}：{message}")

        code, name = text(values.get("代码")), text(values.get("名称"))
        if not code:
            bad("代码", "不能为空")
        elif code in seen:
            bad("代码", f"「{code}」与第{seen[code]}行重复")
        seen.setdefault(code, number)
        if not name:
            bad("名称", "不能为空")
        kind = _KINDS.get(text(values.get("类型")))
        if kind is None:
            bad("类型", f"「{text(values.get('类型'))}」无效，应为 部门、镇 或 街道")
        headcount = _headcount(values.get("人数"), bad)
        monitoring = _flag(values.get("实施监控职能部门"), "实施监控职能部门", bad)
        status = text(values.get("状态")) or "启用"
        if status not in ("启用", "停用"):
            bad("状态", f"「{status}」无效，应为 启用 或 停用")
        links: dict[UnitLinkRole, list[str]] = {}
        for role, column in LINK_COLUMNS.items():
            links[role] = split_list(values.get(column))
            unknown = [n for n in links[role] if n not in known]
            if unknown:
                bad(column, f"没有用户名为「{'、'.join(unknown)}」的用户")
        if len(problems) == before and kind is not None:
            fields = service.UnitFields(code, name, kind, headcount, monitoring)
            rows.append(_Row(number, fields, status == "启用", links))
    return rows, problems


def _headcount(value: Any, bad: Any) -> int:
    raw = text(value)
    if not raw:
        return 0
    if not raw.isdigit():
        bad("人数", f"「{raw}」不是非负整数")
        return 0
    return int(raw)


def _flag(value: Any, column: str, bad: Any) -> bool:
    try:
        return flag(value)
    except ValueError:
        bad(column, f"「{text(value)}」无效，应为 是 或 否")
        return False
