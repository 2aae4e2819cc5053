"""Penalties in the order of DOMAIN.md §4.6, and the performance bonus of §4.8."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.engine.model import Group, Unit
from jixiao.engine.numbers import ZERO, plain, publish, show, snap
from jixiao.engine.results import Flag


def key_project_bottom(averages: Mapping[str, Decimal], bottom: int) -> frozenset[str]:
    """Units at or below the `bottom`-th lowest key-project average (ties at the edge included)."""
    if bottom <= 0 or not averages:
        return frozenset()
    ordered = sorted(snap(average) for average in averages.values())
    edge = ordered[min(bottom, len(ordered)) - 1]
    return frozenset(unit for unit, average in averages.items() if snap(average) <= edge)


@dataclass(frozen=True, slots=True)
class PenaltyFacts:
    """What the penalty rules need to know about one unit."""

    failed_binding: tuple[str, ...] = ()
    key_project_average: Decimal | None = None
    key_project_bottom: bool = False
    bottom_size: int = 0
    city_items_last: tuple[str, ...] = ()
    last_in_group: bool = False
    rank: int = 1
    previous_last: bool = False


@dataclass(slots=True)
class Settlement:
    """Grade and flags after the penalties, with their reasons."""

    grade: int | None
    flags: set[Flag] = field(default_factory=set)
    explain: list[str] = field(default_factory=list)


def settle(group: Group, base_index: int, facts: PenaltyFacts) -> Settlement:
    """Apply downgrades, city items, no_award, the fail grade and last place, in that order."""
    outcome = Settlement(grade=base_index)
    fail_index = group.grade_index(group.fail_grade) if group.fail_grade is not None else None
    steps = 0
    for name in facts.failed_binding:
        outcome.explain.append(f"约束性指标{name}未完成：该项各期记0分，降一个等次并取消评优资格")
    if facts.failed_binding:
        outcome.flags |= {Flag.BINDING_FAILED, Flag.NO_AWARD}
        steps += 1
    if facts.key_project_bottom and facts.key_project_average is not None:
        outcome.flags.add(Flag.KEY_PROJECT_BOTTOM)
        outcome.explain.append(
            f"重点项目平均得分率{show(facts.key_project_average)}%，"
            f"列全部单位后{facts.bottom_size}名：降一个等次"
        )
        steps += 1
    if steps:
        outcome.grade = _downgrade(group, base_index, steps, fail_index, outcome.explain)
    if facts.city_items_last:
        outcome.flags |= {Flag.NO_AWARD, Flag.HEAD_NOT_ELIGIBLE}
        items = "、".join(f"“{item}”" for item in facts.city_items_last)
        line = f"市级考评项目{items}三区排名末位：取消评优资格，主要负责人不得评先"
        if len(facts.city_items_last) >= 2:
            outcome.flags.add(Flag.PUBLIC_EXPLANATION)
            line += f"；{len(facts.city_items_last)}项末位，须公开说明"
        outcome.explain.append(line)
    if Flag.NO_AWARD in outcome.flags and outcome.grade is not None:
        _withdraw_award(group, outcome, fail_index)
    if fail_index is not None and outcome.grade == fail_index:
        outcome.flags |= {Flag.NO_BONUS, Flag.ACCOUNTABILITY}
        outcome.explain.append(f"评为{group.fail_grade}：不发绩效奖，并启动问责")
    if facts.last_in_group:
        outcome.flags |= {Flag.ADMONISHMENT, Flag.PUBLIC_EXPLANATION}
        outcome.explain.append(f"组内排名末位（第{facts.rank}名）：诫勉谈话，并公开说明")
        if facts.previous_last:
            outcome.flags.add(Flag.ORGANIZATIONAL_HANDLING)
            outcome.explain.append("上年度也是组内末位，连续末位：组织处理")
    return outcome


def _downgrade(
    group: Group, index: int, steps: int, fail_index: int | None, explain: list[str]
) -> int:
    old = group.grades[index].name
    if index == fail_index:
        explain.append(f"已是{old}，不再降等")
        return index
    ladder = [k for k in range(len(group.grades)) if k != fail_index]
    position = ladder.index(index)
    new = ladder[min(position + steps, len(ladder) - 1)]
    if new == index:
        explain.append(
            f"应降{steps}个等次，已是最低等次{old}（不降入{group.fail_grade or '不达标'}）"
        )
    else:
        explain.append(f"降{steps}个等次：{old} → {group.grades[new].name}")
    return new


def _withdraw_award(group: Group, outcome: Settlement, fail_index: int | None) -> None:
    assert outcome.grade is not None
    current = group.grades[outcome.grade]
    if not current.award:
        return
    replacement = next(
        (k for k, grade in enumerate(group.grades) if not grade.award and k != fail_index), None
    )
    outcome.grade = replacement
    target = "无等次" if replacement is None else group.grades[replacement].name
    outcome.explain.append(f"取消评优资格：{current.name} → {target}")


def bonus_amount(
    group: Group, unit: Unit, grade: int | None, flags: set[Flag], explain: list[str]
) -> Decimal | None:
    """base_per_head × headcount × coefficient[grade]; 0 without bonus, grade or coefficient."""
    setting = group.bonus
    if setting is None:
        return None
    if Flag.NO_BONUS in flags:
        return ZERO
    if grade is None:
        explain.append("无等次：绩效奖为0")
        return ZERO
    name = group.grades[grade].name
    coefficient = setting.coefficients.get(name)
    if coefficient is None:
        explain.append(f"等次“{name}”没有绩效奖系数：绩效奖为0")
        return ZERO
    amount = setting.base_per_head * unit.headcount * coefficient
    explain.append(
        f"绩效奖 = {plain(setting.base_per_head)}元 × {unit.headcount}人 × {plain(coefficient)}"
        f"（{name}）= {publish(amount)}元"
    )
    return amount
