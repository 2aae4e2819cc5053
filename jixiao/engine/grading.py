"""Ranking (DOMAIN.md §4.4) and base grades by ratio or threshold (§4.5)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from jixiao.engine.model import Group, RatioGrading
from jixiao.engine.numbers import plain, show


def competition_ranks(totals: Mapping[str, Decimal]) -> dict[str, int]:
    """Rank = 1 + number of units with a strictly higher total (1, 2, 2, 4)."""
    first_position: dict[Decimal, int] = {}
    for position, total in enumerate(sorted(totals.values(), reverse=True), start=1):
        first_position.setdefault(total, position)
    return {unit: first_position[total] for unit, total in totals.items()}


def ratio_quotas(seats: int, ratio: Sequence[Decimal]) -> list[int]:
    """Seats per grade by the largest-remainder method; equal remainders favour the better grade."""
    whole = sum((Fraction(part) for part in ratio), Fraction(0))
    exact = [Fraction(seats) * Fraction(part) / whole for part in ratio]
    quotas = [math.floor(share) for share in exact]
    left = seats - sum(quotas)
    by_remainder = sorted(range(len(ratio)), key=lambda k: (-(exact[k] - quotas[k]), k))
    for k in by_remainder[:left]:
        quotas[k] += 1
    return quotas


@dataclass(frozen=True, slots=True)
class BaseGrade:
    """The grade a unit earns by its total, before penalties, and why."""

    index: int
    reason: str


def base_grades(
    group: Group, totals: Mapping[str, Decimal], ranks: Mapping[str, int]
) -> dict[str, BaseGrade]:
    """Base grade of each unit of a group from its rounded total."""
    grades: dict[str, BaseGrade] = {}
    fail_index = group.grade_index(group.fail_grade) if group.fail_grade is not None else None
    eligible: list[str] = []
    for unit, total in totals.items():
        if fail_index is not None and group.fail_below is not None and total < group.fail_below:
            reason = (
                f"总分{show(total)}低于{show(group.fail_below)}分，评为{group.fail_grade}"
                "（不占比例名额）"
            )
            grades[unit] = BaseGrade(fail_index, reason)
        else:
            eligible.append(unit)
    grading = group.grading
    if isinstance(grading, RatioGrading):
        grades.update(_by_ratio(group, grading, eligible, totals, ranks))
        return grades
    for unit in eligible:
        total = totals[unit]
        for band in grading.bands:
            if total >= band.min:
                index = group.grade_index(band.grade)
                reason = f"总分{show(total)}达到{band.grade}线{show(band.min)}分，评为{band.grade}"
                break
        else:
            index = fail_index if fail_index is not None else len(group.grades) - 1
            reason = f"总分{show(total)}未达到任何等次线，评为{group.grades[index].name}"
        grades[unit] = BaseGrade(index, reason)
    return grades


def _by_ratio(
    group: Group,
    grading: RatioGrading,
    eligible: list[str],
    totals: Mapping[str, Decimal],
    ranks: Mapping[str, int],
) -> dict[str, BaseGrade]:
    ordered = sorted(eligible, key=lambda unit: (-totals[unit], unit))
    quotas = ratio_quotas(len(ordered), grading.ratio)
    ratio_text = ":".join(plain(part) for part in grading.ratio)
    quota_text = "/".join(str(q) for q in quotas)
    grade_of_position: list[int] = []
    for index, quota in enumerate(quotas):
        grade_of_position.extend([index] * quota)
    result: dict[str, BaseGrade] = {}
    run_grade = 0
    previous: Decimal | None = None
    for position, unit in enumerate(ordered):
        total = totals[unit]
        tied = total == previous
        if not tied:
            run_grade = grade_of_position[position]
        previous = total
        name = group.grades[run_grade].name
        reason = (
            f"组内第{ranks[unit]}名（总分{show(total)}），按梯度比例{ratio_text}"
            f"（{len(ordered)}个单位，名额{quota_text}）评为{name}"
        )
        if tied and run_grade != grade_of_position[position]:
            reason += "（与前一名同分，取较好的等次）"
        result[unit] = BaseGrade(run_grade, reason)
    return result
