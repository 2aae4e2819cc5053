"""GraphQL inputs of schemes and their translation into the services' typed fields."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from jixiao.engine.model import QUARTERS, Method
from jixiao.graphql.schemes.parts import GradingMethod
from jixiao.schemes import structure
from jixiao.schemes.service import SchemeSettings
from jixiao.schemes.tree import IndicatorFields


@strawberry.input(description="A scheme's own settings (方案基本设置).")
class SchemeSettingsInput:
    code: str = strawberry.field(
        description="Unique in the tenant, e.g. `jinfeng-2015`; a draft's may be changed."
    )
    name: str = strawberry.field(description="As shown, e.g. 金凤区2015年绩效考评方案.")
    year: int = strawberry.field(description="The appraisal year.")
    periods: list[str] = strawberry.field(
        default_factory=lambda: list(QUARTERS),
        description="Its quarters, in order, among Q1…Q4 (default all four).",
    )
    bonus_cap: Decimal | None = strawberry.field(
        default=None, description="Most bonus points (加分) a unit's total may count; null: no cap."
    )
    key_project_bottom: int = strawberry.field(
        default=0,
        description="How many units, lowest by key-project average, lose a grade; 0 turns it off.",
    )

    def to_settings(self) -> SchemeSettings:
        return SchemeSettings(
            self.code, self.name, self.year, self.periods, self.bonus_cap, self.key_project_bottom
        )


@strawberry.input(description="A component (考评构成) and its weight.")
class ComponentInput:
    code: str = strawberry.field(
        description="Unique in the scheme; `indicators` is the indicator tree's score."
    )
    name: str = strawberry.field(description="As shown, e.g. 领导评价.")
    weight: Decimal = strawberry.field(
        description="Its percentage of the total; the weights must sum to 100."
    )


@strawberry.input(description="A grade (等次) of a group, in best-first order.")
class GradeInput:
    name: str = strawberry.field(description="As shown, e.g. 一等奖 or 优秀; unique in the group.")
    award: bool = strawberry.field(
        default=False, description="An award grade (评优), lost by units flagged no_award."
    )


@strawberry.input(description="A threshold band: the grade a rounded total earns from `min` up.")
class BandInput:
    grade: str = strawberry.field(description="Name of one of the group's grades.")
    min: Decimal = strawberry.field(
        description="Lowest rounded total (0–100) that earns the grade."
    )


@strawberry.input(description="The 绩效奖 coefficient of one grade.")
class CoefficientInput:
    grade: str = strawberry.field(description="Name of one of the group's grades.")
    coefficient: Decimal = strawberry.field(
        description="Multiplies base per head × headcount for that grade."
    )


@strawberry.input(description="A group (考评分组) with its grades and grading rules.")
class GroupInput:
    code: str = strawberry.field(description="Unique in the scheme.")
    name: str = strawberry.field(description="As shown, e.g. 镇街组.")
    grades: list[GradeInput] = strawberry.field(description="Its grades, best first.")
    grading_method: GradingMethod = strawberry.field(
        default=GradingMethod.RATIO,
        description="RATIO (梯度比例, with `ratio`) or THRESHOLD (with `bands`).",
    )
    ratio: list[Decimal] = strawberry.field(
        default_factory=list, description="RATIO: the shares of the first grades, e.g. [3, 5, 2]."
    )
    bands: list[BandInput] = strawberry.field(
        default_factory=list, description="THRESHOLD: the bands, best first."
    )
    fail_below: Decimal | None = strawberry.field(
        default=None,
        description="A total under it gets failGrade (不达标) whatever its rank; null: off.",
    )
    fail_grade: str | None = strawberry.field(
        default=None, description="The grade (of `grades`) given under failBelow; null: none."
    )
    bonus_base_per_head: Decimal | None = strawberry.field(
        default=None,
        description="绩效奖 per head (元) before the coefficient; null: no bonus amounts.",
    )
    bonus_coefficients: list[CoefficientInput] = strawberry.field(
        default_factory=list, description="绩效奖 coefficient per grade; a grade left out gets 0."
    )

    def to_fields(self) -> structure.GroupFields:
        return structure.GroupFields(
            code=self.code,
            name=self.name,
            grades=[structure.GradeFields(g.name, g.award) for g in self.grades],
            method=self.grading_method,
            ratio=list(self.ratio),
            bands=[structure.BandFields(b.grade, b.min) for b in self.bands],
            fail_below=self.fail_below,
            fail_grade=self.fail_grade,
            bonus_base_per_head=self.bonus_base_per_head,
            bonus_coefficients={c.grade: c.coefficient for c in self.bonus_coefficients},
        )


@strawberry.input(description="A unit taking part, in one of the scheme's groups.")
class MemberInput:
    unit_code: str = strawberry.field(
        description="The unit's code (it must exist in the organisation)."
    )
    group_code: str = strawberry.field(description="Code of one of the scheme's groups.")
    headcount: int | None = strawberry.field(
        default=None, description="That year's headcount; null: the unit's own."
    )


@strawberry.input(description="What share of its points a rank earns (rank method).")
class RankFactorInput:
    rank: int = strawberry.field(description="A rank, from 1.")
    factor: Decimal = strawberry.field(description="Share of the available points it earns, 0–1.")


@strawberry.input(description="The share of a leaf's points scored in one quarter.")
class PeriodShareInput:
    period: str = strawberry.field(description="One of the scheme's quarters, Q1…Q4.")
    share: Decimal = strawberry.field(
        description="Share of the points, above 0 and at most 1; the shares sum to 1."
    )


@strawberry.input(description="A node of the indicator tree: a branch, or a leaf with its method.")
class IndicatorInput:
    code: str = strawberry.field(description="Unique in the scheme, e.g. A1.")
    name: str = strawberry.field(description="As shown, e.g. 招商引资到位资金.")
    is_leaf: bool = strawberry.field(
        default=True, description="A leaf carries points and a method; false: a branch."
    )
    points: Decimal | None = strawberry.field(
        default=None, description="A leaf's weight on the 100-point scale."
    )
    method: Method | None = strawberry.field(
        default=None, description="How the leaf is scored; its fields below follow it."
    )
    target: Decimal | None = strawberry.field(
        default=None, description="RATIO, LINEAR (required): the value that earns full points."
    )
    floor: Decimal | None = strawberry.field(
        default=None,
        description="LINEAR (required): at or below it the leaf scores 0; under target.",
    )
    lower_is_better: bool = strawberry.field(
        default=False, description="RATIO: a smaller actual is better."
    )
    per_incident: Decimal | None = strawberry.field(
        default=None, description="DEDUCTION (required): points taken off per incident."
    )
    rank_table: list[RankFactorInput] = strawberry.field(
        default_factory=list, description="RANK (required): share of the points per rank."
    )
    periods: list[PeriodShareInput] = strawberry.field(
        default_factory=list, description="Empty: all points in Q4."
    )
    applies_to_all: bool = strawberry.field(
        default=True,
        description="A common indicator for every unit; false: only the groups and units listed.",
    )
    applies_to_groups: list[str] = strawberry.field(
        default_factory=list,
        description="When not all: codes of the groups whose units it applies to.",
    )
    applies_to_units: list[str] = strawberry.field(
        default_factory=list,
        description="When not all: codes of the units it applies to (专项指标).",
    )
    key_project: bool = strawberry.field(
        default=False, description="重点项目: counts in the key-project bottom-N rule."
    )
    binding: bool = strawberry.field(
        default=False,
        description="约束性指标: if unmet, it scores 0 all year; the unit drops a grade, no award.",
    )
    scorers: list[str] = strawberry.field(
        default_factory=list,
        description="Codes of the leaders (users) or monitoring departments (units) that score it.",
    )
    criteria: str = strawberry.field(
        default="", description="评分标准: how it is scored, in words, for scorers and units."
    )
    evidence: str = strawberry.field(
        default="", description="佐证材料要求: the evidence units must attach."
    )

    def to_fields(self) -> IndicatorFields:
        return IndicatorFields(
            code=self.code,
            name=self.name,
            is_leaf=self.is_leaf,
            points=self.points,
            method=self.method,
            target=self.target,
            floor=self.floor,
            lower_is_better=self.lower_is_better,
            per_incident=self.per_incident,
            rank_table={r.rank: r.factor for r in self.rank_table} or None,
            periods={p.period: p.share for p in self.periods} or None,
            applies_all=self.applies_to_all,
            applies_groups=self.applies_to_groups,
            applies_units=self.applies_to_units,
            key_project=self.key_project,
            binding=self.binding,
            scorers=self.scorers,
            criteria=self.criteria,
            evidence=self.evidence,
        )
