"""Task decomposition (任务分解): leaf indicators of a scheme given to units.

Services never commit; callers own the transaction. Every change is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jixiao.assignments.models import Assignment
from jixiao.assignments.queries import assignments_page, task_cells, task_of
from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page
from jixiao.schemes import periods, scorers
from jixiao.schemes.lookup import leaves_of, membership
from jixiao.schemes.models import Indicator, SchemeGroup


@dataclass(frozen=True)
class Milestone:
    period: str
    text: str
    value: Decimal | None = None


@dataclass(frozen=True)
class AssignmentDraft:
    """What the office sets for a unit; scorers default to the leaf's."""

    target_value: Decimal | None = None
    target_text: str = ""
    deadline: date | None = None
    milestones: list[Milestone] = field(default_factory=list)
    scorers: list[str] | None = None


def applies(indicator: Indicator, unit_code: str, group_code: str) -> bool:
    """Whether a leaf indicator applies to a unit of a group (codes, as the tree names them)."""
    return indicator.applies_all or (
        group_code in indicator.applies_groups or unit_code in indicator.applies_units
    )


def _leaf(session: JixiaoSession, indicator_id: uuid.UUID) -> Indicator:
    indicator = session.get(Indicator, (session.require_tenant(), indicator_id))
    if indicator is None:
        raise NotFound("没有这个指标", field="indicatorId")
    if not indicator.is_leaf:
        raise InvalidInput(f"「{indicator.name}」不是末级指标，不能分解到单位", field="indicatorId")
    return indicator


def _check(
    session: JixiaoSession, draft: AssignmentDraft, indicator: Indicator, periods: list[str]
) -> None:
    for milestone in draft.milestones:
        if milestone.period not in periods:
            raise InvalidInput(f"考评周期「{milestone.period}」不在方案中", field="milestones")
    strangers = [code for code in draft.scorers or [] if code not in indicator.scorers]
    if strangers:
        names = scorers.named(session, strangers)
        shown = "、".join(f"「{names[code].name}」" for code in strangers if code in names)
        raise InvalidInput(
            f"{shown or '（空）'}不是指标「{indicator.name}」的评分主体", field="scorers"
        )


def assign_one(
    session: JixiaoSession,
    indicator: Indicator,
    unit_id: uuid.UUID,
    draft: AssignmentDraft,
    actor: Subject,
) -> Assignment:
    found = task_of(session, indicator.id, unit_id)
    row = found or Assignment(
        scheme_id=indicator.scheme_id, indicator_id=indicator.id, unit_id=unit_id
    )
    before = None if found is None else {"target_text": found.target_text}
    row.target_value = draft.target_value
    row.target_text = draft.target_text
    row.deadline = draft.deadline
    row.milestones = {
        m.period: {"text": m.text, "value": None if m.value is None else str(m.value)}
        for m in draft.milestones
    }
    row.scorers = list(indicator.scorers if draft.scorers is None else draft.scorers)
    row.created_by = row.created_by or actor.display_name or actor.username
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="assignment.update" if found else "assignment.create",
        target_type="assignment",
        target_id=row.id,
        before=before,
        after={
            "indicator": indicator.code,
            "unit_id": str(unit_id),
            "target_text": row.target_text,
        },
    )
    return row


def assign(
    session: JixiaoSession,
    indicator_id: uuid.UUID,
    unit_ids: list[uuid.UUID],
    draft: AssignmentDraft,
    *,
    actor: Subject,
) -> list[Assignment]:
    """Give one leaf indicator to units (created, or changed when already given)."""
    indicator = _leaf(session, indicator_id)
    scheme = periods.require_open(session, indicator.scheme_id, None, what="分解任务")
    _check(session, draft, indicator, scheme.periods)
    members = membership(session, scheme.id)
    if not unit_ids:
        raise InvalidInput("请选择至少一个考评对象", field="unitIds")
    done = []
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id not in members or not actor.scope.sees_unit(unit_id):
            raise InvalidInput("所选单位不在该方案的考评对象中", field="unitIds")
        if not applies(indicator, *members[unit_id]):
            raise InvalidInput(f"指标「{indicator.name}」不适用于所选单位", field="unitIds")
        done.append(assign_one(session, indicator, unit_id, draft, actor))
    return done


def assign_group(
    session: JixiaoSession, group_id: uuid.UUID, *, actor: Subject
) -> list[Assignment]:
    """Give every applicable leaf of the group's scheme to each unit of the group (targets
    from the leaf; existing assignments are kept as they are)."""
    group = session.get(SchemeGroup, (session.require_tenant(), group_id))
    if group is None:
        raise NotFound("没有这个考评分组", field="groupId")
    periods.require_open(session, group.scheme_id, None, what="分解任务")
    members = {
        unit: codes
        for unit, codes in membership(session, group.scheme_id).items()
        if codes[1] == group.code and actor.scope.sees_unit(unit)
    }
    taken = task_cells(session, group.scheme_id)
    leaves = leaves_of(session, group.scheme_id)
    done = []
    for leaf in leaves:
        for unit_id, codes in members.items():
            if (leaf.id, unit_id) not in taken and applies(leaf, *codes):
                draft = AssignmentDraft(target_value=leaf.target, target_text=leaf.criteria[:1000])
                done.append(assign_one(session, leaf, unit_id, draft, actor))
    return done


def list_assignments(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Assignment]:
    """The assignments the subject may see, in id order."""
    return assignments_page(
        session, subject, scheme_id=scheme_id, unit_id=unit_id, first=first, after=after
    )
