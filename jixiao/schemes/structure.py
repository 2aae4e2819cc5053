"""A draft scheme's structure: components and weights, groups with their grading rules, and
the member units with their group and headcount."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import col, delete

from jixiao.assignments.models import Assignment
from jixiao.assignments.queries import tasks_of_units, tasks_with_reports
from jixiao.org.models import Unit
from jixiao.org.queries import units_by_code
from jixiao.org.service import check_code
from jixiao.platform.auth import Subject
from jixiao.platform.columns import plain
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.schemes.lookup import indicators_of_scheme
from jixiao.schemes.models import (
    GradingMethod,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeUnit,
)
from jixiao.schemes.queries import count_rows, rows_of_scheme
from jixiao.schemes.service import audit, require_draft, touch
from jixiao.scoring import models as data_models
from jixiao.scoring.queries import component_has_ratings, has_unit_data
from jixiao.supervision.queries import tasks_with_notices


@dataclass(frozen=True)
class ComponentFields:
    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class GradeFields:
    name: str
    award: bool = False


@dataclass(frozen=True)
class BandFields:
    grade: str
    min: Decimal


@dataclass(frozen=True)
class GroupFields:
    """A group with its grade list and grading rules."""

    code: str
    name: str
    grades: Sequence[GradeFields]
    method: GradingMethod = GradingMethod.RATIO
    ratio: Sequence[Decimal] = ()
    bands: Sequence[BandFields] = ()
    fail_below: Decimal | None = None
    fail_grade: str | None = None
    bonus_base_per_head: Decimal | None = None
    bonus_coefficients: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberFields:
    """A unit in the scheme: its group and that year's headcount (None: the unit's own)."""

    unit_code: str
    group_code: str
    headcount: int | None = None


def set_components(
    session: JixiaoSession,
    scheme: Scheme,
    components: Sequence[ComponentFields],
    *,
    actor: Subject,
) -> list[SchemeComponent]:
    """Make the draft's components exactly these (by code, in this order)."""
    require_draft(scheme)
    codes = [check_code(c.code, field="components", what="构成代码") for c in components]
    if len(set(codes)) != len(codes):
        raise InvalidInput("构成代码不能重复", field="components")
    current = {c.code: c for c in rows_of_scheme(session, SchemeComponent, scheme.id)}
    before = [{"code": c.code, "name": c.name, "weight": c.weight} for c in current.values()]
    for code, gone in current.items():
        if code in codes:
            continue
        if component_has_ratings(session, gone.id):
            raise Conflict(f"构成「{gone.name}」已有评价数据，不能删除", field="components")
        session.delete(gone)
    result = []
    for position, (code, fields) in enumerate(zip(codes, components, strict=True)):
        row = current.get(code) or SchemeComponent(
            scheme_id=scheme.id, code=code, name="", weight=Decimal(0)
        )
        row.name, row.weight, row.position = fields.name.strip()[:100], fields.weight, position
        session.add(row)
        result.append(row)
    touch(session, scheme)
    after = [{"code": c.code, "name": c.name, "weight": c.weight} for c in result]
    audit(session, scheme, "scheme.components.set", actor, before, after)
    return result


def group_snapshot(group: SchemeGroup) -> dict[str, Any]:
    """The audited fields of a group."""
    snapshot: dict[str, Any] = plain(
        {
            "code": group.code,
            "name": group.name,
            "grades": group.grades,
            "method": group.grading_method.value,
            "ratio": group.ratio,
            "bands": group.bands,
            "fail_below": group.fail_below,
            "fail_grade": group.fail_grade,
            "bonus_base_per_head": group.bonus_base_per_head,
            "bonus_coefficients": group.bonus_coefficients,
        }
    )
    return snapshot


def apply_group_fields(group: SchemeGroup, fields: GroupFields) -> None:
    """Copy group fields onto a row (figures kept as exact text in JSON)."""
    group.code = check_code(fields.code, what="分组代码")
    group.name = fields.name.strip()[:100]
    group.grades = [{"name": g.name.strip(), "award": g.award} for g in fields.grades]
    group.grading_method = fields.method
    group.ratio = [str(part) for part in fields.ratio]
    group.bands = [{"grade": b.grade, "min": str(b.min)} for b in fields.bands]
    group.fail_below, group.fail_grade = fields.fail_below, fields.fail_grade or None
    group.bonus_base_per_head = fields.bonus_base_per_head
    group.bonus_coefficients = (
        {name: str(value) for name, value in fields.bonus_coefficients.items()}
        if fields.bonus_base_per_head is not None
        else None
    )


def save_group(
    session: JixiaoSession,
    scheme: Scheme,
    fields: GroupFields,
    *,
    actor: Subject,
    group_id: uuid.UUID | None = None,
) -> SchemeGroup:
    """Add a group to a draft, or change one (with its grades and grading rules)."""
    require_draft(scheme)
    groups = rows_of_scheme(session, SchemeGroup, scheme.id)
    group = next((g for g in groups if g.id == group_id), None) if group_id else None
    if group_id is not None and group is None:
        raise NotFound("方案中没有这个考评分组", field="id")
    code = fields.code.strip()
    if any(g.code == code and g is not group for g in groups):
        raise Conflict(f"分组代码「{code}」已被使用", field="code")
    before = group_snapshot(group) if group else None
    if group is None:
        group = SchemeGroup(scheme_id=scheme.id, code=code, name="", position=len(groups))
    apply_group_fields(group, fields)
    session.add(group)
    touch(session, scheme)
    action = "scheme.group.update" if before else "scheme.group.create"
    audit(session, scheme, action, actor, before, group_snapshot(group))
    return group


