"""A new year's scheme copied from another (e.g. last year's) as a starting point, its last
places filled from the source's published annual result: above score entry, whose city items
(`scoring.entry.city_items`) it fills."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from jixiao.assignments.models import Assignment
from jixiao.assignments.queries import assignments_of
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.schemes import service
from jixiao.schemes.document import load_parts
from jixiao.schemes.models import Indicator, Scheme, SchemeComponent, SchemeGroup, SchemeUnit
from jixiao.scoring.entry import city_items


def copy_scheme(
    session: JixiaoSession,
    source_code: str,
    settings: service.SchemeSettings,
    *,
    actor: Subject,
) -> Scheme:
    """A new draft copied from another scheme (e.g. last year's) as a starting point.

    Copied: the settings, components, groups with their grading, the member units with their
    group and headcount, the indicator tree (评分标准 and 佐证要求 included) and the task
    decomposition (each unit's targets, milestones and scorers; a deadline moves by the years
    between the two schemes). Not copied: any data (scores, ratings, adjustments, city items,
    reports, inspections, awards), the periods' deadlines and closings (that year's dates,
    set on the periods page), revisions and results. Last year's last places are filled from
    the source's published annual result when there is one (`city_items.fill_from`).
    """
    source = service.get_scheme(session, source_code, field="sourceCode")
    clean = service.check_settings(settings)
    if service.find_scheme(session, clean.code) is not None:
        raise Conflict(f"方案代码「{clean.code}」已被使用", field="code")
    parts = load_parts(session, source)
    copy = Scheme(
        code=clean.code,
        name=clean.name,
        year=clean.year,
        periods=list(source.periods),
        bonus_cap=source.bonus_cap,
        key_project_bottom=source.key_project_bottom,
        source=f"复制自 {source.code}",
        copied_from_id=source.id,
    )
    session.add(copy)
    session.flush()
    for component in parts.components:
        session.add(SchemeComponent(**_fields(component), scheme_id=copy.id))
    groups: dict[uuid.UUID, uuid.UUID] = {}
    for group in parts.groups:
        clone = SchemeGroup(**_fields(group), scheme_id=copy.id)
        groups[group.id] = clone.id
        session.add(clone)
    session.flush()
    for member, _unit in parts.members:
        values = _fields(member) | {"group_id": groups[member.group_id]}
        session.add(SchemeUnit(**values, scheme_id=copy.id))
    nodes: dict[uuid.UUID, uuid.UUID] = {}
    for node, _depth in parts.walk():
        parent = nodes[node.parent_id] if node.parent_id else None
        clone_node = Indicator(**_fields(node), scheme_id=copy.id, parent_id=parent)
        nodes[node.id] = clone_node.id
        session.add(clone_node)
        session.flush()
    tasks = _copy_assignments(session, source, copy, nodes, actor)
    try:
        last = city_items.fill_from(session, actor, copy, source)
    except InvalidInput:  # the rules copied do not validate: the office fills them in later
        last = None
    after = {"from": source.code, "code": copy.code, "assignments": tasks}
    if last is not None:
        after["previous_from_run"] = str(last.run.id)
    service.audit(session, copy, "scheme.copy", actor, after=after)
    return copy


def _copy_assignments(
    session: JixiaoSession,
    source: Scheme,
    copy: Scheme,
    nodes: dict[uuid.UUID, uuid.UUID],
    actor: Subject,
) -> int:
    """The source's task decomposition on the copy's leaves; returns how many."""
    years = copy.year - source.year
    rows = assignments_of(session, source.id)
    for row in rows:
        session.add(
            Assignment(
                scheme_id=copy.id,
                indicator_id=nodes[row.indicator_id],
                unit_id=row.unit_id,
                target_value=row.target_value,
                target_text=row.target_text,
                deadline=_years_later(row.deadline, years),
                milestones=dict(row.milestones),
                scorers=list(row.scorers),
                created_by=actor.display_name or actor.username,
            )
        )
    session.flush()
    return len(rows)


def _years_later(day: date | None, years: int) -> date | None:
    """The same day `years` later (29 February becomes the 28th in a common year)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _fields(row: Any) -> dict[str, Any]:
    """A row's values without its identity, to build a copy (with a new id)."""
    skip = {"tenant_id", "id", "scheme_id", "parent_id"}
    return {k: v for k, v in row.model_dump().items() if k not in skip}
