"""Typed model of a scheme (考评方案) and its data, as the engine reads them (DOMAIN.md §4)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

QUARTERS: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4")
ANNUAL = "annual"
INDICATORS_COMPONENT = "indicators"
# The periods in words, as people read them in explanations, tables and pages.
PERIOD_NAMES: Mapping[str, str] = {
    ANNUAL: "全年",
    "Q1": "第一季度",
    "Q2": "第二季度",
    "Q3": "第三季度",
    "Q4": "第四季度",
}


def period_name(period: str) -> str:
    """第一季度 for Q1, 全年 for annual; an unknown period as it is written."""
    return PERIOD_NAMES.get(period, period)


class UnitKind(StrEnum):
    """Kind of an appraised unit (考评对象)."""

    DEPARTMENT = "department"
    TOWN = "town"
    SUBDISTRICT = "subdistrict"

    @property
    def ranking_class(self) -> str:
        """Class used by the overall ranking: departments together, towns with subdistricts."""
        return "department" if self is UnitKind.DEPARTMENT else "township"


class Method(StrEnum):
    """Scoring method of a leaf indicator."""

    MANUAL = "manual"
    RATIO = "ratio"
    LINEAR = "linear"
    PASS_FAIL = "pass_fail"  # noqa: S105 - a method name, not a secret
    DEDUCTION = "deduction"
    RANK = "rank"


class AdjustmentKind(StrEnum):
    """Bonus (加分) or deduction (扣分) outside the components."""

    BONUS = "bonus"
    DEDUCTION = "deduction"


@dataclass(frozen=True, slots=True)
class Component:
    """A weighted source of the total (考评构成)."""

    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class Grade:
    """One grade (等次) of a group's ordered list."""

    name: str
    award: bool = False


@dataclass(frozen=True, slots=True)
class RatioGrading:
    """Gradient ratio (梯度比例) over the first len(ratio) grades."""

    ratio: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """A threshold band: the grade reached from `min` upwards."""

    grade: str
    min: Decimal


@dataclass(frozen=True, slots=True)
class ThresholdGrading:
    """Threshold bands, best first."""

    bands: tuple[Band, ...]


Grading = RatioGrading | ThresholdGrading


@dataclass(frozen=True, slots=True)
class BonusSetting:
    """Performance bonus (绩效奖) setting of a group."""

    base_per_head: Decimal
    coefficients: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class Group:
    """Units ranked and graded together (考评分组)."""

    code: str
    name: str
    grades: tuple[Grade, ...]
    grading: Grading
    fail_below: Decimal | None = None
    fail_grade: str | None = None
    bonus: BonusSetting | None = None

    def grade_index(self, name: str) -> int:
        """Position of a grade in the list (0 = best)."""
        for index, grade in enumerate(self.grades):
            if grade.name == name:
                return index
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Unit:
    """An appraised body (考评对象)."""

    code: str
    name: str
    kind: UnitKind
    group: str
    headcount: int


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """The units a leaf indicator applies to: all, or some groups and/or units."""

    all: bool = True
    groups: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    def covers(self, unit: Unit) -> bool:
        """Whether the indicator applies to this unit."""
        return self.all or unit.group in self.groups or unit.code in self.units


@dataclass(frozen=True, slots=True)
class Leaf:
    """A leaf indicator: carries points and a scoring method."""

    code: str
    name: str
    points: Decimal
    method: Method
    periods: Mapping[str, Decimal]
    applies_to: AppliesTo = field(default_factory=AppliesTo)
    target: Decimal | None = None
    floor: Decimal | None = None
    lower_is_better: bool = False
    per_incident: Decimal | None = None
    table: Mapping[int, Decimal] = field(default_factory=dict)
    key_project: bool = False
    binding: bool = False
    scorers: tuple[str, ...] = ()

    def available(self, period: str) -> Decimal:
        """Points available in a period (`points × share`), 0 where it has no share."""
        share = self.periods.get(period)
        return Decimal(0) if share is None else self.points * share


@dataclass(frozen=True, slots=True)
class Branch:
    """An inner node of the indicator tree (e.g. 一级指标 经济发展)."""

    code: str
    name: str
    children: tuple[Indicator, ...]


Indicator = Branch | Leaf


def iter_leaves(nodes: tuple[Indicator, ...]) -> Iterator[Leaf]:
    """Leaves of an indicator tree, depth first in scheme order."""
    for node in nodes:
        if isinstance(node, Leaf):
            yield node
        else:
            yield from iter_leaves(node.children)


@dataclass(frozen=True, slots=True)
class Scheme:
    """One year's appraisal plan (考评方案)."""

    code: str
    name: str
    year: int
    periods: tuple[str, ...]
    components: tuple[Component, ...]
    groups: tuple[Group, ...]
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    bonus_cap: Decimal | None = None
    key_project_bottom: int = 0

    def leaves(self) -> tuple[Leaf, ...]:
        """All leaf indicators in tree order."""
        return tuple(iter_leaves(self.indicators))

    def group(self, code: str) -> Group:
        """The group with this code."""
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)


class ScoreEntry(NamedTuple):
    """One value for (unit, indicator, period[, scorer]) (赋分).

    A named tuple rather than a dataclass: a city's data has ~700,000 of them, and a tuple is
    built from the validated columns without one Python call per entry (formats/score_columns).
    """

    unit: str
    indicator: str
    period: str
    scorer: str | None = None
    value: Decimal | None = None
    actual: Decimal | None = None
    met: bool | None = None
    incidents: int | None = None
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating or survey response for a component other than `indicators`."""

    unit: str
    component: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A bonus or deduction outside the components (加减分)."""

    unit: str
    kind: AdjustmentKind
    points: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class CityItem:
    """The upper government's ranking of one item, owned by a unit (三区末位)."""

    unit: str
    item: str
    last: bool


@dataclass(frozen=True, slots=True)
class PreviousOutcome:
    """Last year's outcome of a unit, for the consecutive-last rule."""

    unit: str
    last_in_group: bool


@dataclass(frozen=True, slots=True)
class Data:
    """Everything entered for a scheme: scores, ratings, adjustments, city items, last year.

    `scores` is a tuple, or for a data file read a column at a time `columns.ScoreColumns`
    (the same entries, built only when read one by one).
    """

    scheme: str
    scores: Sequence[ScoreEntry] = ()
    ratings: tuple[Rating, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    city_items: tuple[CityItem, ...] = ()
    previous: tuple[PreviousOutcome, ...] = ()
