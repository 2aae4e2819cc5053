"""GraphQL inputs of schemes and their translation into the services' typed fields."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from jixiao.engine.model import QUARTERS, Method
from jixiao.graphql.schemes.types import GradingMethod
from jixiao.schemes import structure
from jixiao.schemes.service import SchemeSettings
from jixiao.schemes.tree import IndicatorFields


@strawberry.input
class SchemeSettingsInput:
    code: str
    name: str
    year: int
    periods: list[str] = strawberry.field(default_factory=lambda: list(QUARTERS))
    bonus_cap: Decimal | None = None
    key_project_bottom: int = 0

    def to_settings(self) -> SchemeSettings:
        return SchemeSettings(
            self.code, self.name, self.year, self.periods, self.bonus_cap, self.key_project_bottom
        )


@strawberry.input
class ComponentInput:
    code: str
    name: str
    weight: Decimal


@strawberry.input
class GradeInput:
    name: str
    award: bool = False


@strawberry.input
class BandInput:
    grade: str
    min: Decimal


@strawberry.input
class CoefficientInput:
    grade: str
    coefficient: Decimal


@strawberry.input
class GroupInput:
    code: str
    name: str
    grades: list[GradeInput]
    grading_method: GradingMethod = GradingMethod.RATIO
    ratio: list[Decimal] = strawberry.field(default_factory=list)
    bands: list[BandInput] = strawberry.field(default_factory=list)
    fail_below: Decimal | None = None
    fail_grade: str | None = None
    bonus_base_per_head: Decimal | None = None
    bonus_coefficients: list[CoefficientInput] = strawberry.field(default_factory=list)

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


@strawberry.input
class MemberInput:
    unit_code: str
    group_code: str
    headcount: int | None = strawberry.field(
        default=None, description="That year's headcount; null: the unit's own."
    )


@strawberry.input
class RankFactorInput:
    rank: int
    factor: Decimal


@strawberry.input
class PeriodShareInput:
    period: str
    share: Decimal


@strawberry.input
class IndicatorInput:
    code: str
    name: str
    is_leaf: bool = True
    points: Decimal | None = None
    method: Method | None = None
    target: Decimal | None = None
    floor: Decimal | None = None
    lower_is_better: bool = False
    per_incident: Decimal | None = None
    rank_table: list[RankFactorInput] = strawberry.field(default_factory=list)
    periods: list[PeriodShareInput] = strawberry.field(
        default_factory=list, description="Empty: all points in Q4."
    )
    applies_to_all: bool = True
    applies_to_groups: list[str] = strawberry.field(default_factory=list)
    applies_to_units: list[str] = strawberry.field(default_factory=list)
    key_project: bool = False
    binding: bool = False
    scorers: list[str] = strawberry.field(default_factory=list)
    criteria: str = ""
    evidence: str = ""

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
