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

    @strawberry.field(description="The scorer code (username or unit code); null for none.")
    def scorer(self) -> str | None:
        return self.model.scorer or None

    @strawberry.field(description="Who the scorer code names (manual indicators).")
    async def scorer_name(self, info: Info) -> str | None:
        return await scorer_name(info, self.model.scorer)

    @strawberry.field(description="Points the scorer gave (manual indicators).")
    def value(self) -> Decimal | None:
        return self.model.value

    @strawberry.field(description="The scorer's reason for less than full points, if any.")
    def reason(self) -> str | None:
        return self.model.reason or None

    @strawberry.field(description="The actual value (ratio and linear methods).")
    def actual(self) -> Decimal | None:
        return self.model.actual

    @strawberry.field(description="Whether it was met (pass_fail and binding indicators).")
    def met(self) -> bool | None:
        return self.model.met

    @strawberry.field(description="Incidents counted (deduction method).")
    def incidents(self) -> int | None:
        return self.model.incidents

    @strawberry.field(description="The rank placed (rank method).")
    def rank(self) -> int | None:
        return self.model.rank

    @strawberry.field(description="When it was entered or imported.")
    def entered_at(self) -> datetime:
        return self.model.entered_at

    @strawberry.field(description="Who entered it (name); null for an import.")
    def entered_by(self) -> str | None:
        return self.model.entered_by


@strawberry.type(description="Drill-down: one indicator of a unit in one period, exact.")
class IndicatorLine:
    model: strawberry.Private[ResultLine]
    scheme_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The leaf indicator's code.")
    def indicator_code(self) -> str:
        return self.model.indicator_code

    @strawberry.field(description="The leaf indicator's name.")
    def indicator_name(self) -> str:
        return self.model.indicator_name

    @strawberry.field(description="The quarter the line scores: `Q1`…`Q4`.")
    def period(self) -> str:
        return self.model.period

    @strawberry.field(description="Points available: points × the period's share.")
    def available(self) -> Decimal:
        return self.model.available

    @strawberry.field(description="The score counted (0 when missing or a binding failed).")
    def score(self) -> Decimal:
        return self.model.score

    @strawberry.field(description="The score the method gave before the binding rule.")
    def raw_score(self) -> Decimal | None:
        return self.model.raw_score

    @strawberry.field(description="scored, missing or binding_failed.")
    def status(self) -> str:
        return self.model.status

    @strawberry.field(description="The stored score entries this line was computed from.")
    async def source_scores(self, info: Info) -> list[SourceScore]:
        key = (self.scheme_id, self.model.unit_code, self.model.indicator_code, self.model.period)
        rows = await info.context.loaders_of(ResultLoaders).scores.load(key)
        return [SourceScore(model=row) for row in rows]
