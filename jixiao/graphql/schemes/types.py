"""GraphQL types of schemes: settings, lifecycle, components, groups, units, revisions."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.org.loaders import org_loaders
from jixiao.graphql.org.types import UnitType
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.graphql.schemes.indicator_types import (
    IndicatorType,
    SchemeIssueType,
    UnitPointsType,
)
from jixiao.graphql.schemes.loaders import scheme_loaders
from jixiao.schemes import models

strawberry.enum(models.SchemeStatus, name="SchemeStatus")
strawberry.enum(models.GradingMethod, name="GradingMethod")
SchemeStatus = models.SchemeStatus
GradingMethod = models.GradingMethod


@strawberry.type(name="SchemeComponent", description="A weighted source of the total.")
class ComponentType:
    code: str
    name: str
    weight: Decimal


@strawberry.type(name="Grade")
class GradeType:
    name: str
    award: bool


@strawberry.type(name="GradeBand")
class BandType:
    grade: str
    min: Decimal


@strawberry.type(name="BonusCoefficient")
class CoefficientType:
    grade: str
    coefficient: Decimal


@strawberry.type(name="GroupBonus", description="绩效奖: base per head × headcount × coefficient.")
class BonusType:
    base_per_head: Decimal
    coefficients: list[CoefficientType]


@strawberry.type(name="SchemeGroup", description="Units ranked and graded together (考评分组).")
class GroupType:
    model: strawberry.Private[models.SchemeGroup]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("SchemeGroup", self.model.id)

    @strawberry.field
    def code(self) -> str:
        return self.model.code

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="Best first.")
    def grades(self) -> list[GradeType]:
        return [
            GradeType(name=str(g.get("name")), award=bool(g.get("award")))
            for g in self.model.grades
        ]

    @strawberry.field
    def grading_method(self) -> GradingMethod:
        return self.model.grading_method

    @strawberry.field(description="梯度比例, e.g. 3:5:2 (ratio method).")
    def ratio(self) -> list[Decimal]:
        return [Decimal(part) for part in self.model.ratio]

    @strawberry.field(description="Threshold bands, best first (threshold method).")
    def bands(self) -> list[BandType]:
        return [BandType(grade=b["grade"], min=Decimal(b["min"])) for b in self.model.bands]

    @strawberry.field
    def fail_below(self) -> Decimal | None:
        return self.model.fail_below

    @strawberry.field
    def fail_grade(self) -> str | None:
        return self.model.fail_grade

    @strawberry.field
    def bonus(self) -> BonusType | None:
        base = self.model.bonus_base_per_head
        if base is None:
            return None
        coefficients = self.model.bonus_coefficients or {}
        return BonusType(
            base_per_head=base,
            coefficients=[
                CoefficientType(grade=k, coefficient=Decimal(v)) for k, v in coefficients.items()
            ],
        )


@strawberry.type(name="SchemeUnit", description="A unit taking part in a scheme.")
class MemberType:
    model: strawberry.Private[models.SchemeUnit]
    group_code: str

    @strawberry.field
    async def unit(self, info: Info) -> UnitType | None:
        unit = await org_loaders(info.context).unit_by_id.load(self.model.unit_id)
        return UnitType(model=unit) if unit else None

    @strawberry.field(description="That year's headcount (for the bonus).")
    def headcount(self) -> int:
        return self.model.headcount


@strawberry.type(name="SchemeRevision", description="An approved revision, kept unchanged.")
class RevisionType:
    model: strawberry.Private[models.SchemeRevision]

    @strawberry.field
    def number(self) -> int:
        return self.model.number

    @strawberry.field(description="sha256 of the rules as approved.")
    def digest(self) -> str:
        return self.model.digest

    @strawberry.field
    def reason(self) -> str | None:
        return self.model.reason

    @strawberry.field
    def approved_at(self) -> datetime:
        return self.model.approved_at

    @strawberry.field
    def approved_by(self) -> str | None:
        return self.model.approved_by

    @strawberry.field(description="The rules as approved: jixiao.scheme/1 as JSON text.")
    def rules(self) -> str:
        return self.model.rules


@strawberry.enum(description="Syntax of an interchange export.")
class ExportSyntax(Enum):
    YAML = "yaml"
    JSON = "json"


@strawberry.type(description="A scheme as the appraisal pages offer it for choice.")
class SchemeChoice:
    scheme_id: strawberry.ID = strawberry.field(description="The scheme's global id (Scheme).")
    code: str
    name: str
    year: int
    periods: list[str]
    status: SchemeStatus
    row_id: strawberry.Private[uuid.UUID]

    @classmethod
    def of(cls, row: models.Scheme) -> SchemeChoice:
        return cls(
            scheme_id=to_global_id("Scheme", row.id),
            code=row.code,
            name=row.name,
            year=row.year,
            periods=list(row.periods),
            status=row.status,
            row_id=row.id,
        )

    @strawberry.field(
        description="The units taking part (code, name, group), in the scheme's order: to pick "
        "one in a form (an inspection, a notice, an award)."
    )
    async def units(self, info: Info) -> list[SchemeUnitChoice]:
        loaders = scheme_loaders(info.context)
        groups = {g.id: g.code for g in await loaders.groups.load(self.row_id)}
        rows = await loaders.members.load(self.row_id)
        return [
            SchemeUnitChoice(code=u.code, name=u.name, group_code=groups.get(m.group_id, ""))
            for m, u in rows
        ]


@strawberry.type(description="A unit of a scheme, to pick from.")
class SchemeUnitChoice:
    code: str
    name: str
    group_code: str


@strawberry.type(name="Scheme", description="One year's appraisal plan (考评方案).")
class SchemeType:
    model: strawberry.Private[models.Scheme]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Scheme", self.model.id)

    @strawberry.field
    def code(self) -> str:
        return self.model.code

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def year(self) -> int:
        return self.model.year

    @strawberry.field
    def periods(self) -> list[str]:
        return list(self.model.periods)

    @strawberry.field(description="Cap on bonus points; null: no cap.")
    def bonus_cap(self) -> Decimal | None:
        return self.model.bonus_cap

    @strawberry.field(description="Bottom N by key-project average get a downgrade; 0: off.")
    def key_project_bottom(self) -> int:
        return self.model.key_project_bottom

    @strawberry.field
    def status(self) -> SchemeStatus:
        return self.model.status

    @strawberry.field
    def status_label(self) -> str:
        return self.model.status.label

    @strawberry.field(description="Number of the last approved revision; 0: never approved.")
    def revision(self) -> int:
        return self.model.revision

    @strawberry.field
    def source(self) -> str | None:
        return self.model.source

    @strawberry.field(description="Code of the scheme this one was copied from (last year's).")
    async def copied_from_code(self, info: Info) -> str | None:
        source_id = self.model.copied_from_id
        if source_id is None:
            return None
        found = await info.context.read(
            lambda s: s.get(models.Scheme, (s.require_tenant(), source_id))
        )
        return found.code if found else None

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field
    def approved_at(self) -> datetime | None:
        return self.model.approved_at

    @strawberry.field
    def approved_by(self) -> str | None:
        return self.model.approved_by

    @strawberry.field
    def published_at(self) -> datetime | None:
        return self.model.published_at

    @strawberry.field
    def published_by(self) -> str | None:
        return self.model.published_by

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.model.closed_at

    @strawberry.field
    def closed_by(self) -> str | None:
        return self.model.closed_by

    @strawberry.field
    async def components(self, info: Info) -> list[ComponentType]:
        rows = await scheme_loaders(info.context).components.load(self.model.id)
        return [ComponentType(code=c.code, name=c.name, weight=c.weight) for c in rows]

    @strawberry.field
    async def groups(self, info: Info) -> list[GroupType]:
        rows = await scheme_loaders(info.context).groups.load(self.model.id)
        return [GroupType(model=row) for row in rows]

    @strawberry.field(description="The units taking part, each in a group.")
    async def units(self, info: Info) -> list[MemberType]:
        loaders = scheme_loaders(info.context)
        groups = {g.id: g.code for g in await loaders.groups.load(self.model.id)}
        rows = await loaders.members.load(self.model.id)
        return [MemberType(model=m, group_code=groups.get(m.group_id, "")) for m, _u in rows]

    @strawberry.field(description="Every node of the tree, flat, with parentId and position.")
    async def indicators(self, info: Info) -> list[IndicatorType]:
        rows = await scheme_loaders(info.context).indicators.load(self.model.id)
        return [IndicatorType(model=row) for row in rows]

    @strawberry.field(description="Every validation issue (the engine's checks).")
    async def issues(self, info: Info) -> list[SchemeIssueType]:
        check = await scheme_loaders(info.context).checks.load(self.model.id)
        return [SchemeIssueType.of(issue) for issue in check.issues]

    @strawberry.field(description="Whether the rules pass validation (required to approve).")
    async def valid(self, info: Info) -> bool:
        return (await scheme_loaders(info.context).checks.load(self.model.id)).valid

    @strawberry.field(description="Per unit: do the applicable points add up to 100? (warning)")
    async def points_check(self, info: Info) -> list[UnitPointsType]:
        check = await scheme_loaders(info.context).checks.load(self.model.id)
        return [UnitPointsType.of(row) for row in check.points]

    @strawberry.field
    async def revisions(self, info: Info) -> list[RevisionType]:
        rows = await scheme_loaders(info.context).revisions.load(self.model.id)
        return [RevisionType(model=row) for row in rows]


SchemeConnection = Connection[SchemeType]


@strawberry.type
class SchemePayload:
    scheme: SchemeType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ImportCount:
    name: str
    count: int


@strawberry.type
class ImportSchemePayload:
    scheme: SchemeType | None = None
    replaced: bool = False
    counts: list[ImportCount] = strawberry.field(default_factory=list)
    issues: list[SchemeIssueType] = strawberry.field(
        default_factory=list, description="Every problem of a refused file, entry by entry."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TreeImportPayload:
    scheme: SchemeType | None = None
    created: int = 0
    updated: int = 0
    deleted: int = 0
    problems: list[str] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)
