"""What an entry must carry for each scoring method (DOMAIN.md §4.1), checked at entry.

Messages name the unit and the indicator, so that a rejected row or column is easy to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.engine.indicators import EntryError, tally_scores
from jixiao.engine.model import Leaf, Method, ScoreEntry, Unit
from jixiao.engine.numbers import publish

ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoreInput:
    """One cell of an entry; which value counts depends on the indicator's method."""

    unit: str
    indicator: str
    value: Decimal | None = None
    actual: Decimal | None = None
    met: bool | None = None
    incidents: int | None = None
    rank: int | None = None
    reason: str | None = None


def check_entry(unit: Unit, leaf: Leaf, period: str, entry: ScoreInput) -> list[str]:
    """The problems of one entry (empty when it may be saved)."""
    where = f"「{unit.name}」的「{leaf.name}」"
    method = leaf.method
    if method is Method.MANUAL:
        return _manual(where, leaf.available(period), entry)
    if method in (Method.RATIO, Method.LINEAR):
        if entry.actual is None:
            return [f"{where}须填写实际完成值"]
        if not entry.actual.is_finite() or entry.actual < ZERO:
            return [f"{where}的实际完成值 {entry.actual} 无效，不能为负数"]
    elif method is Method.PASS_FAIL and entry.met is None:
        return [f"{where}须填写是否完成"]
    elif method is Method.DEDUCTION and (entry.incidents is None or entry.incidents < 0):
        return [f"{where}须填写扣分次数（不小于 0 的整数）"]
    elif method is Method.RANK and (entry.rank is None or entry.rank < 1):
        return [f"{where}须填写名次（不小于 1 的整数）"]
    return []


def check_met(unit: Unit, leaf: Leaf, entry: ScoreInput) -> list[str]:
    """A binding indicator's entry says whether it was met (达标), whatever its method.

    The engine refuses a binding entry without `met`, and one not met fails the indicator for
    the year (DOMAIN.md §4.2). Pass/fail entries say it as their value (see `check_entry`).
    """
    if not leaf.binding or leaf.method is Method.PASS_FAIL or entry.met is not None:
        return []
    return [f"「{unit.name}」的「{leaf.name}」是约束性指标，须选择是否达标"]


def entry_points(leaf: Leaf, period: str, entry: ScoreInput) -> Decimal | None:
    """The points one stored entry gives in the period, as the engine scores and shows it.

    A binding indicator marked not met gives 0 (the engine's binding rule); None when the
    entry lacks what its method reads.
    """
    if leaf.binding and entry.met is False:
        return publish(ZERO)
    # The engine reads only the field of the leaf's method.
    scored = ScoreEntry(
        entry.unit,
        leaf.code,
        period,
        None,
        entry.value,
        entry.actual,
        entry.met,
        entry.incidents,
        entry.rank,
    )
    try:
        tally = tally_scores((leaf,), (scored,), (period,))
    except EntryError:
        return None
    score = tally.score(entry.unit, leaf.code, period)
    return None if score is None else publish(score)


def check_points(where: str, available: Decimal, value: Decimal | None) -> list[str]:
    """A value in points (a manual score, a unit's self-assessment) lies in [0, available]."""
    if value is None:
        return [f"{where}须填写分值"]
    if not value.is_finite() or value < ZERO or value > available:
        return [f"{where}的分值 {value} 超出可得分范围 0～{_plain(available)}"]
    return []


def _manual(where: str, available: Decimal, entry: ScoreInput) -> list[str]:
    value = entry.value
    issues = check_points(where, available, value)
    if issues or value is None:
        return issues
    if value < available and not (entry.reason or "").strip():
        return [f"{where}得分 {value} 低于满分 {_plain(available)}，须填写扣分理由"]
    return []


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def kept(leaf: Leaf, entry: ScoreInput) -> dict[str, object]:
    """The stored fields of an entry: only what its method reads (and `met` when binding)."""
    values: dict[str, object] = {
        "value": None,
        "actual": None,
        "met": entry.met if leaf.binding or leaf.method is Method.PASS_FAIL else None,
        "incidents": None,
        "rank": None,
    }
    if leaf.method is Method.MANUAL:
        values["value"] = entry.value
    elif leaf.method in (Method.RATIO, Method.LINEAR):
        values["actual"] = entry.actual
    elif leaf.method is Method.DEDUCTION:
        values["incidents"] = entry.incidents
    elif leaf.method is Method.RANK:
        values["rank"] = entry.rank
    return values
