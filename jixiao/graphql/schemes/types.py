"""GraphQL types of schemes: the scheme, its choices for forms, import and change payloads
(its parts are in `parts.py`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import Connection, Node, to_global_id
from jixiao.graphql.schemes.indicator_types import (
    IndicatorType,
    SchemeIssueType,
    UnitPointsType,
)
from jixiao.graphql.schemes.loaders import SchemeLoaders
from jixiao.graphql.schemes.parts import (
    ComponentType,
    GroupType,
    MemberType,
    RevisionType,
    SchemeStatus,
)
from jixiao.schemes import models


@strawberry.enum(description="Syntax of an interchange export.")
class ExportSyntax(Enum):
    YAML = "yaml"
    JSON = "json"


describe_values(
    "ExportSyntax",
    {
        "YAML": "YAML; with data, a second document holds jixiao.data/1.",
        "JSON": "JSON of the scheme alone (withData is refused).",
    },
)


@strawberry.type(description="A scheme as the appraisal pages offer it for choice.")
class SchemeChoice:
    scheme_id: strawberry.ID = strawberry.field(description="The scheme's global id (Scheme).")
    code: str = strawberry.field(description="The scheme's code, as `schemeCode` elsewhere.")
    name: str = strawberry.field(description="As shown, e.g. 金凤区2015年绩效考评方案.")
    year: int = strawberry.field(description="The appraisal year.")
    periods: list[str] = strawberry.field(
        description="Its quarters (Q1…Q4), in order; the annual result combines them."
    )
    status: SchemeStatus = strawberry.field(description="Where it is in its lifecycle.")
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
        loaders = info.context.loaders_of(SchemeLoaders)
        groups = {g.id: g.code for g in await loaders.groups.load(self.row_id)}
        rows = await loaders.members.load(self.row_id)
        return [
            SchemeUnitChoice(code=u.code, name=u.name, group_code=groups.get(m.group_id, ""))
            for m, u in rows
        ]


@strawberry.type(description="A unit of a scheme, to pick from.")
class SchemeUnitChoice:
    code: str = strawberry.field(description="The unit's code, as `unitCode` elsewhere.")
    name: str = strawberry.field(description="As shown, e.g. 良田镇.")
    group_code: str = strawberry.field(description="Code of its group in the scheme.")


@strawberry.type(name="Scheme", description="One year's appraisal plan (考评方案).")
class SchemeType(Node):
    model: strawberry.Private[models.Scheme]
    id: strawberry.ID = strawberry.field(
        description="The scheme's global id (`schemeId` elsewhere)."
    )
    code: str = strawberry.field(
        description="Unique in the tenant, e.g. `jinfeng-2015` (`schemeCode` elsewhere)."
    )
    name: str = strawberry.field(description="As shown, e.g. 金凤区2015年绩效考评方案.")
    year: int = strawberry.field(description="The appraisal year.")
    periods: list[str] = strawberry.field(
        description="Its quarters (Q1…Q4), in order; the annual result combines them."
    )
    bonus_cap: Decimal | None = strawberry.field(description="Cap on bonus points; null: no cap.")
    key_project_bottom: int = strawberry.field(
        description="Bottom N by key-project average get a downgrade; 0: off."
    )
    status: SchemeStatus = strawberry.field(
        description="Where it is in its lifecycle; only a draft's rules may change."
    )
    status_label: str = strawberry.field(
        description="The status in Chinese: 草稿, 已审定, 已发布 or 已关闭."
    )
    revision: int = strawberry.field(
        description="Number of the last approved revision; 0: never approved."
    )
    source: str | None = strawberry.field(
        description="How it began, in words (复制自 …, 模板 …, 导入); null: created blank."
    )

    # A relation declared in place (`resolver=`): its field keeps its place in the schema.
    async def _copied_from_code(self, info: Info) -> str | None:
        source_id = self.model.copied_from_id
        if source_id is None:
            return None
        found = await info.context.loaders_of(SchemeLoaders).scheme_by_id.load(source_id)
        return found.code if found else None

    copied_from_code: str | None = strawberry.field(
        resolver=_copied_from_code,
        description="Code of the scheme this one was copied from (last year's).",
    )
    created_at: datetime = strawberry.field(description="When it was created, copied or imported.")
    updated_at: datetime = strawberry.field(
        description="When its settings, rules or units last changed."
    )
    approved_at: datetime | None = strawberry.field(
        description="When it was last approved (考评领导小组); null: never."
    )
    approved_by: str | None = strawberry.field(
        description="Name of who last approved it; null: never."
    )
    published_at: datetime | None = strawberry.field(
        description="When it was published; null: not yet."
    )
    published_by: str | None = strawberry.field(
        description="Name of who published it; null: not yet."
    )
    closed_at: datetime | None = strawberry.field(
        description="When it was closed; null: still open."
    )
    closed_by: str | None = strawberry.field(description="Name of who closed it; null: still open.")

    @classmethod
    def of(cls, row: models.Scheme) -> SchemeType:
        return cls(
            model=row,
            id=to_global_id("Scheme", row.id),
            code=row.code,
            name=row.name,
            year=row.year,
            periods=list(row.periods),
            bonus_cap=row.bonus_cap,
            key_project_bottom=row.key_project_bottom,
            status=row.status,
            status_label=row.status.label,
            revision=row.revision,
            source=row.source,
            created_at=row.created_at,
            updated_at=row.updated_at,
            approved_at=row.approved_at,
            approved_by=row.approved_by,
            published_at=row.published_at,
            published_by=row.published_by,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
        )

    @strawberry.field(description="Its components (考评构成) with their weights, in order.")
    async def components(self, info: Info) -> list[ComponentType]:
        rows = await info.context.loaders_of(SchemeLoaders).components.load(self.model.id)
        return [ComponentType(code=c.code, name=c.name, weight=c.weight) for c in rows]

    @strawberry.field(description="Its groups (考评分组) with their grades and rules, in order.")
    async def groups(self, info: Info) -> list[GroupType]:
        rows = await info.context.loaders_of(SchemeLoaders).groups.load(self.model.id)
        return [GroupType.of(row) for row in rows]

    @strawberry.field(description="The units taking part, each in a group.")
    async def units(self, info: Info) -> list[MemberType]:
        loaders = info.context.loaders_of(SchemeLoaders)
        groups = {g.id: g.code for g in await loaders.groups.load(self.model.id)}
        rows = await loaders.members.load(self.model.id)
        return [MemberType.of(m, groups.get(m.group_id, "")) for m, _u in rows]

    @strawberry.field(description="Every node of the tree, flat, with parentId and position.")
    async def indicators(self, info: Info) -> list[IndicatorType]:
        rows = await info.context.loaders_of(SchemeLoaders).indicators.load(self.model.id)
        return [IndicatorType.of(row) for row in rows]

    @strawberry.field(description="Every validation issue (the engine's checks).")
    async def issues(self, info: Info) -> list[SchemeIssueType]:
        check = await info.context.loaders_of(SchemeLoaders).checks.load(self.model.id)
        return [SchemeIssueType.of(issue) for issue in check.issues]

    @strawberry.field(description="Whether the rules pass validation (required to approve).")
    async def valid(self, info: Info) -> bool:
        return (await info.context.loaders_of(SchemeLoaders).checks.load(self.model.id)).valid

    @strawberry.field(description="Per unit: do the applicable points add up to 100? (warning)")
    async def points_check(self, info: Info) -> list[UnitPointsType]:
        check = await info.context.loaders_of(SchemeLoaders).checks.load(self.model.id)
        return [UnitPointsType.of(row) for row in check.points]

    @strawberry.field(description="Its approved revisions, oldest first.")
    async def revisions(self, info: Info) -> list[RevisionType]:
        rows = await info.context.loaders_of(SchemeLoaders).revisions.load(self.model.id)
        return [RevisionType.of(row) for row in rows]


SchemeConnection = Connection[SchemeType]


@strawberry.type(description="What a scheme mutation returns: the scheme, or why not.")
class SchemePayload:
    scheme: SchemeType | None = strawberry.field(
        default=None, description="The scheme after the change; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="How many rows of one kind an import wrote or met.")
class ImportCount:
    name: str = strawberry.field(
        description="units, indicators, a data table (score, rating, adjustment, city_item, "
        "previous_outcome) or, for data, added, changed, kept, removed.",
    )
    count: int = strawberry.field(description="Rows of that kind.")


@strawberry.type(description="What importScheme and importSchemeData return.")
class ImportSchemePayload:
    scheme: SchemeType | None = strawberry.field(
        default=None, description="The scheme as imported; null when refused."
    )
    replaced: bool = strawberry.field(
        default=False,
        description="importScheme: an existing draft was replaced; importSchemeData: REPLACE mode.",
    )
    counts: list[ImportCount] = strawberry.field(
        default_factory=list, description="What was written or met, by kind."
    )
    issues: list[SchemeIssueType] = strawberry.field(
        default_factory=list, description="Every problem of a refused file, entry by entry."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(
    description="What importIndicatorWorkbook returns: nodes created, updated, deleted."
)
class TreeImportPayload:
    scheme: SchemeType | None = strawberry.field(
        default=None, description="The scheme with its new tree; null when refused."
    )
    created: int = strawberry.field(
        default=0, description="Nodes whose codes were new to the tree."
    )
    updated: int = strawberry.field(
        default=0, description="Nodes kept by code and rewritten from the sheet."
    )
    deleted: int = strawberry.field(
        default=0, description="Nodes whose codes the sheet no longer has."
    )
    problems: list[str] = strawberry.field(
        default_factory=list, description="Each problem of a refused sheet, naming row and column."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
