"""GraphQL types of the indicator tree and of a scheme's validation."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from jixiao.engine.formats import Issue
from jixiao.engine.model import Method
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import to_global_id
from jixiao.graphql.schemes.loaders import scheme_loaders
from jixiao.graphql.scoring.scorers import ScorerType, scorers_of
from jixiao.schemes import models
from jixiao.schemes.validation import SchemeIssue, UnitPoints

strawberry.enum(Method, name="IndicatorMethod", description="How a leaf is scored.")


@strawberry.type(name="SchemeIssue", description="A problem of a scheme, on its node if any.")
class SchemeIssueType:
    path: str
    message: str
    code: str
    file: str | None = None
    indicator_id: strawberry.ID | None = None

    @classmethod
    def of(cls, issue: SchemeIssue) -> SchemeIssueType:
        node = to_global_id("Indicator", issue.indicator_id) if issue.indicator_id else None
        return cls(path=issue.path, message=issue.message, code=issue.code, indicator_id=node)

    @classmethod
    def of_file(cls, issue: Issue) -> SchemeIssueType:
        return cls(path=issue.path, message=issue.message, code=issue.code.value, file=issue.file)


@strawberry.type(name="UnitPoints", description="Points of the leaves applying to one unit.")
class UnitPointsType:
    unit_code: str
    unit_name: str
    group_code: str
    points: Decimal
    leaves: int
    ok: bool
    message: str | None

    @classmethod
    def of(cls, row: UnitPoints) -> UnitPointsType:
        return cls(
            unit_code=row.unit_code,
            unit_name=row.unit_name,
            group_code=row.group_code,
            points=row.points,
            leaves=row.leaves,
            ok=row.ok,
            message=row.message,
        )


@strawberry.type
class RankFactor:
    rank: int
    factor: Decimal


@strawberry.type
class PeriodShare:
    period: str
    share: Decimal


@strawberry.type(name="Indicator", description="A node of the indicator tree (flat list).")
class IndicatorType:
    model: strawberry.Private[models.Indicator]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Indicator", self.model.id)

    @strawberry.field
    def parent_id(self) -> strawberry.ID | None:
        parent = self.model.parent_id
        return to_global_id("Indicator", parent) if parent else None

    @strawberry.field(description="Position among its siblings, from 0.")
    def position(self) -> int:
        return self.model.position

    @strawberry.field
    def code(self) -> str:
        return self.model.code

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def is_leaf(self) -> bool:
        return self.model.is_leaf

    @strawberry.field
    def points(self) -> Decimal | None:
        return self.model.points

    @strawberry.field
    def method(self) -> Method | None:
        return self.model.method

    @strawberry.field
    def target(self) -> Decimal | None:
        return self.model.target

    @strawberry.field
    def floor(self) -> Decimal | None:
        return self.model.floor

    @strawberry.field
    def lower_is_better(self) -> bool:
        return self.model.lower_is_better

    @strawberry.field
    def per_incident(self) -> Decimal | None:
        return self.model.per_incident

    @strawberry.field
    def rank_table(self) -> list[RankFactor]:
        table = self.model.rank_table or {}
        return [RankFactor(rank=int(k), factor=Decimal(v)) for k, v in table.items()]

    @strawberry.field(description="Share of the points per period; empty: all in Q4.")
    def periods(self) -> list[PeriodShare]:
        shares = self.model.periods or {}
        return [PeriodShare(period=p, share=Decimal(s)) for p, s in shares.items()]

    @strawberry.field
    def applies_to_all(self) -> bool:
        return self.model.applies_all

    @strawberry.field
    def applies_to_groups(self) -> list[str]:
        return list(self.model.applies_groups)

    @strawberry.field
    def applies_to_units(self) -> list[str]:
        return list(self.model.applies_units)

    @strawberry.field
    def key_project(self) -> bool:
        return self.model.key_project

    @strawberry.field
    def binding(self) -> bool:
        return self.model.binding

    @strawberry.field(description="Codes of the leaders or monitoring departments scoring it.")
    def scorers(self) -> list[str]:
        return list(self.model.scorers)

    @strawberry.field(description="Who the scorer codes name (people and departments), in order.")
    async def scorer_details(self, info: Info) -> list[ScorerType]:
        return await scorers_of(info.context, list(self.model.scorers))

    @strawberry.field(description="评分标准")
    def criteria(self) -> str:
        return self.model.criteria

    @strawberry.field(description="佐证材料要求")
    def evidence(self) -> str:
        return self.model.evidence

    @strawberry.field(description="Validation issues of this node.")
    async def issues(self, info: Info) -> list[SchemeIssueType]:
        check = await scheme_loaders(info.context).checks.load(self.model.scheme_id)
        return [SchemeIssueType.of(i) for i in check.issues if i.indicator_id == self.model.id]


@strawberry.type
class IndicatorPayload:
    indicator: IndicatorType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteIndicatorPayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
