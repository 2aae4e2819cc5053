"""GraphQL types of the indicator tree and of a scheme's validation."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from jixiao.engine.formats import Issue
from jixiao.engine.model import Method
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import Node, to_global_id
from jixiao.graphql.schemes.loaders import SchemeLoaders
from jixiao.graphql.scoring.entry.scorers import ScorerType, scorers_of
from jixiao.schemes import models
from jixiao.schemes.validation import SchemeIssue, UnitPoints

strawberry.enum(Method, name="IndicatorMethod", description="How a leaf is scored.")
describe_values(
    "IndicatorMethod",
    {
        "MANUAL": "By hand: the mean of the scorers' values, each from 0 to the points available.",
        "RATIO": "Points × actual ÷ target, at most full (target ÷ actual: lowerIsBetter).",
        "LINEAR": "Full at or above target, 0 at or below floor, linear in between.",
        "PASS_FAIL": "Full points if met, else 0.",
        "DEDUCTION": "Full points less perIncident for each incident, not below 0.",
        "RANK": "Points × the rank's factor in rankTable; a rank not listed scores 0.",
    },
)
# The engine's other enums are registered where they are used (org/types.py,
# scoring/other_mutations.py); their values are explained here, beside Method's.
describe_values(
    "UnitKind",
    {
        "DEPARTMENT": "区直部门/单位: ranked overall (总分排序) with the departments.",
        "TOWN": "镇: ranked overall with the towns and subdistricts.",
        "SUBDISTRICT": "街道: ranked overall with the towns and subdistricts.",
    },
)
describe_values(
    "AdjustmentKind",
    {
        "BONUS": "加分: adds points (e.g. an innovation award), up to the scheme's bonus cap.",
        "DEDUCTION": "扣分: takes points off the total, with no cap.",
    },
)


@strawberry.type(name="SchemeIssue", description="A problem of a scheme, on its node if any.")
class SchemeIssueType:
    path: str = strawberry.field(
        description="Where, in the jixiao.scheme/1 document or the file: e.g. "
        "`scheme.indicators[0].children[1].points`."
    )
    message: str = strawberry.field(description="What is wrong, in Chinese, for people.")
    code: str = strawberry.field(
        description="The kind, for programs: syntax, wrong_type, unknown_key, missing_field, "
        "unknown_code, duplicate, out_of_range, sum_mismatch, invalid, …"
    )
    file: str | None = strawberry.field(
        default=None, description="The file an import's issue is in; null for a stored scheme."
    )
    indicator_id: strawberry.ID | None = strawberry.field(
        default=None, description="The node of the stored tree it is on; null when it is on none."
    )

    @classmethod
    def of(cls, issue: SchemeIssue) -> SchemeIssueType:
        node = to_global_id("Indicator", issue.indicator_id) if issue.indicator_id else None
        return cls(path=issue.path, message=issue.message, code=issue.code, indicator_id=node)

    @classmethod
    def of_file(cls, issue: Issue) -> SchemeIssueType:
        return cls(path=issue.path, message=issue.message, code=issue.code.value, file=issue.file)


@strawberry.type(name="UnitPoints", description="Points of the leaves applying to one unit.")
class UnitPointsType:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="As shown, e.g. 良田镇.")
    group_code: str = strawberry.field(description="Code of the unit's group in the scheme.")
    points: Decimal = strawberry.field(
        description="Sum of the points of the leaves that apply to the unit."
    )
    leaves: int = strawberry.field(description="How many leaves apply to the unit.")
    ok: bool = strawberry.field(description="Whether the points are exactly 100.")
    message: str | None = strawberry.field(description="The warning in Chinese; null when ok.")

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


@strawberry.type(description="What share of its points a rank earns (rank method).")
class RankFactor:
    rank: int = strawberry.field(description="A rank, from 1.")
    factor: Decimal = strawberry.field(description="Share of the available points it earns, 0–1.")


@strawberry.type(description="The share of a leaf's points scored in one quarter.")
class PeriodShare:
    period: str = strawberry.field(description="One of the scheme's quarters, Q1…Q4.")
    share: Decimal = strawberry.field(
        description="Share of the points, 0–1; a leaf's shares sum to 1."
    )


@strawberry.type(name="Indicator", description="A node of the indicator tree (flat list).")
class IndicatorType(Node):
    model: strawberry.Private[models.Indicator]
    id: strawberry.ID = strawberry.field(description="The node's global id.")
    parent_id: strawberry.ID | None = strawberry.field(
        description="The branch it is under; null at the top of the tree."
    )
    position: int = strawberry.field(description="Position among its siblings, from 0.")
    code: str = strawberry.field(
        description="Unique in the scheme, e.g. A1 (`indicatorCode` elsewhere)."
    )
    name: str = strawberry.field(description="As shown, e.g. 招商引资到位资金.")
    is_leaf: bool = strawberry.field(
        description="Leaves carry points and a method; branches only group nodes."
    )
    points: Decimal | None = strawberry.field(
        description="Its weight on the 100-point scale (a leaf's); null on branches."
    )
    method: Method | None = strawberry.field(
        description="How the leaf is scored; null on branches."
    )
    target: Decimal | None = strawberry.field(
        description="The value that earns full points (ratio, linear); null otherwise."
    )
    floor: Decimal | None = strawberry.field(
        description="The value at or below which it scores 0 (linear); null otherwise."
    )
    lower_is_better: bool = strawberry.field(
        description="Ratio method: a smaller actual is better (target ÷ actual)."
    )
    per_incident: Decimal | None = strawberry.field(
        description="Points taken off per incident (deduction); null otherwise."
    )
    rank_table: list[RankFactor] = strawberry.field(
        description="Share of the points per rank (rank method); empty otherwise."
    )
    periods: list[PeriodShare] = strawberry.field(
        description="Share of the points per period; empty: all in Q4."
    )
    applies_to_all: bool = strawberry.field(
        description="A common indicator: it applies to every unit of the scheme."
    )
    applies_to_groups: list[str] = strawberry.field(
        description="When not all: the groups (codes) whose units it applies to."
    )
    applies_to_units: list[str] = strawberry.field(
        description="When not all: the units (codes) it applies to (专项指标)."
    )
    key_project: bool = strawberry.field(
        description="重点项目: counts in the key-project bottom-N downgrade."
    )
    binding: bool = strawberry.field(
        description="约束性指标: if unmet, it scores 0 all year; the unit drops a grade, no award."
    )
    scorers: list[str] = strawberry.field(
        description="Codes of the leaders or monitoring departments scoring it."
    )

    # A relation declared in place (`resolver=`): its field keeps its place in the schema.
    async def _scorer_details(self, info: Info) -> list[ScorerType]:
        return await scorers_of(info.context, self.scorers)

    scorer_details: list[ScorerType] = strawberry.field(
        resolver=_scorer_details,
        description="Who the scorer codes name (people and departments), in order.",
    )
    criteria: str = strawberry.field(description="评分标准")
    evidence: str = strawberry.field(description="佐证材料要求")

    @classmethod
    def of(cls, row: models.Indicator) -> IndicatorType:
        return cls(
            model=row,
            id=to_global_id("Indicator", row.id),
            parent_id=to_global_id("Indicator", row.parent_id) if row.parent_id else None,
            position=row.position,
            code=row.code,
            name=row.name,
            is_leaf=row.is_leaf,
            points=row.points,
            method=row.method,
            target=row.target,
            floor=row.floor,
            lower_is_better=row.lower_is_better,
            per_incident=row.per_incident,
            rank_table=[
                RankFactor(rank=int(k), factor=Decimal(v))
                for k, v in (row.rank_table or {}).items()
            ],
            periods=[
                PeriodShare(period=p, share=Decimal(s)) for p, s in (row.periods or {}).items()
            ],
            applies_to_all=row.applies_all,
            applies_to_groups=list(row.applies_groups),
            applies_to_units=list(row.applies_units),
            key_project=row.key_project,
            binding=row.binding,
            scorers=list(row.scorers),
            criteria=row.criteria,
            evidence=row.evidence,
        )

    @strawberry.field(description="Validation issues of this node.")
    async def issues(self, info: Info) -> list[SchemeIssueType]:
        check = await info.context.loaders_of(SchemeLoaders).checks.load(self.model.scheme_id)
        return [SchemeIssueType.of(i) for i in check.issues if i.indicator_id == self.model.id]


@strawberry.type(description="What an indicator mutation returns: the node, or why not.")
class IndicatorPayload:
    indicator: IndicatorType | None = strawberry.field(
        default=None, description="The node after the change; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="What deleteIndicator returns.")
class DeleteIndicatorPayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The deleted node's global id (its subtree went with it); null when refused.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
