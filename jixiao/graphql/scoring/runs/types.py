"""GraphQL types of results: runs, unit results with their drill-down, rankings, bonus table."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.engine.table import FLAG_LABELS
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.org.types import UnitKind
from jixiao.graphql.relay import Connection, Node, to_global_id
from jixiao.graphql.scoring.runs.drilldown import IndicatorLine
from jixiao.graphql.scoring.runs.loaders import ResultLoaders
from jixiao.scoring.runs import models
from jixiao.scoring.runs.queries import RunView, UnitFigures
from jixiao.scoring.runs.service import PERIOD_LABELS, STATUS_LABELS

strawberry.enum(models.Period, name="ResultPeriod", description="考评周期: Q1..Q4 or annual.")
strawberry.enum(
    models.RunStatus,
    name="ResultRunStatus",
    description="Where a run stands: draft → reviewed → approved → [publicity →] published.",
)
describe_values(
    "ResultPeriod",
    {
        "ANNUAL": "全年: every quarter's indicators with ratings, adjustments, grades, penalties.",
        "Q1": "第一季度: indicator scores of the first quarter only.",
        "Q2": "第二季度: indicator scores of the second quarter only.",
        "Q3": "第三季度: indicator scores of the third quarter only.",
        "Q4": "第四季度: indicator scores of the fourth quarter only.",
    },
)
describe_values(
    "ResultRunStatus",
    {
        "DRAFT": "待审核: computed, not yet checked by the office.",
        "REVIEWED": "已审核: checked by the office (考评办), awaiting approval.",
        "APPROVED": "已审定: approved by the leadership group, not yet shown to units.",
        "PUBLICITY": "公示中: shown to every unit of the tenant until its 公示 period ends.",
        "PUBLISHED": "已公布: the final result units see for its scheme and period.",
        "SUPERSEDED": "已被更新结果取代: published once, then replaced by a newer published run.",
    },
)
Period = models.Period
RunStatus = models.RunStatus
CENT = Decimal("0.01")


def _figure(value: Decimal | None) -> Decimal | None:
    """A published figure, always shown with two places."""
    return None if value is None else value.quantize(CENT)


def _run_id(run_id: uuid.UUID | None) -> strawberry.ID | None:
    return to_global_id("ResultRun", run_id) if run_id else None


@strawberry.type(name="ResultRun", description="One computation of a scheme's results.")
class ResultRunType(Node):
    id: strawberry.ID = strawberry.field(description="The run's global id.")
    scheme_code: str = strawberry.field(description="The code of the scheme computed.")
    scheme_name: str = strawberry.field(description="The scheme's name when the run was computed.")
    period: Period = strawberry.field(description="The period computed.")
    period_label: str = strawberry.field(description="The period in Chinese, e.g. 全年, 第一季度.")
    status: RunStatus = strawberry.field(
        description="Where the run stands in review and publication."
    )
    status_label: str = strawberry.field(description="The status in Chinese, e.g. 待审核, 已公布.")
    inputs_version: str = strawberry.field(
        description="sha256 of the inputs: equal inputs, equal version."
    )
    provisional: bool = strawberry.field(description="Some expected scores were missing (暂定).")
    newest: bool = strawberry.field(description="The newest computation of its scheme and period.")
    published_now: bool = strawberry.field(
        description="The run units see now for its scheme and period."
    )
    computed_at: datetime = strawberry.field(description="When it was computed.")
    computed_by: str | None = strawberry.field(
        description="Who computed it (name); null when the system did after an entry."
    )
    system_computed: bool = strawberry.field(
        description="Computed by the system after an entry, not by a person."
    )
    reviewed_at: datetime | None = strawberry.field(
        description="When the office reviewed it (审核); null before."
    )
    reviewed_by: str | None = strawberry.field(
        description="Who reviewed it (name); null before review."
    )
    approved_at: datetime | None = strawberry.field(
        description="When the leadership group approved it (审定); null before."
    )
    approved_by: str | None = strawberry.field(
        description="Who approved it (name); null before approval."
    )
    published_at: datetime | None = strawberry.field(
        description="When it was published as final (公布); null before."
    )
    published_by: str | None = strawberry.field(
        description="Who published it (name); null before publication."
    )
    publicity_started_at: datetime | None = strawberry.field(
        description="When its 公示 began (shown to every unit of the tenant)."
    )
    publicity_started_by: str | None = strawberry.field(
        description="Who began its 公示 (name); null when never in 公示."
    )
    publicity_ends_at: datetime | None = strawberry.field(
        description="When its 公示 ends (then final); null when never in 公示."
    )
    superseded_at: datetime | None = strawberry.field(
        description="When a newer published run replaced it; null while current."
    )
    superseded_by: strawberry.ID | None = strawberry.field(
        description="The run that replaced this one for the units."
    )

    @classmethod
    def of(cls, view: RunView) -> ResultRunType:
        run = view.run
        return cls(
            id=to_global_id("ResultRun", run.id),
            scheme_code=run.scheme_code,
            scheme_name=run.scheme_name,
            period=run.period,
            period_label=PERIOD_LABELS[run.period],
            status=run.status,
            status_label=STATUS_LABELS[run.status],
            inputs_version=run.inputs_version,
            provisional=run.provisional,
            newest=view.newest,
            published_now=view.published_now,
            computed_at=run.computed_at,
            computed_by=run.computed_by,
            system_computed=run.computed_by_id is None,
            reviewed_at=run.reviewed_at,
            reviewed_by=run.reviewed_by,
            approved_at=run.approved_at,
            approved_by=run.approved_by,
            published_at=run.published_at,
            published_by=run.published_by,
            publicity_started_at=run.publicity_started_at,
            publicity_started_by=run.publicity_started_by,
            publicity_ends_at=run.publicity_ends_at,
            superseded_at=run.superseded_at,
            superseded_by=_run_id(run.superseded_by_run_id),
        )


@strawberry.type(name="ResultRunConnection", description="A page of a scheme's result runs.")
class ResultRunConnection(Connection[ResultRunType]):
    superseded_drafts: int = strawberry.field(
        default=0,
        description="Drafts a newer computation replaced, left out of this list unless "
        "includeSupersededDrafts (every entry recomputes, so they pile up).",
    )


@strawberry.type(description="One component's value (0–100) in a unit's total.")
class ComponentScore:
    code: str = strawberry.field(description="The component's code in the scheme.")
    name: str = strawberry.field(description="The component's name, e.g. 指标考核, 领导评价.")
    weight: Decimal = strawberry.field(description="Its weight in percent (weights sum to 100).")
    value: Decimal = strawberry.field(description="The unit's value, 0–100, two places.")


def _components(root: UnitResultType) -> list[ComponentScore]:
    values = root.model.components
    return [
        ComponentScore(
            code=c["code"],
            name=c["name"],
            weight=Decimal(c["weight"]),
            value=Decimal(values[c["code"]]).quantize(CENT),
        )
        for c in root.run_model.components
        if c["code"] in values
    ]


@strawberry.type(name="UnitResult", description="A unit's figures in one run.")
class UnitResultType:
    """Plain attributes, filled once per unit by `of`: a ranking resolves thousands of these
    fields, and a plain one costs graphql-core an attribute read, a resolver method ten times
    that. Who may see the unit was decided before (`scoring/runs/scope.py`)."""

    model: strawberry.Private[models.ResultUnit | UnitFigures]
    run_model: strawberry.Private[models.ResultRun]
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name when the run was computed.")
    unit_kind: UnitKind = strawberry.field(description="The unit's kind when the run was computed.")
    group_code: str = strawberry.field(description="The code of its group (考评分组).")
    group_name: str = strawberry.field(description="The name of its group.")
    headcount: int = strawberry.field(description="Its headcount, the basis of its 绩效奖.")
    components: list[ComponentScore] = strawberry.field(
        resolver=_components, description="Its value of each component, in scheme order."
    )
    bonus: Decimal | None = strawberry.field(
        description="Bonus points counted (capped); null for a quarter."
    )
    deductions: Decimal | None = strawberry.field(
        description="Deduction points (扣分) subtracted, uncapped; null for a quarter."
    )
    total: Decimal = strawberry.field(description="The total score (总分), two places.")
    rank: int = strawberry.field(description="Rank within the group (1, 2, 2, 4).")
    overall_rank: int = strawberry.field(
        description="Rank among all units of its kind class (总分排序)."
    )
    base_grade: str | None = strawberry.field(
        description="The grade (等次) its rank gave before penalties; null for a quarter."
    )
    grade: str | None = strawberry.field(
        description="The grade after penalties; null for a quarter or when none is left."
    )
    flags: list[str] = strawberry.field(
        description="Penalty flags, e.g. `binding_failed`, `no_award`, `admonishment`."
    )
    flag_labels: list[str] = strawberry.field(
        description="The flags in Chinese, same order, e.g. 约束性指标未完成, 取消评优."
    )
    bonus_amount: Decimal | None = strawberry.field(
        description="绩效奖 in yuan; null for a group without a bonus setting."
    )
    missing: list[str] = strawberry.field(
        description="`<indicator>@<period>` or `<component>@annual` not entered."
    )
    explain: list[str] = strawberry.field(
        description="Reasons of every grade change and flag (Chinese)."
    )

    @classmethod
    def of(cls, row: models.ResultUnit | UnitFigures, run: models.ResultRun) -> UnitResultType:
        """A unit's figures as shown: money and scores with two places."""
        return cls(
            model=row,
            run_model=run,
            unit_code=row.unit_code,
            unit_name=row.unit_name,
            unit_kind=UnitKind(row.unit_kind),
            group_code=row.group_code,
            group_name=row.group_name,
            headcount=row.headcount,
            bonus=_figure(row.bonus),
            deductions=_figure(row.deductions),
            total=row.total.quantize(CENT),
            rank=row.rank,
            overall_rank=row.overall_rank,
            base_grade=row.base_grade,
            grade=row.grade,
            flags=list(row.flags),
            flag_labels=[FLAG_LABELS.get(flag, flag) for flag in row.flags],
            bonus_amount=_figure(row.bonus_amount),
            missing=list(row.missing),
            explain=list(row.explain),
        )

    @strawberry.field(description="Each indicator and period in scope, with its source scores.")
    async def breakdown(self, info: Info) -> list[IndicatorLine]:
        rows = await info.context.loaders_of(ResultLoaders).lines.load(
            (self.model.run_id, self.model.unit_code)
        )
        return [IndicatorLine.of(row, self.run_model.scheme_id) for row in rows]


