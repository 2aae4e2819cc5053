"""The leadership dashboard (数据大屏): one query for the whole screen."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.engine.model import period_name
from jixiao.graphql.context import Info
from jixiao.graphql.org.types import UnitKind
from jixiao.graphql.scoring.runs.types import CENT, ResultRunType
from jixiao.graphql.supervision.types import SupervisionSummary
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs.service import PERIOD_LABELS
from jixiao.supervision import dashboard as screen

PROGRESS_COUNTS = ("total", "reported", "verified", "scored", "green", "yellow", "red")


@strawberry.type(description="One unit's assignments of the quarter: progress and lights.")
class DashboardUnit:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    total: int = strawberry.field(
        description="Its assignments of the quarter that the viewer may see."
    )
    reported: int = strawberry.field(
        description="Of which the latest report was sent up (上报) or verified."
    )
    verified: int = strawberry.field(description="Of which the report was verified (已核实).")
    scored: int = strawberry.field(description="Of which a submitted score exists.")
    green: int = strawberry.field(description="Of which the light is green (正常).")
    yellow: int = strawberry.field(description="Of which the light is yellow (预警).")
    red: int = strawberry.field(description="Of which the light is red (滞后).")
    none: int = strawberry.field(description="Of which nothing is due yet (未到期).")


@strawberry.type(description="One quarter of the progress trend: counts of its board.")
class DashboardProgressPoint:
    period: str = strawberry.field(description="The quarter: `Q1`…`Q4`.")
    period_label: str = strawberry.field(description="The quarter in Chinese, e.g. 第一季度.")
    total: int = strawberry.field(description="Assignments of the quarter that the viewer may see.")
    reported: int = strawberry.field(
        description="Of which the latest report was sent up (上报) or verified."
    )
    verified: int = strawberry.field(description="Of which the report was verified (已核实).")
    scored: int = strawberry.field(description="Of which a submitted score exists.")
    green: int = strawberry.field(description="Of which the light is green (正常).")
    yellow: int = strawberry.field(description="Of which the light is yellow (预警).")
    red: int = strawberry.field(description="Of which the light is red (滞后).")


@strawberry.type(description="The totals of one period's shown run, over the units seen.")
class DashboardTotalsPoint:
    period: str = strawberry.field(description="`Q1`…`Q4` or `annual`.")
    period_label: str = strawberry.field(description="The period in Chinese, e.g. 第一季度, 全年.")
    units: int = strawberry.field(description="How many units' totals were counted.")
    mean: Decimal = strawberry.field(
        description="Mean of their totals, rounded half-up to 2 places."
    )
    highest: Decimal = strawberry.field(description="The highest total, to 2 places.")
    lowest: Decimal = strawberry.field(description="The lowest total, to 2 places.")


@strawberry.type(description="A unit in the ranking of the latest run.")
class DashboardRank:
    unit_name: str = strawberry.field(description="The unit's name.")
    unit_kind: UnitKind = strawberry.field(
        description="Departments and towns or subdistricts are ranked apart (总分排序)."
    )
    group_name: str = strawberry.field(description="Name of the unit's group (考评分组).")
    total: Decimal = strawberry.field(description="Its total score, to 2 places.")
    rank: int = strawberry.field(description="Rank within the group.")
    overall_rank: int = strawberry.field(
        description="Rank among all units of its kind class in the scheme (总分排序)."
    )
    grade: str | None = strawberry.field(
        description="Its grade (等次); null when the run has none for it (e.g. a quarter)."
    )


@strawberry.type(description="The leadership dashboard (数据大屏) of a scheme's quarter.")
class Dashboard:
    scheme_code: str = strawberry.field(
        description="The scheme shown: the one named, else the current one."
    )
    scheme_name: str = strawberry.field(description="The scheme's name.")
    year: int = strawberry.field(description="The scheme's appraisal year.")
    period: str = strawberry.field(
        description="The quarter shown: `Q1`…`Q4` (the one named, else the current one)."
    )
    period_label: str = strawberry.field(description="The quarter in Chinese, e.g. 第二季度.")
    summary: SupervisionSummary = strawberry.field(
        description="Counts of lights and stages of the quarter (as supervisionSummary)."
    )
    units: list[DashboardUnit] = strawberry.field(
        description="Each unit with assignments the viewer sees, by unit code."
    )
    progress_trend: list[DashboardProgressPoint] = strawberry.field(
        description="Each quarter of the scheme up to this one."
    )
    ranking_run: ResultRunType | None = strawberry.field(
        description="The run ranked: this quarter's, else the latest earlier one's, else the "
        "year's; null without result:read or without a run to show."
    )
    ranking: list[DashboardRank] = strawberry.field(description="First units by overall rank.")
    totals_trend: list[DashboardTotalsPoint] = strawberry.field(
        description="Mean, highest and lowest total of each period's shown run."
    )
    refresh_seconds: int = strawberry.field(
        description="How often the portal asks again for the dashboard."
    )

    @classmethod
    def of(cls, found: screen.Dashboard) -> Dashboard:
        ranking = found.ranking
        return cls(
            scheme_code=found.scheme.code,
            scheme_name=found.scheme.name,
            year=found.scheme.year,
            period=found.period,
            period_label=period_name(found.period),
            summary=SupervisionSummary.of(found.board),
            units=[DashboardUnit(**vars(unit)) for unit in found.units],
            progress_trend=[
                DashboardProgressPoint(
                    period=point.period,
                    period_label=period_name(point.period),
                    **{name: point.counts.get(name, 0) for name in PROGRESS_COUNTS},
                )
                for point in found.progress_trend
            ],
            ranking_run=ResultRunType.of(ranking.run) if ranking else None,
            ranking=[
                DashboardRank(
                    unit_name=unit.unit_name,
                    unit_kind=UnitKind(unit.unit_kind),
                    group_name=unit.group_name,
                    total=unit.total.quantize(CENT),
                    rank=unit.rank,
                    overall_rank=unit.overall_rank,
                    grade=unit.grade,
                )
                for unit in (ranking.units if ranking else [])
            ],
            totals_trend=[
                DashboardTotalsPoint(
                    period=point.period.value,
                    period_label=PERIOD_LABELS[point.period],
                    units=point.units,
                    mean=point.mean,
                    highest=point.highest.quantize(CENT),
                    lowest=point.lowest.quantize(CENT),
                )
                for point in found.totals_trend
            ],
            refresh_seconds=found.refresh_seconds,
        )


@strawberry.type
class DashboardQueries:
    @strawberry.field(
        permission_classes=[requires(p.SUPERVISION_READ)],
        description="The leadership dashboard (数据大屏): a quarter's progress, lights, the "
        "latest ranking and trends; the current scheme and quarter unless named. Rankings "
        "and totals only for readers of results. Null when the tenant has no scheme.",
    )
    async def dashboard(
        self,
        info: Info,
        scheme_code: str | None = None,
        period: str | None = None,
        top: Annotated[
            int, strawberry.argument(description="How many units the ranking shows, 1–50.")
        ] = screen.TOP,
    ) -> Dashboard | None:
        subject = info.context.subject
        found = await info.context.read(
            lambda s: screen.dashboard(s, subject, scheme_code, period, top=top)
        )
        return Dashboard.of(found) if found else None
