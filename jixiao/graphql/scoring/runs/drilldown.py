"""GraphQL types of the drill-down: a unit's indicator lines and the scores behind them."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.scoring.entry.scorers import scorer_name
from jixiao.graphql.scoring.runs.loaders import ResultLoaders
from jixiao.scoring.models import Score
from jixiao.scoring.runs.models import ResultLine


@strawberry.type(description="A stored score entry behind a drill-down line (赋分).")
class SourceScore:
    model: strawberry.Private[Score]
    scorer: str | None = strawberry.field(
        description="The scorer code (username or unit code); null for none."
    )

    # A relation declared in place (`resolver=`): its field keeps its place in the schema.
    async def _scorer_name(self, info: Info) -> str | None:
        return await scorer_name(info, self.model.scorer)

    scorer_name: str | None = strawberry.field(
        resolver=_scorer_name, description="Who the scorer code names (manual indicators)."
    )
    value: Decimal | None = strawberry.field(
        description="Points the scorer gave (manual indicators)."
    )
    reason: str | None = strawberry.field(
        description="The scorer's reason for less than full points, if any."
    )
    actual: Decimal | None = strawberry.field(
        description="The actual value (ratio and linear methods)."
    )
    met: bool | None = strawberry.field(
        description="Whether it was met (pass_fail and binding indicators)."
    )
    incidents: int | None = strawberry.field(description="Incidents counted (deduction method).")
    rank: int | None = strawberry.field(description="The rank placed (rank method).")
    entered_at: datetime = strawberry.field(description="When it was entered or imported.")
    entered_by: str | None = strawberry.field(
        description="Who entered it (name); null for an import."
    )

    @classmethod
    def of(cls, row: Score) -> SourceScore:
        return cls(
            model=row,
            scorer=row.scorer or None,
            value=row.value,
            reason=row.reason or None,
            actual=row.actual,
            met=row.met,
            incidents=row.incidents,
            rank=row.rank,
            entered_at=row.entered_at,
            entered_by=row.entered_by,
        )


@strawberry.type(description="Drill-down: one indicator of a unit in one period, exact.")
class IndicatorLine:
    model: strawberry.Private[ResultLine]
    scheme_id: strawberry.Private[uuid.UUID]
    indicator_code: str = strawberry.field(description="The leaf indicator's code.")
    indicator_name: str = strawberry.field(description="The leaf indicator's name.")
    period: str = strawberry.field(description="The quarter the line scores: `Q1`…`Q4`.")
    available: Decimal = strawberry.field(
        description="Points available: points × the period's share."
    )
    score: Decimal = strawberry.field(
        description="The score counted (0 when missing or a binding failed)."
    )
    raw_score: Decimal | None = strawberry.field(
        description="The score the method gave before the binding rule."
    )
    status: str = strawberry.field(description="scored, missing or binding_failed.")

    @classmethod
    def of(cls, row: ResultLine, scheme_id: uuid.UUID) -> IndicatorLine:
        return cls(
            model=row,
            scheme_id=scheme_id,
            indicator_code=row.indicator_code,
            indicator_name=row.indicator_name,
            period=row.period,
            available=row.available,
            score=row.score,
            raw_score=row.raw_score,
            status=row.status,
        )

    @strawberry.field(description="The stored score entries this line was computed from.")
    async def source_scores(self, info: Info) -> list[SourceScore]:
        key = (self.scheme_id, self.model.unit_code, self.model.indicator_code, self.model.period)
        rows = await info.context.loaders_of(ResultLoaders).scores.load(key)
        return [SourceScore.of(row) for row in rows]