@strawberry.type(description="One group (考评分组) of a ranking and its units.")
class RankingGroup:
    code: str = strawberry.field(description="The group's code in the scheme.")
    name: str = strawberry.field(description="The group's name.")
    units: list[UnitResultType] = strawberry.field(description="Its units, by rank.")


@strawberry.type(description="A run's units: by group (rank) and overall (总分排序).")
class Rankings:
    run: ResultRunType = strawberry.field(description="The run the figures come from.")
    units: list[UnitResultType] = strawberry.field(
        description="The units the viewer may see, by group, rank and code."
    )

    @strawberry.field(description="Groups in scheme order, each ranked.")
    def groups(self) -> list[RankingGroup]:
        groups: dict[str, RankingGroup] = {}
        for unit in self.units:
            row = unit.model
            group = groups.setdefault(
                row.group_code, RankingGroup(code=row.group_code, name=row.group_name, units=[])
            )
            group.units.append(unit)
        return list(groups.values())

    @strawberry.field(description="Departments, then towns and subdistricts, by overall rank.")
    def overall(self) -> list[UnitResultType]:
        return sorted(
            self.units,
            key=lambda u: (
                u.model.unit_kind != "department",
                u.model.overall_rank,
                u.model.unit_code,
            ),
        )


@strawberry.type(description="A unit in one period of its trend.")
class UnitTrendPoint:
    period: Period = strawberry.field(description="The quarter, or ANNUAL for the year.")
    run: ResultRunType = strawberry.field(description="The run shown for that period.")
    result: UnitResultType = strawberry.field(description="The unit's figures in that run.")