def delete_group(
    session: JixiaoSession, scheme: Scheme, group_id: uuid.UUID, *, actor: Subject
) -> None:
    """Remove a group without member units from a draft."""
    require_draft(scheme)
    group = session.get(SchemeGroup, (session.require_tenant(), group_id))
    if group is None or group.scheme_id != scheme.id:
        raise NotFound("方案中没有这个考评分组", field="id")
    if count_rows(session, SchemeUnit, SchemeUnit.group_id == group.id):
        raise Conflict(f"分组「{group.name}」中还有考评对象，请先调整", field="id")
    before = group_snapshot(group)
    session.delete(group)
    touch(session, scheme)
    audit(session, scheme, "scheme.group.delete", actor, before, None)


def set_members(
    session: JixiaoSession,
    scheme: Scheme,
    members: Sequence[MemberFields],
    *,
    actor: Subject,
) -> list[SchemeUnit]:
    """Make the draft's units exactly these, each in a group of the scheme."""
    require_draft(scheme)
    units = units_by_code(session)
    groups = {g.code: g for g in rows_of_scheme(session, SchemeGroup, scheme.id)}
    seen: set[str] = set()
    for index, member in enumerate(members):
        where = f"members[{index}]"
        if member.unit_code not in units:
            raise NotFound(f"没有代码为「{member.unit_code}」的考评对象", field=where)
        if member.group_code not in groups:
            raise NotFound(f"方案中没有代码为「{member.group_code}」的分组", field=where)
        if member.unit_code in seen:
            raise InvalidInput(f"考评对象「{member.unit_code}」重复", field=where)
        if member.headcount is not None and member.headcount < 0:
            raise InvalidInput("人数不能为负数", field=where)
        seen.add(member.unit_code)
    current = {m.unit_id: m for m in rows_of_scheme(session, SchemeUnit, scheme.id)}
    wanted = {units[m.unit_code].id for m in members}
    stopped = [m.unit_code for m in members if not units[m.unit_code].active]
    if any(units[code].id not in current for code in stopped):
        raise InvalidInput(f"考评对象「{'、'.join(stopped)}」已停用，不能加入方案", field="members")
    removed = [uid for uid in current if uid not in wanted]
    if removed and has_unit_data(session, scheme.id, removed):
        raise Conflict("要移出的考评对象已有评分或评价数据，不能移出", field="members")
    _leave(session, scheme, removed)
    by_id = {unit.id: unit for unit in units.values()}
    _drop_from_indicators(session, scheme, [by_id[uid] for uid in removed if uid in by_id])
    session.exec(
        delete(SchemeUnit).where(
            col(SchemeUnit.scheme_id) == scheme.id, col(SchemeUnit.unit_id).in_(removed)
        )
    )
    result = []
    for position, member in enumerate(members):
        unit = units[member.unit_code]
        row = current.get(unit.id) or SchemeUnit(
            scheme_id=scheme.id, unit_id=unit.id, group_id=groups[member.group_code].id
        )
        row.group_id, row.position = groups[member.group_code].id, position
        row.headcount = unit.headcount if member.headcount is None else member.headcount
        session.add(row)
        result.append(row)
    touch(session, scheme)
    after = [
        {"unit": m.unit_code, "group": m.group_code, "headcount": r.headcount}
        for m, r in zip(members, result, strict=True)
    ]
    audit(session, scheme, "scheme.units.set", actor, {"count": len(current)}, after)
    return result


def _leave(session: JixiaoSession, scheme: Scheme, unit_ids: Sequence[uuid.UUID]) -> None:
    """What goes with units leaving the scheme: their outcome of last year and their tasks
    (copied from last year, say), unless a task already has a report or a supervision notice."""
    if not unit_ids:
        return
    tasks = tasks_of_units(scheme.id, unit_ids)
    for kept, what in ((tasks_with_reports, "进度填报"), (tasks_with_notices, "督办通知")):
        if kept(session, tasks):
            raise Conflict(f"要移出的考评对象已有{what}，不能移出", field="members")
    for owned in (data_models.PreviousOutcome, Assignment):
        session.exec(
            delete(owned).where(col(owned.scheme_id) == scheme.id, col(owned.unit_id).in_(unit_ids))
        )


def _drop_from_indicators(session: JixiaoSession, scheme: Scheme, leaving: Sequence[Unit]) -> None:
    """A unit leaving the scheme leaves the indicators that name it among their units; an
    indicator that would then apply to nobody stops the change (its scope is the office's call)."""
    codes = {unit.code: unit.name for unit in leaving}
    if not codes:
        return
    for indicator in indicators_of_scheme(session, scheme.id):
        named = [code for code in indicator.applies_units if code in codes]
        if not named:
            continue
        kept = [code for code in indicator.applies_units if code not in codes]
        if not (indicator.applies_all or indicator.applies_groups or kept):
            names = "、".join(codes[code] for code in named)
            raise Conflict(
                f"指标「{indicator.name}」只适用于{names}：移出前请先在指标中修改其适用范围",
                field="members",
            )
        indicator.applies_units = kept
        session.add(indicator)
