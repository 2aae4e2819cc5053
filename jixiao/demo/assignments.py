"""Demo task decomposition of 金凤区 2015: a few assignments for the quarterly cycle.

The town group gets two leaves: 固定资产投资完成率 (A2, monitored and verified by 发改局, the
demo `jiankong`) and 年度职能目标完成情况 (D1, scored by hand; the demo scoring leader
`fenguan` is named among its scorers and is in charge of 良田镇 and 丰登镇). Idempotent: once
the scheme has assignments nothing changes; the scorer and the links are added only when
missing. The caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from jixiao.assignments import service
from jixiao.assignments.models import Assignment
from jixiao.identity.models import User
from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.org.queries import find_unit
from jixiao.platform.auth import DataScope, Subject
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Indicator
from jixiao.schemes.service import find_scheme

DEMO_SCHEME = "jinfeng-2015"
LEADER = "fenguan"  # the demo scoring leader (赋分领导)
LEADER_UNITS = ("liangtian", "fengdeng")
TOWNS = ("liangtian", "fengdeng", "shanghaixilu")
MONITORED_LEAF = "A2"  # scorers: fagaiju, the demo monitoring department's unit
LEADER_LEAF = "D1"  # manual: a leader scores it with a reason below full points


def seed_assignments(session: JixiaoSession, office: Subject) -> list[str]:
    """Name the leader, link their units and decompose two leaves to three towns, once."""
    scheme = find_scheme(session, DEMO_SCHEME)
    if scheme is None:
        return []
    done = _name_leader(session, scheme.id) + _link_leader(session)
    if session.exec(select(Assignment.id).where(Assignment.scheme_id == scheme.id)).first():
        return done
    actor = replace(office, scope=DataScope(every_unit=True))
    units = [unit.id for code in TOWNS if (unit := find_unit(session, code)) is not None]
    leaves = {
        leaf.code: leaf
        for leaf in session.exec(
            select(Indicator).where(
                Indicator.scheme_id == scheme.id,
                col(Indicator.code).in_([MONITORED_LEAF, LEADER_LEAF]),
            )
        ).all()
    }
    monitored, led = leaves.get(MONITORED_LEAF), leaves.get(LEADER_LEAF)
    if monitored is not None:
        service.assign(session, monitored.id, units, _investment(), actor=actor)
    if led is not None:
        service.assign(session, led.id, units, _functions(), actor=actor)
    return [*done, f"assigned {len(units)} towns"]


def _investment() -> service.AssignmentDraft:
    return service.AssignmentDraft(
        target_value=Decimal(100),
        target_text="固定资产投资完成率达到100%",
        deadline=date(2015, 12, 20),
        milestones=[
            service.Milestone("Q1", "完成年度投资的25%", Decimal(25)),
            service.Milestone("Q2", "完成年度投资的50%", Decimal(50)),
            service.Milestone("Q3", "完成年度投资的75%", Decimal(75)),
            service.Milestone("Q4", "全面完成年度投资", Decimal(100)),
        ],
    )


def _functions() -> service.AssignmentDraft:
    return service.AssignmentDraft(
        target_text="完成年度职能目标责任书确定的各项任务",
        deadline=date(2015, 12, 31),
        milestones=[
            service.Milestone("Q1", "制定年度工作方案并分解到科室"),
            service.Milestone("Q2", "完成年度任务的一半"),
        ],
    )


def _name_leader(session: JixiaoSession, scheme_id: uuid.UUID) -> list[str]:
    leaf = session.exec(
        select(Indicator).where(Indicator.scheme_id == scheme_id, Indicator.code == LEADER_LEAF)
    ).first()
    if leaf is None or LEADER in leaf.scorers:
        return []
    leaf.scorers = [*leaf.scorers, LEADER]
    session.add(leaf)
    session.flush()
    return [f"named {LEADER} a scorer of {LEADER_LEAF}"]


def _link_leader(session: JixiaoSession) -> list[str]:
    user = session.exec(select(User).where(User.username == LEADER)).first()
    if user is None:
        return []
    done = []
    for code in LEADER_UNITS:
        unit = find_unit(session, code)
        if unit is None:
            continue
        linked = session.exec(
            select(UnitLink.id).where(
                UnitLink.unit_id == unit.id,
                UnitLink.user_id == user.id,
                UnitLink.role == UnitLinkRole.LEADER,
            )
        ).first()
        if linked is None:
            session.add(UnitLink(unit_id=unit.id, user_id=user.id, role=UnitLinkRole.LEADER))
            done.append(f"linked {LEADER} to {code}")
    session.flush()
    return done