@strawberry.type(description="One line of the bonus table (绩效奖金表).")
class BonusRow:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    group_code: str = strawberry.field(description="The code of its group (考评分组).")
    group_name: str = strawberry.field(description="The name of its group.")
    headcount: int = strawberry.field(description="Its headcount (人数).")
    total: Decimal = strawberry.field(description="Its annual total score (总分).")
    rank: int = strawberry.field(description="Its rank within the group.")
    grade: str | None = strawberry.field(description="Its final grade (等次); null for none.")
    base_per_head: Decimal | None = strawberry.field(
        description="人均基数 in yuan; null for a group without a bonus setting."
    )
    coefficient: Decimal | None = strawberry.field(
        description="系数 of its grade; null without a bonus setting, grade or coefficient."
    )
    amount: Decimal | None = strawberry.field(
        description="绩效奖 in yuan: base × headcount × coefficient; 0 with `no_bonus`; null "
        "for a group without a bonus setting."
    )
    flags: list[str] = strawberry.field(description="Penalty flags, e.g. `no_bonus`.")


@strawberry.type(description="The bonus table of the published annual result.")
class BonusTable:
    run: ResultRunType = strawberry.field(description="The published annual run.")
    rows: list[BonusRow] = strawberry.field(description="One per unit, in publication order.")
    total: Decimal = strawberry.field(description="Sum of every amount, in yuan.")


@strawberry.type(description="The outcome of computeResults.")
class ComputeResultsPayload:
    run: ResultRunType | None = strawberry.field(
        default=None, description="The run of these inputs; null on errors."
    )
    created: bool = strawberry.field(
        default=False, description="False when these exact inputs were computed before."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The outcome of a step of a run's review and publication.")
class ResultRunPayload:
    run: ResultRunType | None = strawberry.field(
        default=None, description="The run after the step; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
