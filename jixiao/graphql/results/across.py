"""Result queries across years (a unit in each year's scheme linked by copy) and across units
(one indicator over every unit of a period, with its distribution)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.results.loaders import result_scope
from jixiao.graphql.results.types import Period, ResultRunType, UnitResultType
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs import across
from jixiao.scoring.runs.distribution import Distribution

SchemeCode = Annotated[str, strawberry.argument(description="The scheme's code.")]


@strawberry.type(description="One year's scheme of the chain and the unit's published result.")
class UnitYearPoint:
    scheme_code: str
    scheme_name: str
    year: int
    run: ResultRunType | None = strawberry.field(
        description="The published annual run; null when the year has none published."
    )
    result: UnitResultType | None = strawberry.field(
        description="The unit's figures in it; null when it has none or the viewer may not "
        "see the unit."
    )


@strawberry.type(description="A leaf indicator of a run.")
class IndicatorOption:
    code: str
    name: str


@strawberry.type(description="One unit's score of the indicator in the run.")
class UnitIndicatorScore:
    unit_code: str
    unit_name: str
    group_name: str
    score: Decimal
    available: Decimal = strawberry.field(description="Full score (its periods summed).")
    status: str = strawberry.field(description="scored, missing or binding_failed.")


@strawberry.type(description="A bar of the histogram: low ≤ score < high (the last: ≤ high).")
class HistogramBin:
    low: Decimal
    high: Decimal
    count: int


@strawberry.type(description="How the scores spread (quartiles interpolated, exact).")
class ScoreDistribution:
    count: int
    minimum: Decimal
    first_quartile: Decimal
    median: Decimal
    third_quartile: Decimal
    maximum: Decimal
    mean: Decimal
    histogram: list[HistogramBin]

    @classmethod
    def of(cls, found: Distribution) -> ScoreDistribution:
        return cls(
            count=found.count,
            minimum=found.minimum,
            first_quartile=found.first_quartile,
            median=found.median,
            third_quartile=found.third_quartile,
            maximum=found.maximum,
            mean=found.mean,
            histogram=[HistogramBin(low=b.low, high=b.high, count=b.count) for b in found.bins],
        )


@strawberry.type(description="One indicator across the units of a period's shown run.")
class IndicatorSpread:
    run: ResultRunType
    indicators: list[IndicatorOption] = strawberry.field(
        description="The run's leaf indicators, to choose from."
    )
    indicator_code: str
    indicator_name: str
    units: list[UnitIndicatorScore] = strawberry.field(description="Highest score first.")
    distribution: ScoreDistribution | None


@strawberry.type
class AcrossQueries:
    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="A unit's published annual result in each year's scheme linked to this "
        "one by copy (copied from last year's), oldest year first.",
    )
    async def unit_across_years(
        self, info: Info, scheme_code: SchemeCode, unit_code: str
    ) -> list[UnitYearPoint]:
        scope = result_scope(info)
        found = await info.context.read(
            lambda s: across.unit_across_years(s, scope, scheme_code, unit_code)
        )
        return [
            UnitYearPoint(
                scheme_code=point.scheme.code,
                scheme_name=point.scheme.name,
                year=point.scheme.year,
                run=ResultRunType(view=point.run) if point.run else None,
                result=UnitResultType.of(point.unit, point.run.run)
                if point.run and point.unit
                else None,
            )
            for point in found
        ]

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="One leaf indicator (the run's first unless named) across the units of "
        "the run shown for a period, with the distribution of their scores; units' users "
        "see their own units only. Null when there is no run to show.",
    )
    async def indicator_across_units(
        self,
        info: Info,
        scheme_code: SchemeCode,
        period: Period = Period.ANNUAL,
        indicator_code: str | None = None,
    ) -> IndicatorSpread | None:
        scope = result_scope(info)
        found = await info.context.read(
            lambda s: across.indicator_across_units(s, scope, scheme_code, period, indicator_code)
        )
        if found is None:
            return None
        return IndicatorSpread(
            run=ResultRunType(view=found.run),
            indicators=[IndicatorOption(code=i.code, name=i.name) for i in found.indicators],
            indicator_code=found.indicator.code,
            indicator_name=found.indicator.name,
            units=[
                UnitIndicatorScore(
                    unit_code=row.unit.unit_code,
                    unit_name=row.unit.unit_name,
                    group_name=row.unit.group_name,
                    score=row.score,
                    available=row.available,
                    status=row.status,
                )
                for row in found.units
            ],
            distribution=ScoreDistribution.of(found.distribution) if found.distribution else None,
        )
