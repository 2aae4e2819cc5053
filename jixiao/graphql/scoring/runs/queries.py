"""Result queries: runs and history, rankings, a unit's drill-down and trend, bonus table."""

from __future__ import annotations

import base64
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection, from_global_id
from jixiao.graphql.scoring.runs.loaders import result_scope
from jixiao.graphql.scoring.runs.types import (
    BonusRow,
    BonusTable,
    Period,
    Rankings,
    ResultRunConnection,
    ResultRunType,
    UnitResultType,
    UnitTrendPoint,
)
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs import bonus, queries
from jixiao.scoring.runs.queries import Ranking, UnitView

SchemeCode = Annotated[str, strawberry.argument(description="The scheme's code.")]


def _unit(view: UnitView) -> UnitResultType:
    return UnitResultType.of(view.unit, view.run.run)


def _rankings(found: Ranking | None) -> Rankings | None:
    if found is None:
        return None
    return Rankings(
        run=ResultRunType.of(found.run),
        units=[UnitResultType.of(row, found.run.run) for row in found.units],
    )


@strawberry.type
class ResultQueries:
    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="A scheme's result runs, oldest first: status and history.",
    )
    async def result_runs(
        self,
        info: Info,
        scheme_code: SchemeCode,
        period: Period | None = None,
        include_superseded_drafts: Annotated[
            bool,
            strawberry.argument(description="Also the drafts a newer computation replaced."),
        ] = False,
        first: int | None = None,
        after: str | None = None,
    ) -> ResultRunConnection:
        scope = result_scope(info)

        def read(session: JixiaoSession) -> tuple[Page[queries.RunView], int]:
            page = queries.list_runs(
                session,
                scope,
                scheme_code,
                period=period,
                superseded_drafts=include_superseded_drafts,
                first=first,
                after=after,
            )
            return page, queries.superseded_draft_count(session, scope, scheme_code, period)

        page, folded = await info.context.read(read)
        found = connection(page, ResultRunType.of, after=after)
        return ResultRunConnection(
            edges=found.edges, page_info=found.page_info, superseded_drafts=folded
        )

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="Units with ranks, grades and totals of a run: the one asked for, else the "
        "newest computation for the office (result:compute), the newest published run for others.",
    )
    async def rankings(
        self,
        info: Info,
        scheme_code: SchemeCode,
        period: Period = Period.ANNUAL,
        group_code: str | None = None,
        run_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="A run of the history.")
        ] = None,
    ) -> Rankings | None:
        scope = result_scope(info)
        wanted = from_global_id(run_id, "ResultRun", field="runId") if run_id else None
        found = await info.context.read(
            lambda s: queries.rankings(
                s, scope, scheme_code, period, group_code=group_code, run_id=wanted
            )
        )
        return _rankings(found)

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="One unit's figures, drill-down to each indicator and its source scores.",
    )
    async def unit_result(
        self, info: Info, scheme_code: SchemeCode, unit_code: str, period: Period = Period.ANNUAL
    ) -> UnitResultType | None:
        scope = result_scope(info)
        found = await info.context.read(
            lambda s: queries.unit_result(s, scope, scheme_code, period, unit_code)
        )
        return _unit(found) if found else None

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="A unit across Q1..Q4 and the year.",
    )
    async def unit_trend(
        self, info: Info, scheme_code: SchemeCode, unit_code: str
    ) -> list[UnitTrendPoint]:
        scope = result_scope(info)
        points = await info.context.read(
            lambda s: queries.unit_trend(s, scope, scheme_code, unit_code)
        )
        return [
            UnitTrendPoint(period=v.run.run.period, run=ResultRunType.of(v.run), result=_unit(v))
            for v in points
        ]

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="Some units side by side in one period.",
    )
    async def compare_units(
        self,
        info: Info,
        scheme_code: SchemeCode,
        unit_codes: list[str],
        period: Period = Period.ANNUAL,
    ) -> Rankings | None:
        scope = result_scope(info)
        found = await info.context.read(
            lambda s: queries.compare_units(s, scope, scheme_code, period, unit_codes)
        )
        return _rankings(found)

    @strawberry.field(
        permission_classes=[requires(p.BONUS_READ)],
        description="The bonus table (绩效奖金表) of the published annual result.",
    )
    async def bonus_table(self, info: Info, scheme_code: SchemeCode) -> BonusTable:
        scope = result_scope(info)
        table = await info.context.read(lambda s: bonus.bonus_table(s, scope, scheme_code))
        return BonusTable(
            run=ResultRunType.of(table.run),
            rows=[
                BonusRow(
                    unit_code=row.unit_code,
                    unit_name=row.unit_name,
                    group_code=row.group_code,
                    group_name=row.group_name,
                    headcount=row.headcount,
                    total=row.total,
                    rank=row.rank,
                    grade=row.grade,
                    base_per_head=row.base_per_head,
                    coefficient=row.bonus_coefficient,
                    amount=row.bonus_amount,
                    flags=list(row.flags),
                )
                for row in table.rows
            ],
            total=table.total,
        )

    @strawberry.field(
        permission_classes=[requires(p.BONUS_READ)],
        description="The bonus table as an Excel workbook (.xlsx), base64-encoded.",
    )
    async def bonus_table_excel(self, info: Info, scheme_code: SchemeCode) -> str:
        scope = result_scope(info)
        content = await info.context.read(
            lambda s: bonus.workbook_bytes(bonus.bonus_table(s, scope, scheme_code))
        )
        return base64.b64encode(content).decode("ascii")
