"""GraphQL types of a scheme's parts: its lifecycle and grading enums, components, groups
with their grades and bonus, member units and approved revisions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.org.loaders import OrgLoaders
from jixiao.graphql.org.types import UnitType
from jixiao.graphql.relay import to_global_id
from jixiao.schemes import models

strawberry.enum(
    models.SchemeStatus,
    name="SchemeStatus",
    description="Where a scheme is in its lifecycle: draft → approved → published → closed.",
)
describe_values(
    "SchemeStatus",
    {
        "DRAFT": "草稿: its rules may be changed; not yet approved, or taken back to revise.",
        "APPROVED": "已审定: approved by the 考评领导小组 as a revision, not yet published.",
        "PUBLISHED": "已发布: assigned, reported on and scored; its rules are read-only.",
        "CLOSED": "已关闭: the year is over; everything in it is read-only.",
    },
)
strawberry.enum(
    models.GradingMethod,
    name="GradingMethod",
    description="How a group's units get their grades (等次).",
)
describe_values(
    "GradingMethod",
    {
        "RATIO": "梯度比例: seats per grade by the ratio (e.g. 3:5:2), walking the ranking.",
        "THRESHOLD": "By score bands: the first grade whose minimum the rounded total reaches.",
    },
)
SchemeStatus = models.SchemeStatus
GradingMethod = models.GradingMethod


@strawberry.type(name="SchemeComponent", description="A weighted source of the total.")
class ComponentType:
    code: str = strawberry.field(
        description="Unique in the scheme; `indicators` is the indicator tree's score."
    )
    name: str = strawberry.field(description="As shown, e.g. 指标考核, 领导评价, 群众满意度.")
    weight: Decimal = strawberry.field(
        description="Its percentage of the total; the weights sum to 100."
    )


@strawberry.type(name="Grade", description="A grade (等次) of a group, e.g. 一等奖 or 优秀.")
class GradeType:
    name: str = strawberry.field(
        description="As shown and as results name it, e.g. 一等奖; unique in the group."
    )
    award: bool = strawberry.field(
        description="An award grade (评优): units flagged no_award cannot hold it."
    )


@strawberry.type(
    name="GradeBand", description="A threshold band: the grade a rounded total earns from `min` up."
)
class BandType:
    grade: str = strawberry.field(description="Name of one of the group's grades.")
    min: Decimal = strawberry.field(
        description="Lowest rounded total (0–100) that earns the grade."
    )


@strawberry.type(name="BonusCoefficient", description="The 绩效奖 coefficient of one grade.")
class CoefficientType:
    grade: str = strawberry.field(description="Name of one of the group's grades.")
    coefficient: Decimal = strawberry.field(
        description="Multiplies base per head × headcount for units of that grade."
    )


@strawberry.type(name="GroupBonus", description="绩效奖: base per head × headcount × coefficient.")
class BonusType:
    base_per_head: Decimal = strawberry.field(
        description="Amount per head (元) before the grade's coefficient."
    )
    coefficients: list[CoefficientType] = strawberry.field(
        description="Per grade; a grade without one, and no grade, get 0."
    )


def bonus_of(group: models.SchemeGroup) -> BonusType | None:
    """A group's 绩效奖 setting; None when its units get no bonus amount."""
    base = group.bonus_base_per_head
    if base is None:
        return None
    coefficients = group.bonus_coefficients or {}
    return BonusType(
        base_per_head=base,
        coefficients=[
            CoefficientType(grade=k, coefficient=Decimal(v)) for k, v in coefficients.items()
        ],
    )


@strawberry.type(name="SchemeGroup", description="Units ranked and graded together (考评分组).")
class GroupType:
    id: strawberry.ID = strawberry.field(
        description="The group's global id (for saveSchemeGroup and deleteSchemeGroup)."
    )
    code: str = strawberry.field(description="Unique in the scheme; results name the group by it.")
    name: str = strawberry.field(description="As shown, e.g. 镇街组.")
    grades: list[GradeType] = strawberry.field(description="Best first.")
    grading_method: GradingMethod = strawberry.field(
        description="RATIO: seats by 梯度比例; THRESHOLD: by score bands."
    )
    ratio: list[Decimal] = strawberry.field(description="梯度比例, e.g. 3:5:2 (ratio method).")
    bands: list[BandType] = strawberry.field(
        description="Threshold bands, best first (threshold method)."
    )
    fail_below: Decimal | None = strawberry.field(
        description="A total under it gets failGrade (不达标) whatever its rank; null: off."
    )
    fail_grade: str | None = strawberry.field(
        description="The grade given under failBelow; null: none."
    )
    bonus: BonusType | None = strawberry.field(
        description="The 绩效奖 setting; null: the group's units get no bonus amount."
    )

    @classmethod
    def of(cls, row: models.SchemeGroup) -> GroupType:
        return cls(
            id=to_global_id("SchemeGroup", row.id),
            code=row.code,
            name=row.name,
            grades=[
                GradeType(name=str(g.get("name")), award=bool(g.get("award"))) for g in row.grades
            ],
            grading_method=row.grading_method,
            ratio=[Decimal(part) for part in row.ratio],
            bands=[BandType(grade=b["grade"], min=Decimal(b["min"])) for b in row.bands],
            fail_below=row.fail_below,
            fail_grade=row.fail_grade,
            bonus=bonus_of(row),
        )


@strawberry.type(name="SchemeUnit", description="A unit taking part in a scheme.")
class MemberType:
    model: strawberry.Private[models.SchemeUnit]
    group_code: str = strawberry.field(description="Code of its group in this scheme.")

    # A relation declared in place (`resolver=`): its field keeps its place in the schema.
    async def _unit(self, info: Info) -> UnitType | None:
        unit = await info.context.loaders_of(OrgLoaders).unit_by_id.load(self.model.unit_id)
        return UnitType.of(unit) if unit else None

    unit: UnitType | None = strawberry.field(
        resolver=_unit, description="The appraised unit (考评对象): name, kind, users."
    )
    headcount: int = strawberry.field(description="That year's headcount (for the bonus).")

    @classmethod
    def of(cls, row: models.SchemeUnit, group_code: str) -> MemberType:
        return cls(model=row, group_code=group_code, headcount=row.headcount)


@strawberry.type(name="SchemeRevision", description="An approved revision, kept unchanged.")
class RevisionType:
    number: int = strawberry.field(
        description="1 at the first approval, one more at each approval after."
    )
    digest: str = strawberry.field(description="sha256 of the rules as approved.")
    reason: str | None = strawberry.field(
        description="The note given at approval, e.g. why the rules were revised; null: none."
    )
    approved_at: datetime = strawberry.field(description="When the 考评领导小组 approved it.")
    approved_by: str | None = strawberry.field(description="Name of who approved it.")
    rules: str = strawberry.field(
        description="The rules as approved: jixiao.scheme/1 as JSON text."
    )

    @classmethod
    def of(cls, row: models.SchemeRevision) -> RevisionType:
        return cls(
            number=row.number,
            digest=row.digest,
            reason=row.reason,
            approved_at=row.approved_at,
            approved_by=row.approved_by,
            rules=row.rules,
        )
